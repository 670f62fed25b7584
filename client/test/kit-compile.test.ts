/**
 * The kit compiles as the extension builds: its folder (client/src with its subfolders) copied into `src/sync/` of a
 * project with the extension's compiler settings (plain tsc: ES2020, CommonJS, strict, esModuleInterop, skipLibCheck, rootDir
 * ./src, no allowJs), our own minimal `vscode` type surface, and the guide's two lines in `extension.ts`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";

const FIXTURE = path.resolve(__dirname, "kit-fixture");
const KIT_DIR = path.resolve(__dirname, "../src");
/** The kit's files, relative to client/src (the folders are copied as they are). */
const KIT = (fs.readdirSync(KIT_DIR, { recursive: true }) as string[]).filter((file) => file.endsWith(".ts"));

function compile(mutate?: (dir: string) => void): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kit-"));
  fs.cpSync(path.join(FIXTURE, "src"), path.join(dir, "src"), { recursive: true });
  fs.cpSync(KIT_DIR, path.join(dir, "src", "sync"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  fs.cpSync(path.join(FIXTURE, "vscode"), path.join(dir, "node_modules", "@types", "vscode"), { recursive: true });
  mutate?.(dir);
  const files = ts.sys.readDirectory(path.join(dir, "src"), [".ts"]);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    outDir: path.join(dir, "dist"),
    rootDir: path.join(dir, "src"),
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    typeRoots: [path.join(dir, "node_modules", "@types"), path.resolve(__dirname, "../../node_modules/@types")],
    types: ["vscode", "node"],
  });
  const emitted = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length === 0) {
    // plain tsc emits what ships: the kit's JavaScript sits beside the extension's
    for (const file of KIT) expect(fs.existsSync(path.join(dir, "dist", "sync", file.replace(/\.ts$/, ".js")))).toBe(true);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return problems;
}

test("the kit and the guide's two lines compile under the extension's settings, and plain tsc emits the kit", () => {
  expect(compile()).toEqual([]);
}, 60_000);

test("the compile test can fail: a tracker without getStats is refused", () => {
  const problems = compile((dir) => {
    const file = path.join(dir, "src", "engine", "gamification.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("getStats(): MeditationStats", "getStatz(): MeditationStats"));
  });
  expect(problems.join("\n")).toMatch(/getStats/);
}, 60_000);
