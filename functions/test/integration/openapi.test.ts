/** The OpenAPI document: valid OpenAPI 3.1, every route of the contract, generated from the validating schemas. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { createApp } from "../../src/app";
import { testConfig } from "../../src/config";

const ROOT = path.resolve(__dirname, "../../..");
// No datastore is needed to describe the API.
const app = createApp({ config: testConfig(), db: () => { throw new Error("no datastore in this test"); }, log: () => undefined });

let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  doc = (await request(app).get("/api/v1/openapi.json").expect(200)).body;
});

test("validates against the official OpenAPI 3.1 schema", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "openapi-")), "openapi.json");
  writeFileSync(file, JSON.stringify(doc));
  const out = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, "scripts/validate-openapi.mjs"), file], { cwd: ROOT, encoding: "utf8" }));
  expect(out.errors).toBeNull();
  expect(out).toMatchObject({ valid: true, version: "3.1" });
});

test.each([
  ["get", "/health"],
  ["post", "/sync"],
  ["get", "/leaderboard"],
  ["get", "/challenges/daily"],
  ["put", "/admin/challenges/{date}"],
  ["delete", "/admin/challenges/{date}"],
  ["post", "/pairing"],
  ["post", "/pairing/claim"],
  ["get", "/me/export"],
  ["delete", "/me"],
  ["post", "/admin/jobs/{job}"],
  ["get", "/openapi.json"],
])("lists %s %s", (method, route) => {
  expect(doc.paths[route]?.[method]).toBeDefined();
});

test("request schemas come from the zod schemas that validate requests", () => {
  const sync = (doc.paths["/sync"].post as any).requestBody.content["application/json"].schema;
  expect(sync.required).toEqual(["data"]);
  expect(sync.properties.data.properties.meditation.properties.totalXP).toMatchObject({ type: "integer", minimum: 0, maximum: 1_000_000_000, "x-bound": "MAX_TOTAL_XP" });
  expect(sync.properties.device.properties.earned.properties.xp).toMatchObject({ maximum: 10_000_000, "x-bound": "MAX_DEVICE_XP" });
  expect(sync.properties.device.properties.activeDays.maxItems).toBe(400);
  const limit = (doc.paths["/leaderboard"].get as any).parameters.find((p: { name: string }) => p.name === "limit");
  expect(limit.required).toBe(false);
});

test("docs/api.md is the rendering of this document (run `npm run docs:api` after changing the API)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { render } = require(path.join(ROOT, "scripts/render-api-docs.js"));
  expect(readFileSync(path.join(ROOT, "docs/api.md"), "utf8")).toBe(render(doc));
});
