/**
 * Always runs: checks that firestore.rules is well-formed and that no rule grants anything — the only `allow`
 * statements are the locked-mode `allow …: if false;`. (Evaluating the rules needs the official emulator; that
 * suite is functions/test/rules/, run by `npm run test:rules`.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const source = readFileSync(path.resolve(__dirname, "../../../firestore.rules"), "utf8");
const code = source.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
const ALLOW_STATEMENT = /\ballow\s+(?:read|write|get|list|create|update|delete)(?:\s*,\s*(?:read|write|get|list|create|update|delete))*\s*:\s*if\s+false\s*;/g;

test("declares rules version 2 and the Firestore service", () => {
  expect(code).toMatch(/^\s*rules_version\s*=\s*'2'\s*;/);
  expect(code).toMatch(/service\s+cloud\.firestore\s*\{/);
  expect(code).toMatch(/match\s+\/databases\/\{database\}\/documents\s*\{/);
});

test("its braces balance and every block is a service or a match", () => {
  let depth = 0;
  const tokens = code.replace(ALLOW_STATEMENT, "").match(/[{}]|service\s+[\w.]+|match\s+\S+/g) ?? [];
  const stack: string[] = [];
  for (const token of tokens) {
    if (token === "}") {
      expect(stack.length).toBeGreaterThan(0);
      stack.pop();
    } else if (token !== "{") {
      stack.push(token);
    }
    depth = Math.max(depth, stack.length);
  }
  expect(stack).toEqual([]);
  expect(depth).toBeGreaterThanOrEqual(2);
  // nothing but blocks, allow statements, rules_version and whitespace
  const rest = code.replace(/rules_version\s*=\s*'2'\s*;/, "").replace(ALLOW_STATEMENT, "");
  expect(rest.replace(/service\s+[\w.]+|match\s+\S+|[{}\s]/g, "")).toBe("");
});

test("no rule grants anything: every allow statement's condition is `false`", () => {
  const allows = code.match(/\ballow\b[^;]*;/g) ?? [];
  expect(allows.length).toBeGreaterThan(0);
  for (const statement of allows) expect(statement).toMatch(/^allow\s+[\w\s,]+:\s*if\s+false\s*;$/);
  expect(code.match(ALLOW_STATEMENT)).toHaveLength(allows.length);
});
