/**
 * `npm run lint` (part of `npm test`) fails on what it is there to catch: a variable planted unused in a service
 * file, and a disable comment that does not say why. The real ESLint CLI runs with the repository's own config and
 * tsconfig, copied beside the planted file into a scratch directory (nothing is planted in the tree other tests
 * read, and the type-aware program stays small).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const ESLINT = path.join(ROOT, "node_modules/eslint/bin/eslint.js");

// The type-aware program takes a few seconds to build on a loaded machine; nothing here waits on a clock.
jest.setTimeout(120_000);

interface Linted {
  exitCode: number;
  messages: string[];
}

/** Lints `text` as functions/src/http/<name>.ts of a copy of the repository's lint setup. */
async function lintAsServiceFile(name: string, text: string): Promise<Linted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bms-lint-"));
  for (const file of ["eslint.config.mjs", "tsconfig.lint.json", "functions/tsconfig.json"]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const file = path.join(dir, "functions/src/http", `${name}.ts`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  try {
    return await new Promise<Linted>((resolve, reject) => {
      execFile(process.execPath, [ESLINT, "--format", "json", file], { cwd: dir }, (error, stdout) => {
        const exitCode = error ? Number((error as { code?: unknown }).code) : 0;
        if (exitCode !== 0 && exitCode !== 1) return reject(error ?? new Error(`eslint exited ${exitCode}`));
        const [result] = JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
        resolve({ exitCode, messages: result.messages.map((m) => `${m.ruleId}: ${m.message}`) });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CLEAN = `/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n`;

test("the lint passes a clean service file", async () => {
  expect(await lintAsServiceFile("clean", CLEAN)).toEqual({ exitCode: 0, messages: [] });
});

test("a planted unused variable and an unexplained disable comment fail it (exit 1, so npm test stops)", async () => {
  const planted = `${CLEAN}const plantedUnused = 42;\n// eslint-disable-next-line no-console\nconsole.log(add(1, 2));\n`;
  const linted = await lintAsServiceFile("planted", planted);
  expect(linted.exitCode).toBe(1);
  expect(linted.messages).toEqual(
    expect.arrayContaining([expect.stringMatching(/^@typescript-eslint\/no-unused-vars: 'plantedUnused'/), expect.stringMatching(/^bms\/disable-says-why/)]),
  );
});
