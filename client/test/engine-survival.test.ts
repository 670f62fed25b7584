/**
 * Issue 18, "The kit survives the real engine": one named regression test per numbered item, each on simulated
 * installs with our engine model (matched against the real v0.3.5 engine, docs/client-fuzz.md) and the real
 * server over HTTP. The installs use the engine as v0.3.5 ships it (no `replaceStats`), in the machine's zone.
 */
import { activateSync, COMMANDS, localDay } from "../src";
import { testConfig } from "../../functions/src/config";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { FakeVscode } from "./fake-vscode";
import { at, bodyOf, Install, realServer, sharedClock, urlOf, valueOf } from "./helpers";

const env = realServer();
const MINUTE = 60_000;

afterEach(() => {
  env.stack.clock.now = new Date("2026-11-24T10:00:00.000Z");
});

const install = (clock: { now: Date }) => new Install(env.server.endpoint, clock, { withReplaceStats: false });

/** An admin curates the set of `date` (the server accepts any target; the kit must decide what the engine gets). */
async function curate(date: string, challenges: Array<{ type: string; target: number; rewardXP: number }>) {
  const body = {
    challenges: challenges.map((c) => ({
      ...c,
      title: `A ${c.type} challenge`,
      description: `Reach {target} (${c.type}).`,
      eonMessage: "Eon waits.",
      completionMessage: "Eon smiles.",
    })),
  };
  const response = await fetch(`${env.server.endpoint}/admin/challenges/${date}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "x-admin-key": testConfig().adminApiKey },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

/**
 * A session from `from` to `to` on this install's open window, ended with the extension's End Session command
 * (which runs the engine's challenge check) or, with `check: false`, ended by its timer (no check).
 */
function practise(inst: Install, move: (to: Date) => void, from: Date, to: Date, check = true) {
  move(from);
  inst.engine.startSession();
  move(to);
  if (check) return inst.engine.endSessionCommand();
  inst.engine.endSession();
  return { completed: [] };
}

async function serverTotal(inst: Install): Promise<number> {
  const result = await inst.client.sync();
  if (result.status !== "synced") throw new Error(`not synced: ${JSON.stringify(result)}`);
  return result.serverData.data.meditation.totalXP;
}

test("18.1 a served challenge the engine would pay without checking it is not handed to the engine", async () => {
  const { clock, set } = sharedClock(env, at(8));
  const day = localDay(clock.now);
  await curate(day, [{ type: "minutes", target: 7, rewardXP: 19 }]);
  const a = install(clock);
  // The server no longer serves such challenges; an older server, or an admin's set from before, could.
  const unchecked = [
    { type: "morning_breath", target: 7, rewardXP: 26, title: "Morning", description: "At least 7 minutes before noon" }, // the engine ignores the 7
    { type: "streak", target: 3, rewardXP: 30, title: "Streak", description: "Your streak reaches 3" }, // the engine pays any streak
    { type: "evening_flow", target: 1, rewardXP: 15, availableFromHour: 25, title: "Evening", description: "A session from 25:00" },
  ].map((c, i) => ({ availableFromHour: 5, eonMessage: "Eon waits.", completionMessage: "Eon smiles.", ...c, id: `${day}-${c.type}-${i + 7}`, date: day }));
  a.rewrite = (url, body) => (url.includes("/challenges/daily") ? { ...(body as object), challenges: [...unchecked, ...(body as { challenges: unknown[] }).challenges] } : body);
  await a.client.setUp();
  expect((await a.client.sync()).status).toBe("synced");
  expect(a.engine.getStats().dailyChallenges?.map((c) => c.type)).toEqual(["minutes"]);

  const { completed } = practise(a, set, at(9), at(9, 2)); // one 2-minute session on a first day: streak 1
  expect(completed).toEqual([]);
  expect(a.xp).toBe(1); // the goal bonus of 2 minutes of a 5-minute goal, nothing else
  expect(await serverTotal(a)).toBe(1);
});

test("18.2 a challenge's reward counts once per user: marked on the other install, and taken back when both paid offline", async () => {
  const { clock, set } = sharedClock(env, at(8));
  const day = localDay(clock.now);
  await curate(day, [
    { type: "minutes", target: 1, rewardXP: 10 },
    { type: "deep_session", target: 3, rewardXP: 12 },
  ]);
  const a = install(clock);
  const b = install(clock);
  await a.client.setUp();
  const { code } = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(code, "merge"));
  await b.client.sync();

  // Online: A completes "1 minute"; after syncs, B's engine has it completed and does not pay it again.
  practise(a, set, at(9), at(9, 2)); // 2 minutes: +1 bonus, "minutes 1" +10
  expect(a.xp).toBe(11);
  await a.client.sync();
  await b.client.sync();
  expect(b.engine.getStats().dailyChallenges?.find((c) => c.type === "minutes")?.completed).toBe(true);
  const second = practise(b, set, at(10), at(10, 2)); // +1; would pay "minutes 1" again
  expect(second.completed).toEqual([]);

  // Offline: both complete "deep session 3" before either syncs; the server counts the reward once.
  a.net = b.net = "offline";
  expect(practise(a, set, at(11), at(11, 3)).completed.map((c) => c.type)).toEqual(["deep_session"]);
  expect(practise(b, set, at(12), at(12, 3)).completed.map((c) => c.type)).toEqual(["deep_session"]);
  a.net = b.net = "online";
  for (const inst of [a, b, a, b]) await inst.client.sync();
  // earned: A 1 + 10 + 2 + 12, B 1 + 2 + 12; the second deep-session reward is taken back
  const truth = 1 + 10 + 2 + 12 + (1 + 2);
  expect([a.xp, b.xp]).toEqual([truth, truth]);
  expect(await serverTotal(a)).toBe(truth);
});

test("18.3 Clear All Data, then a session before the next sync: not silently undone, and the new XP survive", async () => {
  const { clock, set } = sharedClock(env, at(8));
  const a = install(clock);
  a.engine.addExternalXP(45);
  await a.client.setUp();
  await a.client.sync();
  a.engine.reset();
  practise(a, set, at(9), at(9, 10), false); // a 10-minute session on the zeroed stats: +3 bonus
  a.engine.addExternalXP(6); // and a micro-meditation: 9 XP since the wipe
  expect(a.xp).toBe(9);
  expect(await a.client.sync()).toEqual({ status: "skipped", reason: "local-data-cleared" });
  expect(a.xp).toBe(9); // nothing written back, nobody overruled
  expect(a.client.isPausedByClear()).toBe(true);
  expect((await a.client.resolveClearedData("restore")).status).toBe("synced");
  expect(a.xp).toBe(54);
  expect(await serverTotal(a)).toBe(54);
});

/**
 * Found by the 10,000-history fuzz (seed 20261125, path "1230"): a second Clear All Data while sync is paused by
 * the first. The pause used to be recorded without a marker in the wiped stats, so the second wipe could not be
 * told from growth: at "Restore" the XP earned after it counted only above what the kit had seen before it.
 */
test("18.3 twice: Clear All Data again while paused, and every XP earned after each wipe survives Restore", async () => {
  // The pause seen first at a session end (its End Session look), then by a sync; and seen by a sync alone.
  for (const pausedBy of ["session end", "sync"] as const) {
    const { clock, set } = sharedClock(env, at(8));
    const a = install(clock);
    a.engine.addExternalXP(166);
    await a.client.setUp();
    await a.client.sync();
    a.engine.reset(); // the first wipe
    if (pausedBy === "session end") {
      practise(a, set, at(9), at(9, 10), false); // +3 bonus, seen at once by the kit's look at the session end
      expect(a.xp).toBe(3);
      a.engine.addExternalXP(15); // 18 since the first wipe
    } else {
      a.engine.addExternalXP(18);
    }
    expect(await a.client.sync()).toEqual({ status: "skipped", reason: "local-data-cleared" });
    a.engine.reset(); // the second wipe, before the user answers: the 18 were seen and counted, they stay
    a.engine.addExternalXP(48); // more than the kit had seen before the second wipe
    expect(a.xp).toBe(48);
    expect((await a.client.resolveClearedData("restore")).status).toBe("synced");
    expect(a.xp).toBe(166 + 18 + 48);
    expect(await serverTotal(a)).toBe(166 + 18 + 48);
  }
});

test("18.4 XP earned while paused survive every choice: restore, stop syncing this device, delete everywhere", async () => {
  for (const choice of ["restore", "leave", "delete"] as const) {
    const { clock, set } = sharedClock(env, at(8));
    const a = install(clock);
    a.engine.addExternalXP(45);
    await a.client.setUp();
    await a.client.sync();
    a.engine.reset();
    expect((await a.client.sync()).status).toBe("skipped"); // paused, asked
    practise(a, set, at(9), at(9, 10), false); // +3
    a.engine.addExternalXP(6); // +6: 9 since the wipe
    a.restart(); // and the window reloads before the user answers
    const result = await a.client.resolveClearedData(choice);
    if (choice === "restore") {
      expect(result.status).toBe("synced");
      expect(a.xp).toBe(54);
      expect(await serverTotal(a)).toBe(54);
    } else {
      expect(a.xp).toBe(9); // this device keeps what was earned after the wipe
      expect(await a.client.isSetUp()).toBe(false);
    }
  }
});

test("18.5 today's time across midnight in a window left open: each device reports what it practised that day", async () => {
  const { clock, set } = sharedClock(env, at(23, 5));
  const k = install(clock);
  const l = install(clock);
  practise(k, set, at(23, 5), at(23, 20), false); // K: 15 minutes, yesterday
  await k.client.setUp();
  await k.client.sync();
  const { code } = valueOf(await k.client.pairing.createCode());
  set(at(23, 25));
  valueOf(await l.client.pairing.join(code, "merge"));
  await l.client.sync(); // L now shows K's 15 minutes for that day
  practise(l, set, at(23, 50), at(0, 10, 1), false); // L: 23:50–00:10, the window stays open
  await l.client.sync();
  practise(k, set, at(0, 20, 1), at(0, 30, 1), false); // K: 10 minutes after midnight, its window open too
  await k.client.sync();
  await l.client.sync();
  // The new day: L practised 20 minutes (its session ended today), K 10.
  const users = await env.stack.db.collection("users").get();
  const slots = users.docs.flatMap((doc) => Object.values((doc.get("devices") ?? {}) as Record<string, { localDate: string; todaySessionTime: number }>));
  const today = localDay(at(0, 30, 1));
  expect(slots.filter((slot) => slot.localDate === today).map((slot) => slot.todaySessionTime).sort((x, y) => x - y)).toEqual([10 * MINUTE, 20 * MINUTE]);
  expect(k.engine.getStats().todaySessionTime).toBe(30 * MINUTE);
  expect(l.engine.getStats().todaySessionTime).toBe(30 * MINUTE);
});

describe("18.6 the prompts the guide promises", () => {
  function vsInstall(clock: { now: Date }) {
    const vscode = new FakeVscode({ "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, "") });
    const context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
    const engine = new EngineModel("breathMaster.meditationStats", context.globalState, () => new Date(clock.now), false);
    const kit = activateSync(vscode, context, engine, { client: { now: () => new Date(clock.now) } });
    return { vscode, kit };
  }

  test("turning sync on in Settings under local-only asks to allow export; allowing starts the sync", async () => {
    const { clock } = sharedClock(env, at(8));
    const { vscode, kit } = vsInstall(clock);
    vscode.answers.push("Allow sync");
    await vscode.set("sync.enabled", true);
    await kit.idle();
    expect(vscode.shown[0].message).toMatch(/local-only: allow export for sync\?/);
    expect(vscode.settings.get("gamification.dataPrivacy")).toBe("export-allowed");
    expect(kit.client.lastSync()).toBeDefined();
    kit.dispose();
  });

  test("declining 'Allow sync' says that nothing is sent, from Settings and from the commands", async () => {
    const { clock } = sharedClock(env, at(8));
    const { vscode, kit } = vsInstall(clock);
    vscode.answers.push(undefined);
    await vscode.set("sync.enabled", true);
    await kit.idle();
    vscode.answers.push(undefined);
    await vscode.run(COMMANDS.getCode);
    vscode.answers.push(undefined);
    await vscode.run(COMMANDS.enterCode);
    const declined = vscode.shown.filter((m) => /Nothing is sent/.test(m.message));
    expect(declined).toHaveLength(3);
    expect(vscode.value("gamification.dataPrivacy")).toBe("local-only");
    expect(await kit.client.isSetUp()).toBe(false);
    kit.dispose();
  });
});

// The guide's own checks (lines counted, blocks, decisions) are in kit-guide.test.ts.
describe("18.7 the guide is true line by line", () => {
  test("leaderboard.displayName is never sent; showInStatusBar shows this week's rank", async () => {
    const { clock } = sharedClock(env, at(8));
    const vscode = new FakeVscode({
      "sync.endpoint": env.server.endpoint.replace(/\/api\/v1$/, ""),
      "sync.enabled": true,
      "gamification.dataPrivacy": "export-allowed",
      "leaderboard.enabled": true,
      "leaderboard.displayName": "Ada Lovelace",
      "leaderboard.showInStatusBar": true,
    });
    const context = { globalState: new MementoModel(), secrets: new SecretsModel(), subscriptions: [] as Array<{ dispose(): unknown }> };
    const engine = new EngineModel("breathMaster.meditationStats", context.globalState, () => new Date(clock.now), false);
    engine.addExternalXP(120);
    const sent: string[] = [];
    const kit = activateSync(vscode, context, engine, {
      client: {
        now: () => new Date(clock.now),
        fetch: (input, init) => {
          sent.push(`${urlOf(input)} ${bodyOf(init)}`);
          return fetch(input, init);
        },
      },
    });
    await kit.idle();
    engine.addExternalXP(30); // a gain on the boards (what was there before sync is not one)
    await kit.syncNow();
    await fetch(`${env.server.endpoint}/admin/jobs/leaderboards`, { method: "POST", headers: { "x-admin-key": testConfig().adminApiKey } });
    await kit.syncNow();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.join("\n")).not.toMatch(/Ada|Lovelace|displayName/);
    expect(kit.statusText()).toMatch(/· #1 this week$/);
    kit.dispose();
  });

  test("an install that synced alone and joins another user: its old record is deleted; an id it shared stays", async () => {
    const { clock } = sharedClock(env, at(8));
    const maker = install(clock);
    await maker.client.setUp();
    const { code } = valueOf(await maker.client.pairing.createCode());

    const solo = install(clock);
    solo.engine.addExternalXP(70);
    await solo.client.setUp();
    await solo.client.sync();
    const soloId = await solo.secrets.get("breathMaster.sync.userId");
    valueOf(await solo.client.pairing.join(code, "merge"));
    const oldRecord = await fetch(`${env.server.endpoint}/me/export`, { headers: { authorization: `Bearer ${soloId}` } });
    expect(oldRecord.status).toBe(410); // deleted and retired: nobody else could hold that id
    expect(await serverTotal(solo)).toBe(70); // its progress went along

    // The maker shares its id by making a code; when it later joins someone else, its old record stays.
    const other = install(clock);
    await other.client.setUp();
    const second = valueOf(await other.client.pairing.createCode());
    const makerId = await maker.secrets.get("breathMaster.sync.userId");
    valueOf(await maker.client.pairing.join(second.code, "merge"));
    const kept = await fetch(`${env.server.endpoint}/me/export`, { headers: { authorization: `Bearer ${makerId}` } });
    expect(kept.status).toBe(200); // `solo` (and any other install) may still sync with it

    // Bookkeeping from an older kit cannot say whether its id was shared: the record stays.
    const older = install(clock);
    await older.client.setUp();
    await older.client.sync();
    const olderId = await older.secrets.get("breathMaster.sync.userId");
    const { shared: _shared, ...withoutShared } = older.globalState.get("breathMaster.sync.state") as { shared?: boolean };
    await older.globalState.update("breathMaster.sync.state", withoutShared);
    const third = valueOf(await other.client.pairing.createCode());
    valueOf(await older.client.pairing.join(third.code, "merge"));
    const olderRecord = await fetch(`${env.server.endpoint}/me/export`, { headers: { authorization: `Bearer ${olderId}` } });
    expect(olderRecord.status).toBe(200);
  });
});
