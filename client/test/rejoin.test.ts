/**
 * Issue 26, items 1 and 2, "Every reward survives re-pairing": a served challenge's reward counts once per user
 * and is never taken back when it was counted once — after "Delete My Synced Data" and a new id, and when an
 * install that synced alone adopts another user. Simulated installs with our engine model (matched against the
 * real v0.3.5 engine, docs/client-fuzz.md), the engine as v0.3.5 ships it (no `replaceStats`), the real server
 * over HTTP. Before the fix, item 1 ended at 99 XP / 0 challenges (from 174 / 4) and item 2 at 68 XP (from 93).
 */
import { localDay } from "../src";
import { testConfig } from "../../functions/src/config";
import { at, Install, realServer, sharedClock, valueOf } from "./helpers";

const env = realServer();

afterEach(() => {
  env.stack.clock.now = new Date("2026-11-24T10:00:00.000Z");
});

const install = (clock: { now: Date }) => new Install(env.server.endpoint, clock, { withReplaceStats: false });

/** Today's served set, curated: a 10-minute morning session pays the first three, an evening session the fourth. */
async function curate(date: string, rewards: number[]) {
  const types = [
    { type: "minutes", target: 3 },
    { type: "deep_session", target: 10 },
    { type: "morning_breath", target: 1 },
    { type: "evening_flow", target: 1, availableFromHour: 18 },
  ];
  const challenges = rewards.map((rewardXP, i) => ({
    ...types[i],
    rewardXP,
    title: `A ${types[i].type} challenge`,
    description: "Reach {target}.",
    eonMessage: "Eon waits.",
    completionMessage: "Eon smiles.",
  }));
  const response = await fetch(`${env.server.endpoint}/admin/challenges/${date}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "x-admin-key": testConfig().adminApiKey },
    body: JSON.stringify({ challenges }),
  });
  expect(response.status).toBe(200);
}

/** A session from `from` to `to`, ended with the End Session command (its challenge check); the types it paid. */
function practise(inst: Install, move: (to: Date) => void, from: Date, to: Date): string[] {
  move(from);
  inst.engine.startSession();
  move(to);
  return inst.engine.endSessionCommand().completed.map((c) => c.type);
}

/** Syncs and returns what the server answered: total XP and completed challenges. */
async function server(inst: Install): Promise<[number, number]> {
  const result = await inst.client.sync();
  if (result.status !== "synced") throw new Error(`not synced: ${JSON.stringify(result)}`);
  return [result.serverData.data.meditation.totalXP, result.serverData.data.meditation.challengesCompleted];
}

const shown = (inst: Install) => [inst.xp, inst.engine.getStats().challengesCompleted];

test("26.1 re-pairing after Delete My Synced Data takes back no reward: adopt on the other install keeps 174 XP / 4 challenges", async () => {
  const { clock, set } = sharedClock(env, at(8));
  await curate(localDay(clock.now), [15, 20, 17, 23]); // 75 XP of served rewards
  const a = install(clock);
  const b = install(clock);
  a.engine.addExternalXP(93);
  await a.client.setUp();
  expect((await a.client.sync()).status).toBe("synced");
  expect(practise(a, set, at(9), at(9, 10))).toEqual(["minutes", "deep_session", "morning_breath"]);
  await a.client.sync();
  const { code } = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(code, "merge"));
  await b.client.sync(); // B's engine gets A's three marked completed
  expect(practise(b, set, at(19), at(19, 10))).toEqual(["evening_flow"]);
  await b.client.sync();
  expect(await server(a)).toEqual([174, 4]);
  expect([shown(a), shown(b)]).toEqual([[174, 4], [174, 4]]);

  valueOf(await a.client.yourData.delete());
  expect((await b.client.sync()).status).toBe("gone");
  await a.client.setUp(); // sync on again: a new id, this install's progress is what it brings
  expect(await server(a)).toEqual([174, 4]);

  const again = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(again.code, "adopt"));
  await b.client.sync();
  expect(await server(a)).toEqual([174, 4]); // before the fix: 99 / 0, every reward of the day taken back
  expect(await server(b)).toEqual([174, 4]);
  expect([shown(a), shown(b)]).toEqual([[174, 4], [174, 4]]);
  // The completed challenges stay completed on both engines: nothing is paid twice either.
  expect(practise(a, set, at(20), at(20, 10))).toEqual([]);
  expect(practise(b, set, at(21), at(21, 10))).toEqual([]);
});

test("26.2 an install that synced alone adopts another user: its own completions are not reported there, 93 XP stay 93", async () => {
  const { clock, set } = sharedClock(env, at(8, 0, 2));
  await curate(localDay(clock.now), [10, 15, 20]);
  const a = install(clock);
  const c = install(clock);
  a.engine.addExternalXP(45);
  await a.client.setUp();
  await a.client.sync();
  expect(practise(a, set, at(9, 0, 2), at(9, 10, 2))).toEqual(["minutes", "deep_session", "morning_breath"]);
  expect(await server(a)).toEqual([93, 3]);

  c.engine.addExternalXP(30);
  await c.client.setUp(); // C syncs alone, with an id of its own
  await c.client.sync();
  expect(practise(c, set, at(13, 0, 2), at(13, 10, 2))).toEqual(["minutes", "deep_session"]); // the same two, 25 XP
  await c.client.sync();

  const { code } = valueOf(await a.client.pairing.createCode());
  valueOf(await c.client.pairing.join(code, "adopt"));
  await c.client.sync();
  expect(await server(a)).toEqual([93, 3]); // before the fix: 68, C's two rewards taken back from A's
  expect(await server(c)).toEqual([93, 3]);
  expect([shown(a), shown(c)]).toEqual([[93, 3], [93, 3]]);
});

test("26 a code of the user an install already syncs changes nothing; joining a user again counts from there", async () => {
  const { clock } = sharedClock(env, at(8, 0, 4));
  const [a, b, c] = [install(clock), install(clock), install(clock)];
  a.engine.addExternalXP(40);
  await a.client.setUp();
  const first = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(first.code, "merge"));
  b.engine.addExternalXP(10);
  await b.client.sync();
  expect(await server(a)).toEqual([50, 0]);

  // B enters a code of its own user with "merge": bringing its totals (the user's) again would make 100.
  const own = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(own.code, "merge"));
  b.engine.addExternalXP(5);
  expect(await server(b)).toEqual([55, 0]);

  // B joins C's user (adopt), then A's again (adopt): its device there counts from zero, not from its old slot's 15.
  c.engine.addExternalXP(7);
  await c.client.setUp();
  const other = valueOf(await c.client.pairing.createCode());
  valueOf(await b.client.pairing.join(other.code, "adopt"));
  expect(await server(b)).toEqual([7, 0]);
  const back = valueOf(await a.client.pairing.createCode());
  valueOf(await b.client.pairing.join(back.code, "adopt"));
  await b.client.sync();
  b.engine.addExternalXP(3); // below what B's old device slot in A's user holds (15): still counted
  expect(await server(b)).toEqual([58, 0]);
  expect(await server(a)).toEqual([58, 0]);
  expect([a.xp, b.xp, c.xp]).toEqual([58, 58, 7]);
});

test("26 after Delete My Synced Data, an install joins another user with the day's served list still open: what it pays there is reported, each reward once (fuzz history 4062)", async () => {
  // The model fuzz's history 4062 (seed 20261125): the kit forgot, with the deleted id, what it had handed, so the
  // joiner's completions from that list were never reported and the server could not take the duplicates back.
  const { clock, set } = sharedClock(env, at(8, 0, 6));
  await curate(localDay(clock.now), [15, 20, 17]); // a 10-minute morning session pays all three: 52 XP
  const a = install(clock);
  const b = install(clock);
  a.engine.addExternalXP(3);
  await a.client.setUp();
  await a.client.sync(); // A's engine gets the day's served set
  b.engine.addExternalXP(50);
  await b.client.setUp();
  await b.client.sync();

  valueOf(await a.client.yourData.delete()); // A forgets its id; its engine's list still holds the set, open
  const { code } = valueOf(await b.client.pairing.createCode());
  valueOf(await a.client.pairing.join(code, "merge"));
  expect(practise(a, set, at(9, 0, 6), at(9, 10, 6))).toEqual(["minutes", "deep_session", "morning_breath"]);
  expect(practise(b, set, at(9, 20, 6), at(9, 30, 6))).toEqual(["minutes", "deep_session", "morning_breath"]);

  set(at(10, 0, 7)); // the next day's first syncs replace both lists before the kit hands them again
  await a.client.sync();
  await b.client.sync();
  expect(await server(a)).toEqual([111, 3]); // 3 + 50 + 2 sessions (6) + 52 once; before the fix: 163 / 6, the rewards twice
  expect(await server(b)).toEqual([111, 3]);
  expect([a.xp, b.xp]).toEqual([111, 111]);
});
