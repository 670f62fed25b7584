/**
 * The integration guide (docs/extension-integration.md) is true line by line: the maintainer's lines are counted
 * (code, package.json commands, setting scopes) and each count is what the guide's own blocks hold; the two lines in
 * `extension.ts` are the ones our compile test builds (client/test/kit-fixture); the command block is the kit's
 * commands, each with a category; the scope lines are one per user-only setting; every setting has its decision.
 */
import fs from "node:fs";
import path from "node:path";
import { COMMANDS, USER_ONLY_SETTINGS } from "../src";

const guide = fs.readFileSync(path.resolve(__dirname, "../../docs/extension-integration.md"), "utf8");
const fixture = fs.readFileSync(path.resolve(__dirname, "kit-fixture/src/vscode/extension.ts"), "utf8");
const engineFixture = fs.readFileSync(path.resolve(__dirname, "kit-fixture/src/engine/gamification.ts"), "utf8");

const blocks = (language: string) => [...guide.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1].trim());
const count = (pattern: RegExp) => Number(pattern.exec(guide)?.[1]);

test("extension.ts: the guide's two lines are the compile test's, placed where v0.3.5 has its tracker, with activate()'s parameter", () => {
  expect(count(/\| `src\/vscode\/extension\.ts` \| \*\*(\d+)\*\* \|/)).toBe(2);
  const lines = fixture.split("\n");
  const marked = lines.filter((line) => line.includes("// guide line")).map((line) => line.replace(/\s*\/\/ guide line \d$/, "").trim());
  expect(blocks("ts").slice(0, 2)).toEqual(marked);
  expect(marked[1]).toContain("extensionContext");
  // "right after <the tracker's line>": the line before the call in the fixture, quoted in the guide.
  const call = lines.findIndex((line) => line.includes("// guide line 2"));
  expect(guide).toContain(`right after\n\`${lines[call - 1].trim()}\``);
  expect(fixture).toMatch(/export async function activate\(extensionContext: vscode\.ExtensionContext\)/);
});

test("package.json: 10 command lines with a category, 3 scope lines, and the totals add up", () => {
  const [commands, scopes] = blocks("json").map((block) => block.split("\n"));
  const declared = JSON.parse(`[${commands.join("\n").replace(/,$/, "")}]`) as Array<{ command: string; title: string; category: string }>;
  expect(declared.map((c) => c.command).sort()).toEqual(Object.values(COMMANDS).sort());
  for (const command of declared) {
    expect(command.category).toBe("Breath Master");
    expect(command.title).not.toMatch(/Breath Master/);
  }
  expect(guide).toContain(`Paste these ${commands.length} into the existing \`contributes.commands\` array`);
  expect(scopes).toEqual(USER_ONLY_SETTINGS.map(() => '"scope": "application",'));
  for (const key of USER_ONLY_SETTINGS) expect(guide).toContain(`\`"breathMaster.${key}": {\``);
  expect(guide).toContain(`And add ${scopes.length} lines in \`contributes.configuration.properties\``);

  const packageLines = commands.length + scopes.length;
  expect(count(/## 3\. `package\.json`: (\d+) lines/)).toBe(packageLines);
  expect(count(/\| `package\.json` \| \*\*(\d+)\*\* added, 1 changed \|/)).toBe(packageLines);
  const replaceStats = blocks("ts")[2];
  expect(engineFixture).toContain(replaceStats.split("\n")[0]); // the block the fixture's engine carries
  expect(count(/## 4\. Optional engine addition: `MeditationTracker\.replaceStats` \((\d+) lines\)/)).toBe(replaceStats.split("\n").length);
  expect(guide).toContain(`So **${2 + packageLines} lines added and 1 changed** (${2 + packageLines + replaceStats.split("\n").length} added with \`replaceStats\`)`);
});

test("every setting the extension declares has its decision, and no snippet uses what the guide's line discards", () => {
  for (const setting of ["sync.enabled", "sync.endpoint", "sync.syncFrequency", "sync.syncSettings", "gamification.dataPrivacy", "leaderboard.enabled", "leaderboard.displayName", "leaderboard.showInStatusBar"]) {
    expect(guide).toContain(`| \`breathMaster.${setting}\` |`);
  }
  for (const key of USER_ONLY_SETTINGS) expect(guide).toMatch(new RegExp(`\\| \`breathMaster\\.${key.replace(".", "\\.")}\` \\| [^\\n]*\\*\\*the user's own setting only\\*\\*`));
  expect(guide).not.toMatch(/\bkit\.(client|syncNow|statusText)\b/);
});
