/**
 * Request bodies the OpenAPI document allows are accepted by the route's own zod schema, apart from the rules the
 * document cannot state as JSON Schema keywords (listed below, by their message, each a known gap). Bodies are
 * generated from the document alone, for the keywords the body schemas use; another keyword fails the test.
 */
import fc from "fast-check";
import { apiRoutes } from "../../src/app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { buildOpenApi } from "../../src/ops/openapi";

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
};

const routes = apiRoutes(createContext({ config: testConfig(), db: () => { throw new Error("no datastore in this test"); } }));
type Operation = { requestBody?: { content: { "application/json": { schema: JsonSchema } } } };
const doc = buildOpenApi("test", routes) as { paths: Record<string, Record<string, Operation>> };

/**
 * Rules the server enforces that the document states in no keyword: a day in the extension's toDateString() form
 * whose weekday agrees, an instant Date.parse reads, no two curated challenges of one type. A refusal with any
 * other message is a constraint the document fails to state.
 */
const UNSTATED = new Set(["is not a date", "is not a date-time", "no two challenges of the same type"]);

const day = fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === "date") return day;
  if (s.format) throw new Error(`no generator for format ${s.format}`);
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((t) => t.length <= (s.maxLength ?? Infinity));
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 20) });
}

function arbitraryOf(s: JsonSchema): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case "object":
      return fc.record(Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, arbitraryOf(v)])), { requiredKeys: s.required ?? [] });
    case "array":
      return fc.array(arbitraryOf(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case "string":
      return stringOf(s);
    case "integer":
      return fc.integer({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9 });
    case "number":
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case "boolean":
      return fc.boolean();
    default:
      throw new Error(`no generator for ${JSON.stringify(s).slice(0, 120)}`);
  }
}

const withBody = routes.filter((r) => r.body).map((r) => ({ name: `${r.method} ${r.path}`, route: r, schema: doc.paths[r.path.replace(/:([A-Za-z]+)/g, "{$1}")][r.method].requestBody?.content["application/json"].schema }));

test("every route with a body documents it", () => {
  expect(withBody.filter((b) => !b.schema).map((b) => b.name)).toEqual([]);
  expect(withBody.length).toBeGreaterThan(2);
});

test.each(withBody)("$name: a body the document allows is refused only by a rule listed as unstated", ({ route, schema }) => {
  fc.assert(
    fc.property(arbitraryOf(schema ?? {}), (body) => {
      const result = route.body!.safeParse(body);
      const stated = result.success ? [] : result.error.issues.filter((issue) => !UNSTATED.has(issue.message));
      expect([body, stated]).toEqual([body, []]);
    }),
    { seed: 27, numRuns: 150 },
  );
});
