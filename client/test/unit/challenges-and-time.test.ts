/**
 * The kit's pure rules for served challenges (core/bookkeeping/challenge-rules.ts) and a device's own time today
 * (core/bookkeeping/own-time.ts), directly: no emulator, no HTTP. Days are local, as the extension writes them.
 */
import { completedNow, engineChecksAsWritten, engineList, ownCompletions, recent, toEngineChallenges } from "../../src/core/bookkeeping/challenge-rules";
import { todaysShare } from "../../src/core/bookkeeping/own-time";
import { extensionDateOf } from "../../src/core/days";
import type { MeditationStats, ServerChallenge } from "../../src/core/types";

const DAY = "2026-11-24";
const MINUTE = 60_000;

function challenge(over: Partial<ServerChallenge> = {}): ServerChallenge {
  return {
    id: "c1",
    date: DAY,
    type: "cycles",
    target: 3,
    rewardXP: 20,
    availableFromHour: 6,
    title: "Three cycles",
    description: "Breathe three cycles",
    eonMessage: "Eon waits.",
    completionMessage: "Eon smiles.",
    ...over,
  };
}

function stats(over: Partial<MeditationStats> = {}): MeditationStats {
  return { totalXP: 0, currentStreak: 0, longestStreak: 0, todaySessionTime: 0, totalMeditationTime: 0, lastMeditationDate: "", ...over };
}

describe("engineChecksAsWritten", () => {
  test.each([
    [{}, true],
    [{ type: "minutes", target: 10 } as const, true],
    [{ type: "cycles", target: 0 } as const, false],
    [{ type: "morning_breath", target: 1, availableFromHour: 6 } as const, true],
    [{ type: "morning_breath", target: 1, availableFromHour: 12 } as const, false], // the engine pays it only before noon
    [{ type: "morning_breath", target: 2 } as const, false], // the engine ignores its target
    [{ type: "evening_flow", target: 1 } as const, true],
    [{ type: "streak", target: 3 } as const, false],
    [{ availableFromHour: 24 }, false],
    [{ rewardXP: 0 }, false],
    [{ date: "2026-11-23" }, false],
    [{ type: "handstand" as ServerChallenge["type"] }, false],
  ])("%j → %s", (over, expected) => {
    expect(engineChecksAsWritten(challenge(over), DAY)).toBe(expected);
  });
});

test("toEngineChallenges: the extension's date, local availability, and completions the engine already had", () => {
  const [c] = toEngineChallenges([challenge()], [{ ...toEngineChallenges([challenge()])[0], completed: true }]);
  expect(c.date).toBe(extensionDateOf(DAY));
  expect(c.availableFrom).toBe(new Date(2026, 10, 24, 6).getTime());
  expect(c.completed).toBe(true);
});

test("engineList: only what the engine checks as written; the user's other completions are marked, and said so", () => {
  const set = { date: DAY, challenges: [challenge(), challenge({ id: "c2", type: "streak", target: 5 }), challenge({ id: "c3", type: "minutes", target: 5 })] };
  const { list, marked } = engineList(set, undefined, [{ date: DAY, id: "c3" }]);
  expect(list.map((c) => [c.id, c.completed === true])).toEqual([
    ["c1", false],
    ["c3", true],
  ]);
  expect(marked).toEqual([{ date: DAY, id: "c3" }]);
  // Already completed by this engine: kept completed, not marked by the kit.
  const again = engineList(set, list, [{ date: DAY, id: "c3" }]);
  expect(again.marked).toEqual([]);
});

test("ownCompletions: what the engine completed among what the kit handed, never what the kit marked; the last week only", () => {
  const handed = [{ date: DAY, id: "c1" }, { date: DAY, id: "c3" }];
  const engine = toEngineChallenges([challenge(), challenge({ id: "c3", type: "minutes", target: 5 }), challenge({ id: "cX" })]).map((c) => ({ ...c, completed: true }));
  const own = ownCompletions(stats({ dailyChallenges: engine }), handed, [{ date: DAY, id: "c3" }], [{ date: "2026-11-10", id: "old" }], DAY, 32);
  expect(own).toEqual([{ date: DAY, id: "c1" }]);
  expect(recent([{ date: "2026-11-18", id: "a" }, { date: "2026-11-17", id: "b" }, { date: "2026-11-25", id: "c" }], DAY, 32)).toEqual([{ date: "2026-11-18", id: "a" }]);
  expect(recent([{ date: DAY, id: "a" }, { date: DAY, id: "b" }], DAY, 1)).toEqual([{ date: DAY, id: "b" }]);
});

test("completedNow: the served challenges the engine's list holds as completed, each once, with its local day", () => {
  const list = toEngineChallenges([challenge(), challenge({ id: "c2" }), challenge({ id: "c3" })]);
  const held = stats({ dailyChallenges: [{ ...list[0], completed: true }, list[1], { ...list[2], completed: true }, { ...list[0], completed: true }] });
  expect(completedNow(held)).toEqual([
    { date: DAY, id: "c1" },
    { date: DAY, id: "c3" },
  ]);
  expect(completedNow(stats())).toEqual([]);
});

describe("todaysShare", () => {
  const today = DAY;
  const at = (h: number, m = 0) => new Date(2026, 10, 24, h, m).toISOString();

  test("the sessions that ended today, never more than what grew", () => {
    const sessions = [
      { startedAt: new Date(2026, 10, 23, 23, 50).toISOString(), endedAt: at(0, 10), activeMs: 20 * MINUTE }, // ended today
      { startedAt: new Date(2026, 10, 23, 20).toISOString(), endedAt: new Date(2026, 10, 23, 20, 10).toISOString(), activeMs: 10 * MINUTE },
      { startedAt: at(9), activeMs: 5 * MINUTE }, // no end: start + active time
    ];
    expect(todaysShare(40 * MINUTE, stats({ sessions }), today)).toBe(25 * MINUTE);
    expect(todaysShare(10 * MINUTE, stats({ sessions }), today)).toBe(10 * MINUTE);
    expect(todaysShare(0, stats({ sessions }), today)).toBe(0);
  });

  test("without a session log, what the engine counts for today bounds it (and only if its last day is today)", () => {
    const engineToday = stats({ lastMeditationDate: extensionDateOf(today), todaySessionTime: 7 * MINUTE });
    expect(todaysShare(10 * MINUTE, engineToday, today)).toBe(7 * MINUTE);
    expect(todaysShare(10 * MINUTE, { ...engineToday, lastMeditationDate: extensionDateOf("2026-11-23") }, today)).toBe(0);
  });
});
