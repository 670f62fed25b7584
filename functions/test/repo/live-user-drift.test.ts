/**
 * "A retired id gets 410" is a property of the caller kind (`LIVENESS`, http/identity.ts), applied by the route table
 * (or, for `sync-user`, by the sync transaction), and the user key is computed once per request by the route table.
 * This test fails when a route starts doing either by hand again, or when a documented 410 loses its check.
 */
import fs from "node:fs";
import path from "node:path";
import { apiRoutes } from "../../src/app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { LIVENESS } from "../../src/http/identity";
import { errorStatusesOf } from "../../src/http/route";

const SRC = path.resolve(__dirname, "../../src");
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [path.relative(SRC, full)] : [];
  });
const using = (pattern: RegExp) => sources(SRC).filter((file) => pattern.test(fs.readFileSync(path.join(SRC, file), "utf8")));

test("only the route table's directory (app.ts) computes a caller's key: routes read caller.userKey", () => {
  expect(using(/\buserKeyOf\(/)).toEqual(["app.ts", "users/user-keys.ts"]);
});

test("no route checks a retired id by hand: only stores do, inside the transactions that write the user's side", () => {
  const checking = using(/\b(isRetired|goneError)\(/);
  expect(checking.filter((file) => !/^users\/|\.store\.ts$/.test(file))).toEqual([]);
});

test("a route documents 410 exactly when its caller kind is live", () => {
  for (const r of apiRoutes(createContext({ config: testConfig() }))) {
    expect([`${r.method} ${r.path}`, errorStatusesOf(r).includes(410)]).toEqual([`${r.method} ${r.path}`, LIVENESS[r.caller] !== "none"]);
  }
});
