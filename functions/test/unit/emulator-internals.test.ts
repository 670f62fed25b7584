/**
 * The embedded emulator is pinned to the exact version our patches in scripts/ were written for, and the internals
 * they wrap are where they expect them: otherwise a patch would silently stop applying and the emulator would
 * diverge from Firestore again (the conformance suite would say where; this says why, first).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS script of the repo, loaded as npm start loads it
const { checkPatchable, versions } = require("../../../scripts/emulator-internals.js") as {
  checkPatchable(server: unknown, v?: { pinned: string; installed: string }): void;
  versions(): { pinned: string; installed: string };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the emulator package has no types for its internals
const { FirestoreServer } = require("@firestore-emulator/server") as { FirestoreServer: new () => { server: { handlers: Map<string, unknown> }; state: Record<string, unknown> } };

const ROOT = path.resolve(__dirname, "../../..");

test("every package whose internals scripts/ patch is pinned to an exact version, in package.json and the lockfile", () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; devDependencies?: Record<string, string> }>;
  };
  for (const name of ["@firestore-emulator/server", "@firestore-emulator/proto"]) {
    const declared = manifest.devDependencies[name];
    expect({ name, declared }).toEqual({ name, declared: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect({ name, locked: lock.packages[`node_modules/${name}`]?.version }).toEqual({ name, locked: declared });
    // The lockfile's own record of the manifest, or `npm ci` refuses the lock as out of step with package.json.
    expect({ name, inLock: lock.packages[""].devDependencies?.[name] }).toEqual({ name, inLock: declared });
  }
  expect(versions().installed).toBe(versions().pinned);
});

test("the pinned emulator has every internal the patches wrap", () => {
  expect(() => checkPatchable(new FirestoreServer())).not.toThrow();
});

test("a version whose internals moved is refused with a message that says what moved and what to do", () => {
  const server = new FirestoreServer();
  server.server.handlers.delete("/google.firestore.v1.Firestore/Commit");
  server.state.v1Query = undefined;
  expect(() => checkPatchable(server)).toThrow(
    /@firestore-emulator\/server is not what scripts\/ patch \(no gRPC handler Commit with a func; state\.v1Query is not a function\)\. Pin the version/,
  );
  expect(() => checkPatchable(new FirestoreServer(), { pinned: "0.3.15", installed: "0.4.0" })).toThrow(/installed version 0\.4\.0, but package\.json pins 0\.3\.15/);
});
