/**
 * The OpenAPI document states the constraints the server enforces on path and query parameters: every value the
 * document allows is accepted by the route's own zod schema (never refused for its shape), and values the document
 * refuses (out of bounds, off the pattern, not a real day, not in the enum) are refused. Values are generated from
 * the document, not from the zod schemas, and checked against the document by an independent reading of it.
 */
import fc from "fast-check";
import type { z } from "zod";
import { apiRoutes } from "../../src/app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { buildOpenApi } from "../../src/ops/openapi";

interface ParamSchema {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}
interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: ParamSchema;
}

const routes = apiRoutes(createContext({ config: testConfig(), db: () => { throw new Error("no datastore in this test"); } }));
const doc = buildOpenApi("test", routes) as { paths: Record<string, Record<string, { parameters?: Parameter[]; security?: object[] }>> };
const operationOf = (r: (typeof routes)[number]) => doc.paths[r.path.replace(/:([A-Za-z]+)/g, "{$1}")][r.method];

/** A real day by the calendar, read without the server's code: it survives a round trip through Date. */
const realDay = (text: string) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/** Whether the document allows this text for the parameter: an independent reading of the schema keywords used. */
function documentAllows(schema: ParamSchema, text: string): boolean {
  if (schema.enum) return schema.enum.includes(text);
  if (schema.type === "integer") {
    if (!/^-?\d+$/.test(text)) return false;
    const n = Number(text);
    return (schema.minimum === undefined || n >= schema.minimum) && (schema.maximum === undefined || n <= schema.maximum);
  }
  if (schema.type !== "string") return false;
  if (schema.pattern && !new RegExp(schema.pattern, "u").test(text)) return false;
  return schema.format !== "date" || realDay(text);
}

const MIN_DAY = new Date("0000-01-01T00:00:00Z");
const MAX_DAY = new Date("9999-12-31T00:00:00Z");

/** Texts the document allows, generated from the schema alone. A keyword it cannot generate for fails the test. */
function allowed(schema: ParamSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === "integer") return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 }).map(String);
  if (schema.format === "date") return fc.date({ min: MIN_DAY, max: MAX_DAY, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.type === "string" && schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  throw new Error(`no generator for ${JSON.stringify(schema)}: state the constraint in the document`);
}

/** Texts the document refuses, derived from the schema: just past each bound, off the pattern, not a real day. */
function refused(schema: ParamSchema): string[] {
  if (schema.enum) return ["", `${schema.enum[0]}x`, schema.enum[0].toUpperCase()];
  if (schema.type === "integer") {
    const max = schema.maximum ?? 0;
    return [String((schema.minimum ?? 0) - 1), String(max + 1), String(max * 10 - 1), "1.5", "x", ""];
  }
  const texts = ["", "!", "x".repeat(30)];
  return schema.format === "date" ? [...texts, "2026-02-30", "2025-02-29", "2026-13-01", "2026-1-05", "20260105"] : texts;
}

const parametrised = routes.flatMap((r) =>
  (["params", "query"] as const).flatMap((part) => {
    const schema = r[part] as z.ZodType | undefined;
    const where = part === "params" ? "path" : "query";
    const parameters = (operationOf(r).parameters ?? []).filter((p) => p.in === where);
    return schema ? [{ name: `${r.method} ${r.path} ${where}`, schema, parameters }] : [];
  }),
);

/** A whole set of parameters the document allows: required ones always, optional ones sometimes. */
const allowedSet = (parameters: Parameter[]) =>
  fc.record(Object.fromEntries(parameters.map((p) => [p.name, allowed(p.schema)])), {
    requiredKeys: parameters.filter((p) => p.required).map((p) => p.name),
  }) as fc.Arbitrary<Record<string, string>>;

test("every route with path or query parameters is covered, and each parameter is documented", () => {
  expect(parametrised.map((p) => p.name)).toEqual(expect.arrayContaining(["get /leaderboard query", "get /challenges/daily query", "put /admin/challenges/:date path"]));
  for (const { parameters } of parametrised) expect(parameters.length).toBeGreaterThan(0);
});

test.each(parametrised)("$name: a set of values the document allows is never refused for its shape", ({ schema, parameters }) => {
  fc.assert(
    fc.property(allowedSet(parameters), (values) => {
      for (const p of parameters) if (p.name in values) expect([p.name, values[p.name], documentAllows(p.schema, values[p.name])]).toEqual([p.name, values[p.name], true]);
      const result = schema.safeParse(values);
      expect([values, result.success ? [] : result.error.issues]).toEqual([values, []]);
    }),
    { seed: 27, numRuns: 300 },
  );
});

/** Names the handler looks up and answers 404 for when unknown (a missing resource, not a malformed request). */
const LOOKED_UP = new Set(["post /admin/jobs/:job path job"]);

test("a name the handler looks up is declared with its 404", () => {
  for (const key of LOOKED_UP) {
    const r = routes.find((route) => key.startsWith(`${route.method} ${route.path} `));
    expect(r?.errors).toContain(404);
  }
});

test.each(parametrised)("$name: a value the document refuses is refused", ({ name, schema, parameters }) => {
  fc.assert(
    fc.property(allowedSet(parameters), fc.constantFrom(...parameters), (values, p) => {
      for (const text of refused(p.schema)) {
        expect([p.name, text, documentAllows(p.schema, text)]).toEqual([p.name, text, false]);
        if (LOOKED_UP.has(`${name} ${p.name}`)) continue;
        expect([p.name, text, schema.safeParse({ ...values, [p.name]: text }).success]).toEqual([p.name, text, false]);
      }
    }),
    { seed: 27, numRuns: 50 },
  );
});

test("the document states the constraints issue 27 found missing: real days, bounded limit, enums", () => {
  const query = (path: string) => doc.paths[path].get.parameters ?? [];
  expect(query("/leaderboard").find((p) => p.name === "limit")?.schema).toEqual({ type: "integer", minimum: 1, maximum: 100, default: 10 });
  expect(query("/leaderboard").find((p) => p.name === "period")?.schema.enum).toEqual(["daily", "weekly", "monthly"]);
  expect(query("/challenges/daily").find((p) => p.name === "date")?.schema).toMatchObject({ type: "string", format: "date", pattern: expect.any(String) });
});

test("a caller kind that needs a header requires it: no anonymous alternative in the operation's security", () => {
  const needs: Record<string, string> = { user: "userId", admin: "adminKey" };
  for (const r of routes.filter((route) => route.caller in needs)) {
    expect([r.method, r.path, operationOf(r).security]).toEqual([r.method, r.path, [{ [needs[r.caller]]: [] }]]);
  }
});
