/**
 * The rate-limit classes are one table (functions/src/rate-classes.ts). What is derived from it cannot drift; what is
 * written by hand elsewhere — `.env.local`, docs/security.md's table — is checked against it here, and so is the
 * route table: a class no route declares is a leftover.
 */
import fs from "node:fs";
import path from "node:path";
import { apiRoutes } from "../../src/app";
import { loadConfig, testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { RATE_CLASS_IDS, RATE_CLASSES, type RateClassId } from "../../src/rate-classes";

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const perWindow = { minute: "MINUTE", hour: "HOUR" };

test("each class has its own param, named after its window", () => {
  const params = RATE_CLASS_IDS.map((id) => RATE_CLASSES[id].param);
  expect(new Set(params).size).toBe(params.length);
  for (const id of RATE_CLASS_IDS) {
    expect(RATE_CLASSES[id].param).toMatch(new RegExp(`^RATE_LIMIT_[A-Z_]+_PER_${perWindow[RATE_CLASSES[id].window]}$`));
  }
});

test("the config reads every class's param, and testConfig() has a (generous) limit for each", () => {
  const saved = { ...process.env };
  Object.assign(process.env, { ADMIN_API_KEY: "admin-key-0123456789abcdef", USER_ID_PEPPER: "pepper-secret-0123456789abcdef" });
  RATE_CLASS_IDS.forEach((id, i) => (process.env[RATE_CLASSES[id].param] = String(1000 + i)));
  try {
    const limits = loadConfig().rateLimits;
    expect(Object.keys(limits).sort()).toEqual([...RATE_CLASS_IDS].sort());
    RATE_CLASS_IDS.forEach((id, i) => expect(limits[id]).toBe(1000 + i));
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  }
  expect(Object.keys(testConfig().rateLimits).sort()).toEqual([...RATE_CLASS_IDS].sort());
});

test("functions/.env.local sets every class's param to its default, and no other RATE_LIMIT_*_PER_* param", () => {
  const lines = read("functions/.env.local").split("\n");
  const set = lines.filter((line) => /^RATE_LIMIT_\w+_PER_(MINUTE|HOUR)=/.test(line)).sort();
  expect(set).toEqual(RATE_CLASS_IDS.map((id) => `${RATE_CLASSES[id].param}=${RATE_CLASSES[id].default}`).sort());
});

test("docs/security.md's rate-limit table has one row per class, with its default and param", () => {
  const rows = read("docs/security.md")
    .split("\n")
    .filter((line) => /^\|.*`RATE_LIMIT_\w+_PER_(MINUTE|HOUR)`/.test(line));
  expect(rows).toHaveLength(RATE_CLASS_IDS.length);
  for (const id of RATE_CLASS_IDS) {
    const spec = RATE_CLASSES[id];
    expect(rows.filter((row) => row.includes(`| ${spec.default} / ${spec.window} | \`${spec.param}\` |`))).toHaveLength(1);
  }
});

test("every class a route may declare is declared by at least one route", () => {
  const routes = apiRoutes(createContext({ config: testConfig() }));
  const declared = new Set<RateClassId>(routes.flatMap((r) => (r.rateLimit ? [r.rateLimit] : [])));
  const countedByItsCode = (id: RateClassId) => "countedBy" in RATE_CLASSES[id];
  expect(RATE_CLASS_IDS.filter((id) => RATE_CLASSES[id].per !== "every-ip" && !countedByItsCode(id) && !declared.has(id))).toEqual([]);
  // A class its own code counts is declared by no route (RateClass forbids it) and names that code.
  for (const id of RATE_CLASS_IDS.filter(countedByItsCode)) {
    expect(declared.has(id)).toBe(false);
    const { countedBy } = RATE_CLASSES[id] as { countedBy: string };
    expect(fs.readFileSync(path.join(__dirname, "../../src", countedBy), "utf8")).toContain(`"${id}"`);
  }
  expect(RATE_CLASS_IDS.filter((id) => RATE_CLASSES[id].per === "every-ip")).toEqual(["requests-per-ip"]);
});
