/**
 * functions/package-lock.json — what Cloud Build installs the deployed functions from — is in step with the
 * workspace lock the tests run on (scripts/functions-lock.js derives one from the other).
 */
import fs from "node:fs";
import path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script or a library module with no types, loaded as it ships
const { deriveFunctionsLock, expectedText, render } = require("../../../scripts/functions-lock.js");

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
type Lock = { packages: Record<string, Record<string, unknown>> };
const FLAGS = ["dev", "optional", "devOptional", "peer"];
const withoutFlags = (entry: Record<string, unknown>) => Object.fromEntries(Object.entries(entry).filter(([key]) => !FLAGS.includes(key)));

test("the committed functions/package-lock.json is exactly the one derived from package-lock.json (else: npm run lock:functions)", () => {
  expect(fs.readFileSync(path.join(ROOT, "functions/package-lock.json"), "utf8")).toBe(expectedText(ROOT));
});

test("every package it holds is the workspace lock's, at the same version and integrity; its root is functions/package.json", () => {
  const workspace = read("package-lock.json") as Lock;
  const functions = read("functions/package-lock.json") as Lock;
  const manifest = read("functions/package.json");
  expect(functions.packages[""]).toMatchObject({ name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies });
  for (const [location, entry] of Object.entries(functions.packages)) {
    if (location === "") continue;
    expect(withoutFlags(entry)).toEqual(withoutFlags(workspace.packages[location]));
  }
  for (const name of Object.keys(manifest.dependencies)) expect(functions.packages[`node_modules/${name}`]).toBeDefined();
  // Only the build's own tools are left out of a production install.
  const dev = Object.entries(functions.packages).filter(([, entry]) => entry.dev).map(([location]) => location);
  expect(dev).toEqual(["node_modules/typescript"]);
});

test("drift is caught: a version moved in the workspace lock no longer matches the committed file", () => {
  const workspace = read("package-lock.json") as Lock;
  const moved = structuredClone(workspace);
  moved.packages["node_modules/express"] = { ...moved.packages["node_modules/express"], version: "5.9.9" };
  expect(render(deriveFunctionsLock(moved))).not.toBe(fs.readFileSync(path.join(ROOT, "functions/package-lock.json"), "utf8"));
  const added = structuredClone(workspace) as Lock & { packages: Record<string, { dependencies?: Record<string, string> }> };
  added.packages.functions.dependencies = { ...added.packages.functions.dependencies, "left-pad": "^1.3.0" };
  expect(() => deriveFunctionsLock(added)).toThrow(/left-pad/);
});
