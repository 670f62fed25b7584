#!/usr/bin/env node
/**
 * Generates the client kit's wire types (client/src/generated/wire.ts) from the OpenAPI document the API
 * serves, which the route table builds from the same zod schemas that validate requests and check responses. So
 * the client keeps zero runtime dependencies and cannot drift from the server: `npm run gen:client-types` after
 * changing the API; a test fails when the committed file is stale.
 *
 * A small JSON Schema → TypeScript translation for what our schemas use: objects (required or optional
 * properties, records), arrays, strings, string enums and constants, numbers, integers, booleans, nulls, unions.
 * Any other shape stops the generation with an error naming the schema and the keyword.
 *
 * Why not openapi-typescript (a maintained generator): we tried 7.13 on our document — its output compiles under
 * the kit's settings and the kit's type names can be kept as aliases — but it is ESM-only and asynchronous, while
 * this module's synchronous `generate(doc)` is what the kit's own test (client/test/wire-types.test.ts) checks, and
 * it emits ~940 lines (every path and error response) for the maintainer to copy instead of ~200. See
 * docs/architecture.md, "Wire types".
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "client/src/generated/wire.ts");

function openApiFromBuild() {
  const { buildOpenApi } = require(path.join(ROOT, "functions/lib/ops/openapi.js"));
  const { apiRoutes } = require(path.join(ROOT, "functions/lib/app.js"));
  const { createContext } = require(path.join(ROOT, "functions/lib/context.js"));
  const { testConfig } = require(path.join(ROOT, "functions/lib/config.js"));
  return buildOpenApi("wire", apiRoutes(createContext({ config: testConfig() })));
}

/** Names that would shadow a global in the generated module. */
const RENAMED = { Error: "ErrorBody" };
const nameOf = (name) => RENAMED[name] || name;

const indent = (text, by) => text.replace(/\n/g, `\n${" ".repeat(by)}`);
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** Keywords that constrain or document a value without changing its TypeScript type. */
const CONSTRAINTS = new Set([
  "$schema", "description", "default", "title", "examples", "deprecated", "readOnly", "writeOnly", "format",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
  // Record keys are strings in TypeScript whatever their pattern.
  "propertyNames",
  // A named bound (sync.schema): emitted as a constant by boundsOf, no part of the type.
  "x-bound",
]);
/** Keywords this generator turns into types. */
const SHAPES = new Set(["type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "oneOf", "$ref"]);

/**
 * A schema shape this generator does not translate is an error naming where it is, never a silent `unknown`
 * (the empty schema `{}`, "any JSON value", is the one shape that is `unknown` on purpose).
 */
function unsupported(where, what) {
  throw new Error(`gen-client-types: ${where}: ${what} — extend scripts/gen-client-types.js to translate it`);
}

function typeOf(schema, where = "(root)") {
  if (schema === undefined || schema === null || typeof schema !== "object") unsupported(where, "no schema");
  for (const keyword of Object.keys(schema)) {
    if (!SHAPES.has(keyword) && !CONSTRAINTS.has(keyword)) unsupported(where, `the keyword "${keyword}"`);
  }
  if (Object.keys(schema).every((k) => CONSTRAINTS.has(k))) return "unknown";
  if (schema.$ref) return nameOf(schema.$ref.split("/").pop());
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.anyOf || schema.oneOf) return (schema.anyOf || schema.oneOf).map((s, i) => typeOf(s, `${where}|${i}`)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.map((t) => typeOf({ ...schema, type: t }, where)).join(" | ");
  switch (schema.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      if (!("items" in schema)) unsupported(where, "an array without items");
      return `Array<${typeOf(schema.items, `${where}[]`)}>`;
    case "object":
      return objectType(schema, where);
    default:
      return unsupported(where, schema.type === undefined ? "a schema without a type" : `the type "${schema.type}"`);
  }
}

/**
 * The bounds the schemas name with `x-bound` (sync.schema's `.meta({ "x-bound": NAME })`): each becomes one
 * exported constant, its `maximum` (numbers), `maxItems` (lists) or `maxLength` (strings), so the kit clamps to the server's own numbers.
 * A name bound to two different values is an error in the schemas, not something to pick from.
 */
function boundsOf(doc) {
  const bounds = new Map();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const name = node["x-bound"];
    if (typeof name === "string") {
      const value = node.maximum ?? node.maxItems ?? node.maxLength;
      if (typeof value !== "number") throw new Error(`x-bound ${name} has no maximum, maxItems or maxLength`);
      if (bounds.has(name) && bounds.get(name) !== value) throw new Error(`x-bound ${name} is both ${bounds.get(name)} and ${value}`);
      bounds.set(name, value);
    }
    Object.values(node).forEach(visit);
  };
  visit(doc.components.schemas);
  return [...bounds.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function objectType(schema, where) {
  const properties = Object.entries(schema.properties || {});
  if (properties.length === 0) {
    if (schema.additionalProperties === undefined || schema.additionalProperties === true) return "Record<string, unknown>";
    if (schema.additionalProperties === false) return "Record<string, never>";
    return `Record<string, ${typeOf(schema.additionalProperties, `${where}{}`)}>`;
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    unsupported(where, "an object with both named and additional properties");
  }
  const required = new Set(schema.required || []);
  const lines = properties.map(([name, property]) => {
    const doc = property.description ? `/** ${property.description} */\n` : "";
    return `${doc}${key(name)}${required.has(name) ? "" : "?"}: ${typeOf(property, `${where}.${name}`)};`;
  });
  return `{\n  ${indent(lines.join("\n"), 2)}\n}`;
}

function generate(doc) {
  const out = [
    "// Generated by scripts/gen-client-types.js from the API's OpenAPI document (the route table's schemas).",
    "// Do not edit: run `npm run gen:client-types` after changing the API. Part of the client kit: copy it too.",
    "",
  ];
  const bounds = boundsOf(doc);
  if (bounds.length > 0) {
    out.push("/** The server's bounds on what a client sends (each the `maximum`, `maxItems` or `maxLength` of its `x-bound` schemas). */");
    for (const [name, value] of bounds) out.push(`export const ${name} = ${value};`);
    out.push("");
  }
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const type = typeOf(schema, name);
    out.push(type.startsWith("{") ? `export interface ${nameOf(name)} ${type}` : `export type ${nameOf(name)} = ${type};`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

if (require.main === module) {
  fs.writeFileSync(OUT, generate(openApiFromBuild()));
  console.log(`${path.relative(ROOT, OUT)} written`);
}

module.exports = { generate, boundsOf, openApiFromBuild, OUT };
