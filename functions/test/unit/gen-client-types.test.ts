/**
 * The wire-types generator (scripts/gen-client-types.js) refuses a schema shape it does not translate, naming the
 * schema and the keyword, instead of writing a silent `unknown` the kit would then compile against.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script without type declarations
const { generate } = require("../../../scripts/gen-client-types.js") as { generate(doc: unknown): string };

const one = (schema: object) => generate({ components: { schemas: { Thing: schema } } });

test.each([
  [{ allOf: [{ type: "string" }] }, /Thing: the keyword "allOf"/],
  [{ type: "object", properties: { n: { not: { type: "string" } } } }, /Thing\.n: the keyword "not"/],
  [{ type: "array" }, /Thing: an array without items/],
  [{ type: "array", items: { prefixItems: [] } }, /Thing\[\]: the keyword "prefixItems"/],
  [{ type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "number" } }, /both named and additional properties/],
  [{ minimum: 0, type: "bigint" }, /the type "bigint"/],
  [{ properties: { a: { type: "string" } } }, /a schema without a type/],
])("%j is an error, not `unknown`", (schema, message) => {
  expect(() => one(schema)).toThrow(message);
});

test("what our schemas use still translates; the empty schema (any JSON value) is `unknown` on purpose", () => {
  expect(one({})).toContain("export type Thing = unknown;");
  expect(one({ description: "anything" })).toContain("export type Thing = unknown;");
  expect(one({ type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "integer", minimum: 0 } })).toContain(
    "export type Thing = Record<string, number>;",
  );
  expect(one({ type: ["string", "null"], maxLength: 3 })).toContain("export type Thing = string | null;");
});
