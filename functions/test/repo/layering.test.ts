/**
 * The import graph of functions/src: no circles, and no arrow from a lower layer to a higher one. The layers,
 * lowest first (docs/architecture.md, "Layers"):
 *   domain/, util/ → errors, config → firestore, http/ → context → users/ → pairing/, audit/ → sync/, leaderboard/,
 *   challenges/, circles/, account/, moderation/ → ops/ → app, server, index
 * and a few arrows that are fixed by name: only the job table (ops/jobs.ts) imports a `*.job.ts` (request-time
 * loaders live in the feature's `*.loader.ts` or store), and a user's document keys are built in users/ only.
 */
import fs from "node:fs";
import path from "node:path";
import { importCircles, upwardImports } from "../helpers/import-graph";

const SRC = path.resolve(__dirname, "../../src");
const LAYERS: Array<[number, RegExp]> = [
  [0, /^(domain|util)\//],
  [1, /^(errors|config|rate-classes)\.ts$/],
  // http/ takes what it needs as arguments: it never reaches up to the app context.
  [2, /^firestore\.ts$|^http\//],
  [3, /^context\.ts$/],
  [4, /^users\//],
  [5, /^(pairing|audit)\//],
  [6, /^(sync|leaderboard|challenges|circles|account|moderation)\//],
  [7, /^ops\//],
  [8, /^(app|server|index)\.ts$/],
];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith(".ts") ? [path.relative(SRC, full)] : [];
  });
}

function layerOf(file: string): number {
  const found = LAYERS.find(([, pattern]) => pattern.test(file));
  if (!found) throw new Error(`${file} is in no layer: add it to the list`);
  return found[0];
}

/** Local imports, type-only ones included, and lazy `require("./…")` and `import("./…")` calls. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|require\(|import\()\s*"(\.[^"]+)"/g)].map((m) => m[1]).filter((s) => !s.endsWith(".json"));
  return specifiers.map((s) => path.relative(SRC, path.resolve(SRC, path.dirname(file), s)) + ".ts");
}

const graph = new Map(files(SRC).map((file) => [file, importsOf(file)]));

test("every import goes to the same layer or a lower one", () => {
  expect(upwardImports(graph, layerOf)).toEqual([]);
});

test("there are no import circles", () => {
  expect(importCircles(graph)).toEqual([]);
});

test("only the job table (ops/jobs.ts) imports a scheduled job: routes load through loaders and stores", () => {
  const importers = [...graph].flatMap(([file, imports]) =>
    imports.filter((target) => target.endsWith(".job.ts")).map((target) => `${file} → ${target}`),
  );
  expect(importers.filter((arrow) => !arrow.startsWith("ops/jobs.ts → "))).toEqual([]);
});

test("a user's document keys (userKeyOf, deviceKeyOf) are built in users/ and nowhere else", () => {
  const builders = [...graph.keys()].filter((file) => /function\s+(userKeyOf|deviceKeyOf)\b|`(user|device):\$\{/.test(fs.readFileSync(path.join(SRC, file), "utf8")));
  expect(builders).toEqual(["users/user-keys.ts"]);
});
