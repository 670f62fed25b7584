/**
 * The client library against the local stack (the real app over HTTP, a real Firestore emulator): two simulated
 * extension installs pair, earn offline, lose a response, retry, and end identical and correct.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startTestStack, type TestStack } from "../../functions/test/helpers/test-app";
import { ExtensionInstall, serve, toDateString, type Server } from "./helpers";

let stack: TestStack;
let server: Server;
const DAY1 = "2026-11-22";
const DAY2 = "2026-11-23";
const DAY3 = "2026-11-24";

beforeAll(async () => {
  stack = await startTestStack();
  server = await serve(stack);
});
afterAll(async () => {
  await server.stop();
  await stack.close();
});
beforeEach(() => {
  stack.clock.now = new Date(`${DAY3}T10:00:00.000Z`);
});

const totals = (install: ExtensionInstall) => ({
  totalXP: install.stats.totalXP,
  totalMeditationTime: install.stats.totalMeditationTime,
  currentStreak: install.stats.currentStreak,
  longestStreak: install.stats.longestStreak,
  lastMeditationDate: install.stats.lastMeditationDate,
});

test("two installs pair, earn offline, lose a response, retry in any order — and end identical and correct", async () => {
  const clock = stack.clock;
  const laptop = new ExtensionInstall(server.endpoint, clock);
  const desktop = new ExtensionInstall(server.endpoint, clock);

  // The laptop has practised before sync existed: 100 XP over two days.
  laptop.breathe(60, 10, DAY1);
  laptop.breathe(40, 5, DAY2);
  await laptop.client.enable();
  expect((await laptop.sync()).status).toBe("synced");
  expect(laptop.stats.totalXP).toBe(100);

  // The desktop has 30 XP of its own from DAY2, joins with a code and merges its progress in.
  desktop.breathe(30, 5, DAY2);
  const { code } = await laptop.client.createPairingCode();
  await desktop.client.claimPairingCode(code);
  await desktop.client.joinWithPairedProgress(desktop.stats, "merge");
  await desktop.sync();
  await laptop.sync();
  expect(desktop.stats.totalXP).toBe(130);
  expect(laptop.stats.totalXP).toBe(130);

  // Offline on DAY3: the laptop earns +20, the desktop +30.
  laptop.breathe(20, 4, DAY3);
  desktop.breathe(30, 6, DAY3);
  // The laptop's sync reaches the server but its response is lost: offline, retried later.
  laptop.net.dropNextResponse();
  expect((await laptop.sync()).status).toBe("offline");
  await desktop.sync();
  const retried = await laptop.sync();
  expect(retried.status).toBe("synced");
  await desktop.sync();

  const expected = {
    totalXP: 180,
    totalMeditationTime: (10 + 5 + 5 + 4 + 6) * 60_000,
    currentStreak: 3,
    longestStreak: 3,
    lastMeditationDate: toDateString(DAY3),
  };
  expect(totals(laptop)).toEqual(expected);
  expect(totals(desktop)).toEqual(expected);
  // today's time is the two devices' DAY3 time together
  expect(laptop.stats.todaySessionTime).toBe(10 * 60_000);

  // Syncing again and again changes nothing.
  for (let i = 0; i < 3; i++) {
    await laptop.sync();
    await desktop.sync();
  }
  expect(totals(laptop)).toEqual(expected);
  expect(totals(desktop)).toEqual(expected);
});

test("a paired device may instead start from the synced progress", async () => {
  const first = new ExtensionInstall(server.endpoint, stack.clock);
  first.breathe(200, 20, DAY3);
  await first.client.enable();
  await first.sync();
  const second = new ExtensionInstall(server.endpoint, stack.clock);
  second.breathe(55, 5, DAY3);
  await second.client.claimPairingCode((await first.client.createPairingCode()).code);
  await second.client.joinWithPairedProgress(second.stats, "adopt");
  await second.sync();
  expect(second.stats.totalXP).toBe(200);
  second.breathe(10, 1, DAY3);
  await second.sync();
  await first.sync();
  expect(first.stats.totalXP).toBe(210);
  expect(second.stats.totalXP).toBe(210);
});

test("with privacy local-only, or sync disabled, not one request leaves", async () => {
  const install = new ExtensionInstall(server.endpoint, stack.clock, { debounceMs: 10 });
  install.breathe(10, 1, DAY3);
  expect(await install.client.sync(install.stats, install.onboarding, { privacy: "export-allowed" })).toEqual({
    status: "skipped",
    reason: "disabled",
  });
  await install.client.enable();
  expect(await install.client.sync(install.stats, install.onboarding, { privacy: "local-only" })).toEqual({
    status: "skipped",
    reason: "privacy",
  });
  expect(await install.client.requestSync(install.stats, install.onboarding, { privacy: "local-only" })).toEqual({
    status: "skipped",
    reason: "privacy",
  });
  await install.client.disable();
  await install.client.sync(install.stats, install.onboarding, { privacy: "export-allowed" });
  expect(install.net.calls).toEqual([]);
});

test("server down → offline; a later sync() delivers everything, once", async () => {
  const install = new ExtensionInstall(server.endpoint, stack.clock);
  install.breathe(50, 5, DAY3);
  await install.client.enable();
  await install.sync();

  await server.stop();
  install.breathe(25, 3, DAY3);
  const offline = await install.sync();
  expect(offline.status).toBe("offline");
  install.breathe(5, 1, DAY3);
  expect((await install.sync()).status).toBe("offline");

  await server.start();
  const back = await install.sync();
  expect(back.status).toBe("synced");
  expect(install.stats.totalXP).toBe(80);
  await install.sync();
  const exported = (await install.client.exportRemoteData()) as { progress: { totals: { xp: number } } };
  expect(exported.progress.totals.xp).toBe(80);
});

test("many local changes within the debounce window produce one request", async () => {
  const applied: number[] = [];
  const install = new ExtensionInstall(server.endpoint, stack.clock, {
    debounceMs: 300,
    onSynced: (result) => applied.push(result.serverData.data.meditation.totalXP),
  });
  await install.client.enable();
  const results = [];
  for (let breath = 0; breath < 40; breath++) {
    install.breathe(1, 0, DAY3);
    results.push(install.client.requestSync(install.stats, install.onboarding, { privacy: "export-allowed" }));
  }
  const settled = await Promise.all(results);
  expect(install.net.calls).toHaveLength(1);
  expect(settled.every((r) => r.status === "synced")).toBe(true);
  expect(applied).toEqual([40]);
});

test("the other API calls, with typed errors in the contract's codes", async () => {
  const install = new ExtensionInstall(server.endpoint, stack.clock);
  await expect(install.client.exportRemoteData()).rejects.toMatchObject({ name: "SyncApiError", code: "unauthorized" });
  await install.client.enable();
  install.breathe(5, 1, DAY3);
  await install.client.sync(install.stats, install.onboarding, { privacy: "export-allowed", leaderboardOptIn: true });
  const challenges = await install.client.dailyChallenges();
  expect(challenges.date).toBe(DAY3);
  const board = await install.client.leaderboard("weekly");
  expect(board.period).toBe("weekly");
  await expect(install.client.claimPairingCode("BM-2345-6789")).rejects.toMatchObject({ code: "not_found", status: 404 });
  await expect(install.client.dailyChallenges("2030-01-01")).rejects.toMatchObject({ code: "invalid_request", status: 400 });
  await install.client.deleteRemoteData();
  await expect(install.client.exportRemoteData()).rejects.toMatchObject({ code: "not_found" });
  expect(await install.client.isEnabled()).toBe(false);
});

describe("the built package", () => {
  const root = path.resolve(__dirname, "..");

  test("declares no dependencies and imports nothing outside Node built-ins", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
    for (const file of readdirSync(path.join(root, "dist")).filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(path.join(root, "dist", file), "utf8");
      for (const [, spec] of source.matchAll(/require\("([^"]+)"\)/g)) {
        expect({ file, spec, ok: spec.startsWith("./") || spec.startsWith("node:") }).toEqual({ file, spec, ok: true });
      }
      expect(source).not.toMatch(/\bvscode\b/);
    }
  });

  test("loads and works in a plain Node process", () => {
    const script = `
      const { SyncClient, dayFromExtensionDate } = require(${JSON.stringify(path.join(root, "dist"))});
      const store = new Map();
      const client = new SyncClient({ endpoint: "http://127.0.0.1:9/api/v1", store: { get: (k) => store.get(k), set: (k, v) => store.set(k, v) } });
      client.enable().then(async () => {
        const r = await client.sync({ totalXP: 1, currentStreak: 0, longestStreak: 0, todaySessionTime: 0, totalMeditationTime: 0, lastMeditationDate: "" }, {}, { privacy: "local-only" });
        process.stdout.write(JSON.stringify({ node: process.version, r, day: dayFromExtensionDate("Tue Nov 24 2026") }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    expect(out.r).toEqual({ status: "skipped", reason: "privacy" });
    expect(out.day).toBe("2026-11-24");
    expect(Number(out.node.slice(1).split(".")[0])).toBeGreaterThanOrEqual(20);
  });
});
