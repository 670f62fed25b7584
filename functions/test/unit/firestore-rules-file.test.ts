/**
 * Always runs: checks that firestore.rules is well-formed and grants nothing. (Evaluating the rules needs the
 * official emulator; that suite is functions/test/rules/, run by `npm run test:rules`.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const source = readFileSync(path.resolve(__dirname, "../../../firestore.rules"), "utf8");
const code = source.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");

test("declares rules version 2 and the Firestore service", () => {
  expect(code).toMatch(/^\s*rules_version\s*=\s*'2'\s*;/);
  expect(code).toMatch(/service\s+cloud\.firestore\s*\{/);
  expect(code).toMatch(/match\s+\/databases\/\{database\}\/documents\s*\{/);
});

test("its braces balance and every block is a service or a match", () => {
  let depth = 0;
  const tokens = code.match(/[{}]|service\s+[\w.]+|match\s+\S+/g) ?? [];
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
  // nothing but blocks, rules_version and whitespace
  expect(code.replace(/rules_version\s*=\s*'2'\s*;/, "").replace(/service\s+[\w.]+|match\s+\S+|[{}\s]/g, "")).toBe("");
});

test("has no allow statement: every direct client read and write is denied", () => {
  expect(code).not.toMatch(/\ballow\b/);
});
