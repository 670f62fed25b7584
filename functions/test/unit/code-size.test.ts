/**
 * Small pieces (issue 19 item 2): no function in functions/src over 60 lines, no file over 300, so a merge rule or
 * a handler stays readable as named steps instead of growing branches.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const SRC = path.resolve(__dirname, "../../src");
const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 300;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

function longFunctions(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
      if (lines > MAX_FUNCTION_LINES) found.push(`${path.relative(SRC, file)}:${first + 1} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in functions/src is longer than ${MAX_FUNCTION_LINES} lines`, () => {
  expect(files(SRC).flatMap(longFunctions)).toEqual([]);
});

test(`no file in functions/src is longer than ${MAX_FILE_LINES} lines`, () => {
  const long = files(SRC)
    .map((file) => ({ file: path.relative(SRC, file), lines: fs.readFileSync(file, "utf8").split("\n").length }))
    .filter(({ lines }) => lines > MAX_FILE_LINES);
  expect(long).toEqual([]);
});
