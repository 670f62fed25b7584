/**
 * The client kit's core against the real server over real HTTP, one named regression test per defect found from
 * outside (issue "A client that never invents, loses or leaks"), each on simulated installs with our engine model.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { Install, ManualTimers, realServer, serve } from "./helpers";

const env = realServer();
// A test that moves the shared clock never leaves it moved for the next, whether it passes or fails.
afterEach(() => {
  env.stack.clock.now = new Date("2026-11-24T10:00:00.000Z");
});

const clock = () => ({ now: new Date(env.stack.clock.now) });
const device = (opts: ConstructorParameters<typeof Install>[2] = {}) => new Install(env.server.endpoint, clock(), opts);

/** A made, synced code-maker with `xp` before sync, and a second install joined to it. */
async function pair(makerXp: number, joinerXp: number, mode: "merge" | "adopt" = "merge") {
  const a = device();
  const b = device();
  a.engine.addExternalXP(makerXp);
  b.engine.addExternalXP(joinerXp);
  await a.client.setUp();
  const { code } = await a.client.createPairingCode();
  await b.client.joinWithCode(code, mode);
  return { a, b };
}

test("1. stale snapshots invent nothing: Sync Now during a background sync, earning meanwhile, results applied once each", async () => {
  const { a, b } = await pair(100, 42);
  await b.client.sync();
  a.net = "slow";
  const background = a.client.sync();
  a.engine.breathe(7);
  const manual = a.client.sync(); // folded into one follow-up that reads the stats when it runs
  a.engine.breathe(5);
  await Promise.all([background, manual]);
  a.net = "online";
  for (const inst of [a, b, a, b]) await inst.client.sync();
  expect(a.xp).toBe(100 + 42 + 12);
  expect(b.xp).toBe(100 + 42 + 12);
});

test("2. today's time is this device's own: the merged sum is shown but never reported back, so it never inflates", async () => {
  const { a, b } = await pair(0, 0);
  a.engine.endSession(600_000, 0);
  b.engine.endSession(900_000, 0);
  for (let i = 0; i < 4; i++) {
    await a.client.sync();
    await b.client.sync();
  }
  expect(a.engine.getStats().todaySessionTime).toBe(1_500_000);
  expect(b.engine.getStats().todaySessionTime).toBe(1_500_000);
  const users = await env.stack.db.collection("users").get();
  const slots = users.docs.flatMap((doc) => Object.values((doc.get("devices") ?? {}) as Record<string, { todaySessionTime: number }>));
  expect(slots.map((slot) => slot.todaySessionTime).sort()).toEqual(expect.arrayContaining([600_000, 900_000]));
  expect(Math.max(...slots.map((slot) => slot.todaySessionTime))).toBeLessThanOrEqual(900_000);
});

test("3. a 403 (device limit) is an error result with its code, and is not retried", async () => {
  const limited = await serve(env.stack, { maxDevicesPerUser: 1 });
  try {
    const a = new Install(limited.endpoint, clock(), { retryBaseMs: 5, retryMaxMs: 10 });
    await a.client.setUp();
    await a.client.sync();
    const { code } = await a.client.createPairingCode();
    const timers = new ManualTimers();
    const b = new Install(limited.endpoint, clock(), { retryBaseMs: 5, retryMaxMs: 10, timers });
    await b.client.joinWithCode(code, "merge");
    const result = await b.client.sync();
    expect(result).toMatchObject({ status: "error", code: "forbidden" });
    expect(timers.pending.size).toBe(0); // no retry is waiting
    const sent = b.requests.length;
    await b.client.idle();
    expect(b.requests.length).toBe(sent);
  } finally {
    await limited.stop();
  }
});

test("4. under local-only not one request leaves: not a retry scheduled before, not the boards, not the challenges", async () => {
  const timers = new ManualTimers();
  const a = device({ retryBaseMs: 20, retryMaxMs: 20, timers });
  a.engine.addExternalXP(50);
  await a.client.setUp();
  a.net = "offline";
  expect((await a.client.sync()).status).toBe("offline"); // a retry is now scheduled
  expect(timers.pending.size).toBe(1);
  a.net = "online";
  a.settings.privacy = "local-only";
  const before = a.requests.length;
  expect(timers.fire()).toBe(1); // the retry fires and must send nothing
  await a.client.idle();
  expect(a.background).toEqual([{ status: "skipped", reason: "privacy" }]);
  const notSent = { problem: { kind: "not-sent", reason: "privacy" } };
  await expect(a.client.leaderboard("daily")).rejects.toMatchObject(notSent);
  await expect(a.client.dailyChallenges()).rejects.toMatchObject(notSent);
  expect(await a.client.sync()).toEqual({ status: "skipped", reason: "privacy" });
  expect(a.requests.length).toBe(before);
});

test("5. an install left at the default never opts the user out of the boards", async () => {
  const { a, b } = await pair(10, 0);
  await a.client.chooseLeaderboard(true);
  const first = await a.client.sync();
  expect(first.status === "synced" && first.serverData.leaderboardOptIn).toBe(true);
  const second = await b.client.sync();
  expect(second.status === "synced" && second.serverData.leaderboardOptIn).toBe(true);
  // the choice was acknowledged: A's later syncs no longer send it either
  const later = await a.client.sync();
  expect(later.status === "synced" && later.serverData.leaderboardOptIn).toBe(true);
});

test("6. deleting on one install retires the id everywhere: the other meets 410, stops and forgets; nothing comes back", async () => {
  const { a, b } = await pair(500, 300);
  await b.client.sync();
  await a.client.sync();
  await a.client.deleteRemoteData();
  expect(await b.client.sync()).toEqual({ status: "gone" });
  await b.client.idle();
  expect(await b.client.isSetUp()).toBe(false);
  expect(await b.client.sync()).toEqual({ status: "skipped", reason: "not-set-up" });
  expect(b.xp).toBe(800); // local progress stays
});

test("7. the extension's Clear All Data is not silently undone: sync pauses until the user chooses", async () => {
  const { a } = await pair(628, 0);
  await a.client.sync();
  a.engine.reset();
  expect(await a.client.sync()).toEqual({ status: "skipped", reason: "local-data-cleared" });
  expect(a.xp).toBe(0);
  expect(a.client.isPausedByClear()).toBe(true);
  const restored = await a.client.resolveClearedData("restore");
  expect(restored.status).toBe("synced");
  expect(a.xp).toBe(628);
  a.engine.reset();
  await a.client.sync();
  await a.client.resolveClearedData("leave");
  expect(await a.client.isSetUp()).toBe(false);
  expect(a.xp).toBe(0);
});

test("8. pairing before the first sync: A (1,000) makes a code, B merges 200; 1,200 on both in every order", async () => {
  for (const order of ["AB", "BA"]) {
    const a = device();
    const b = device();
    a.engine.addExternalXP(1_000);
    b.engine.addExternalXP(200);
    await a.client.setUp();
    const { code } = await a.client.createPairingCode();
    await b.client.joinWithCode(code, "merge");
    const first = order === "AB" ? a : b;
    const second = order === "AB" ? b : a;
    await first.client.sync();
    await second.client.sync();
    await first.client.sync();
    expect([a.xp, b.xp]).toEqual([1_200, 1_200]);
  }
});

test("9. joining under local-only sends nothing and says why; the install keeps its own id", async () => {
  const a = device();
  await a.client.setUp();
  const { code } = await a.client.createPairingCode();
  const b = device();
  b.settings.privacy = "local-only";
  await expect(b.client.joinWithCode(code, "merge")).rejects.toMatchObject({ message: expect.stringMatching(/local-only/) });
  expect(b.requests).toHaveLength(0);
  expect(await b.client.isSetUp()).toBe(false);
});

test("10. the engine's inflated streak is not trusted: longest = history at the first sync, then what the days prove", async () => {
  const a = device();
  a.engine.endSession(60_000, 0); // today: streak 1, longest 1
  await a.client.setUp();
  await a.client.sync();
  // The engine reloads on later days without practice: each load bumps currentStreak (its bug), and a session
  // then records the inflated value as longest.
  env.stack.clock.now = new Date(env.stack.clock.now.getTime() + 24 * 3_600_000);
  a.clock.now = env.stack.clock.now;
  a.restart();
  a.restart();
  a.engine.endSession(60_000, 0);
  const result = await a.client.sync();
  expect(result.status === "synced" && result.serverData.data.meditation.longestStreak).toBe(2);
});

describe("the kit's folder", () => {
  const dir = path.resolve(__dirname, "../src");
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".ts"));
  const importsOf = (file: string) => [...fs.readFileSync(path.join(dir, file), "utf8").matchAll(/^(?:import|export)[^;]*? from "([^"]+)";/gms)].map((m) => m[1]);

  test("imports only its own files (zero runtime dependencies, no vscode module), and Node's crypto only as a fallback", () => {
    for (const file of files) {
      for (const target of importsOf(file)) expect(`${file} → ${target}`).toMatch(/ → \.\/[a-z-]+$/);
      for (const target of importsOf(file)) expect(fs.existsSync(path.join(dir, `${target}.ts`))).toBe(true);
    }
    const requires = execFileSync("grep", ["-rhoE", "require\\([^)]*\\)", dir], { encoding: "utf8" }).trim().split("\n");
    expect([...new Set(requires)]).toEqual(['require("crypto")']);
  });

  test("the core never imports the VS Code layer", () => {
    for (const file of files.filter((f) => !f.startsWith("vscode-") && f !== "breath-master-sync-vscode.ts" && f !== "index.ts")) {
      expect(importsOf(file).filter((target) => target.includes("vscode"))).toEqual([]);
    }
  });

  test("no function over 60 lines", () => {
    const long: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          if (lines > 60) long.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });

  test("no file over 300 lines (the generated wire file aside, as in functions' size test)", () => {
    for (const file of files.filter((name) => name !== "breath-master-sync-wire.ts")) expect(`${file}: ${fs.readFileSync(path.join(dir, file), "utf8").split("\n").length} lines`).toMatch(/: ([12]?\d?\d|300) lines$/);
  });
});
