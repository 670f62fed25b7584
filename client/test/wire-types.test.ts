/** The client's wire types are generated from the server's OpenAPI document; the committed file must be current. */
import fs from "node:fs";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is a CommonJS script, not a module of ours
const { generate, openApiFromBuild, OUT } = require("../../scripts/gen-client-types.js");

test("client/src/generated/wire.ts is what the route table generates (run `npm run gen:client-types`)", () => {
  expect(fs.readFileSync(OUT, "utf8")).toBe(generate(openApiFromBuild()));
});

test("the generator turns the schemas our routes use into TypeScript", () => {
  const doc = {
    components: {
      schemas: {
        Error: { type: "object", properties: { code: { type: "string", enum: ["a", "b"] } }, required: ["code"] },
        Thing: {
          type: "object",
          properties: {
            n: { type: "integer" },
            maybe: { type: ["string", "null"] },
            list: { type: "array", items: { $ref: "#/components/schemas/Error" } },
            bag: { type: "object", additionalProperties: {} },
            yes: { const: true },
          },
          required: ["n", "maybe", "list"],
        },
      },
    },
  };
  const text = generate(doc);
  expect(text).toContain('export interface ErrorBody {\n  code: "a" | "b";\n}');
  expect(text).toContain("  n: number;\n  maybe: string | null;\n  list: Array<ErrorBody>;\n  bag?: Record<string, unknown>;\n  yes?: true;");
});

test("the generator emits each bound the schemas name with x-bound as one constant", () => {
  const doc = {
    components: {
      schemas: {
        A: { type: "object", properties: { xp: { type: "integer", maximum: 10, "x-bound": "MAX_X" }, list: { type: "array", items: { type: "string" }, maxItems: 3, "x-bound": "MAX_LIST" } } },
        B: { type: "object", properties: { again: { type: "integer", maximum: 10, "x-bound": "MAX_X" } } },
      },
    },
  };
  expect(generate(doc)).toContain("export const MAX_LIST = 3;\nexport const MAX_X = 10;\n");
  const clash = { components: { schemas: { C: { type: "object", properties: { y: { type: "integer", maximum: 11, "x-bound": "MAX_X" } } }, ...doc.components.schemas } } };
  expect(() => generate(clash)).toThrow(/MAX_X is both/);
});

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is a CommonJS script, not a module of ours
const shared = require("../../scripts/gen-client-shared.js");

test("the kit's copy of the server's day parsing is current (run `npm run gen:client-types`)", () => {
  expect(fs.readFileSync(shared.DATES_OUT, "utf8")).toBe(shared.dates());
});

test("the kit's copy of the server's code rule is current (run `npm run gen:client-types`)", () => {
  expect(fs.readFileSync(shared.CODES_OUT, "utf8")).toBe(shared.codes());
});
