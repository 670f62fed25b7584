/**
 * The kit's pure bookkeeping (core/bookkeeping/state.ts, and the request the sync resource builds from it),
 * directly: no emulator, no HTTP, no clock but the one passed in. Days are built in the machine's own zone, as the
 * extension writes them.
 */
import fc from "fast-check";
import { afterWrite, clamp, countersOf, isNewWipe, isWiped, joinedState, mergedStats, observe, type KitState, type Sent } from "../../src/core/bookkeeping/state";
import { localDay } from "../../src/core/days";
import { digestOf, hasNews, syncRequest } from "../../src/core/resources/sync";
import { MAX_DEVICE_XP, MAX_STREAK, MAX_TOTAL_XP } from "../../src/generated/wire";
import type { MeditationStats, MergedMeditation } from "../../src/core/types";

const NOON = new Date(2026, 10, 24, 12); // Tue Nov 24 2026, local
const NEXT_NOON = new Date(2026, 10, 25, 12);

function stats(over: Partial<MeditationStats> = {}): MeditationStats {
  return {
    totalXP: 0,
    currentStreak: 0,
    longestStreak: 0,
    todaySessionTime: 0,
    totalMeditationTime: 0,
    lastMeditationDate: "",
    ...over,
  };
}

const joined = (s: MeditationStats, mode: "merge" | "adopt" = "merge", mark = "m1") => joinedState("device-1", s, NOON, mode, mark);
const sentOf = (state: KitState): Sent => ({ earned: { ...state.earned }, day: state.day, todayOwn: state.todayOwn });

describe("joinedState", () => {
  test("merge brings the install's progress; adopt brings nothing; both start counting from what they see", () => {
    const s = stats({ totalXP: 500, totalMeditationTime: 600_000, challengesCompleted: 2, longestStreak: 4, lastMeditationDate: NOON.toDateString(), todaySessionTime: 60_000 });
    const merge = joined(s, "merge");
    expect(merge.brought).toEqual({ xp: 500, meditationMs: 600_000, challengesCompleted: 2, longestStreak: 4 });
    expect(merge.todayOwn).toBe(60_000);
    expect(merge.activeDays).toEqual([localDay(NOON)]);
    const adopt = joined(s, "adopt");
    expect(adopt.brought).toEqual({ xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: 0 });
    expect([adopt.todayOwn, adopt.activeDays]).toEqual([0, []]);
    for (const state of [merge, adopt]) {
      expect(state.earned).toEqual({ xp: 0, meditationMs: 0, challengesCompleted: 0 });
      expect(state.seen).toEqual(countersOf(s));
      expect([state.mark, state.day, state.syncedOnce, state.countingSince]).toEqual(["m1", localDay(NOON), false, NOON.toISOString()]);
    }
  });

  test("what an install brings is capped at the server's bound for one device", () => {
    expect(joined(stats({ totalXP: MAX_TOTAL_XP })).brought.xp).toBe(MAX_DEVICE_XP);
  });
});

describe("observe", () => {
  test("growth since the last value seen is earned; a lower total is a new starting point, never a loss", () => {
    const start = joined(stats({ totalXP: 100, totalMeditationTime: 60_000 }));
    const grown = observe(start, stats({ totalXP: 150, totalMeditationTime: 120_000, syncMark: "m1" }), NOON);
    expect(grown.earned).toEqual({ xp: 50, meditationMs: 60_000, challengesCompleted: 0 });
    const lower = observe(grown, stats({ totalXP: 120, totalMeditationTime: 120_000, syncMark: "m1" }), NOON);
    expect(lower.earned).toEqual(grown.earned);
    const again = observe(lower, stats({ totalXP: 130, totalMeditationTime: 120_000, syncMark: "m1" }), NOON);
    expect(again.earned.xp).toBe(60);
  });

  test("today's own time follows the growth of the total, and starts anew on a new local day", () => {
    const start = joined(stats({ syncMark: "m1" }));
    const s = stats({ totalMeditationTime: 300_000, lastMeditationDate: NOON.toDateString(), todaySessionTime: 300_000, syncMark: "m1" });
    expect(observe(start, s, NOON).todayOwn).toBe(300_000);
    const tomorrow = observe(observe(start, s, NOON), { ...s, totalMeditationTime: 400_000 }, NEXT_NOON);
    expect([tomorrow.day, tomorrow.todayOwn]).toEqual([localDay(NEXT_NOON), 0]); // no session log says it ended today
  });

  test("observing the same stats twice changes nothing more (idempotent)", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(50), (xp, ms, done) => {
        const s = stats({ totalXP: xp, totalMeditationTime: ms, challengesCompleted: done, syncMark: "m1" });
        const once = observe(joined(stats({ syncMark: "m1" })), s, NOON);
        expect(observe(once, s, NOON)).toEqual(once);
      }),
    );
  });

  test("earned never goes down and never passes a device's bound, whatever the stats do", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10, max: 2 * MAX_DEVICE_XP }), { maxLength: 12 }), (totals) => {
        let state = joined(stats({ syncMark: "m1" }));
        for (const totalXP of totals) {
          const next = observe(state, stats({ totalXP, syncMark: "m1" }), NOON);
          expect(next.earned.xp).toBeGreaterThanOrEqual(state.earned.xp);
          expect(next.earned.xp).toBeLessThanOrEqual(MAX_DEVICE_XP);
          state = next;
        }
      }),
    );
  });

  test("a wipe (the marker gone) pauses, and everything the wiped stats hold was earned after it", () => {
    const start = observe(joined(stats({ totalXP: 900, syncMark: "m1" })), stats({ totalXP: 900, syncMark: "m1" }), NOON);
    const wiped = stats({ totalXP: 30 }); // reset() dropped the marker; 30 XP earned since
    expect([isWiped(start, wiped), isNewWipe(start, wiped)]).toEqual([true, true]);
    const paused = observe(start, wiped, NOON);
    expect([paused.cleared, paused.earned.xp, paused.seen.xp]).toEqual([true, 30, 30]);
    // Recorded without a new marker, the same wipe is not new again; with one (pauseMarked), a second wipe is.
    expect(isNewWipe(paused, wiped)).toBe(false);
    const marked: KitState = { ...paused, mark: "m2", pauseMarked: true };
    expect(isNewWipe(marked, stats({ totalXP: 5 }))).toBe(true);
    expect(observe(marked, stats({ totalXP: 5 }), NOON).earned.xp).toBe(35);
  });

  test("bookkeeping from before markers: a wipe is all-zero stats after something was seen", () => {
    const old: KitState = { ...joined(stats({ totalXP: 10 })), mark: undefined };
    expect(isWiped(old, stats())).toBe(true);
    expect(isWiped(old, stats({ totalXP: 10 }))).toBe(false);
    expect(isWiped({ ...old, seen: { xp: 0, meditationMs: 0, challengesCompleted: 0 } }, stats())).toBe(false);
  });
});

describe("mergedStats and afterWrite", () => {
  const merged: MergedMeditation = {
    totalXP: 2_000,
    totalMeditationTime: 900_000,
    challengesCompleted: 5,
    currentStreak: 3,
    longestStreak: 7,
    todaySessionTime: 120_000,
    lastMeditationDate: NOON.toDateString(),
  };

  test("the merged totals plus what this device earned after the request was built", () => {
    const before = observe(joined(stats({ syncMark: "m1" })), stats({ totalXP: 100, syncMark: "m1" }), NOON);
    const sent = sentOf(before);
    const current = stats({ totalXP: 140, syncMark: "m1", lastMeditationDate: NOON.toDateString(), currentStreak: 3 });
    const after = observe(before, current, NOON);
    const written = mergedStats(current, merged, sent, after);
    expect([written.totalXP, written.totalMeditationTime, written.challengesCompleted]).toEqual([2_040, 900_000, 5]);
    expect([written.currentStreak, written.longestStreak, written.syncMark]).toEqual([3, 7, "m1"]);
    // Applying the same reply again writes the same stats, and nothing written is counted as earned later.
    expect(mergedStats(current, merged, sent, after)).toEqual(written);
    expect(observe(afterWrite(after, written), written, NOON).earned).toEqual(after.earned);
  });

  test("a device that practised on a later day than the merged data keeps its own day and streak", () => {
    const state = joined(stats({ syncMark: "m1" }));
    const current = stats({ lastMeditationDate: NEXT_NOON.toDateString(), currentStreak: 9 });
    const written = mergedStats(current, merged, sentOf(state), state);
    expect([written.lastMeditationDate, written.currentStreak, written.longestStreak]).toEqual([NEXT_NOON.toDateString(), 9, 9]);
  });
});

test("clamp: a whole number in 0 … max, whatever the extension stored", () => {
  expect([clamp(-3, 10), clamp(3.7, 10), clamp(11, 10), clamp("7", 10), clamp(undefined, 10), clamp(Number.NaN, 10)]).toEqual([0, 3, 10, 7, 0, 0]);
});

test("the request: this device's counters, the totals it saw, bounds applied; no news right after a sync of it", () => {
  const s = stats({ totalXP: 50, currentStreak: 2 * MAX_STREAK, lastMeditationDate: "not a date", syncMark: "m1" });
  const state = observe(joined(stats({ syncMark: "m1" })), s, NOON);
  const { body, sent } = syncRequest(state, s, { hasSeenTour: true });
  expect(body.device.earned).toEqual({ xp: 50, meditationMs: 0, challengesCompleted: 0 });
  expect(sent).toEqual(sentOf(state));
  expect(body.data.meditation).toEqual({ totalXP: 50, totalMeditationTime: 0, challengesCompleted: 0, currentStreak: MAX_STREAK, longestStreak: 0 });
  expect(body.data.onboarding).toEqual({ hasSeenTour: true });
  expect(body.leaderboard).toBeUndefined();
  expect(syncRequest({ ...state, optInChoice: false }, s, {}).body.leaderboard).toEqual({ optIn: false });
  const synced: KitState = { ...state, syncedOnce: true, sentDigest: digestOf(body) };
  expect(hasNews(synced, s, NOON, { hasSeenTour: true })).toBe(false);
  expect(hasNews(synced, { ...s, totalXP: 51 }, NOON, { hasSeenTour: true })).toBe(true);
  expect(hasNews(synced, s, NOON, { hasSeenTour: false })).toBe(true);
});

test("completions the engine held when the install started counting are never reported as its own; a wipe drops them", () => {
  const engine = (completed: boolean) => ({
    id: "c1",
    date: NOON.toDateString(),
    type: "cycles" as const,
    target: 3,
    rewardXP: 20,
    availableFrom: 0,
    completed,
    title: "",
    description: "",
    eonMessage: "",
    completionMessage: "",
  });
  const held = stats({ dailyChallenges: [engine(true)], syncMark: "m1" });
  const handed = [{ date: localDay(NOON), id: "c1" }];
  const state: KitState = { ...joined(held), handed };
  expect(state.joinedCompleted).toEqual(handed);
  expect(observe(state, held, NOON).ownCompleted).toEqual([]);
  // Without that record (an install that joined before it held the completion), the same completion is its own.
  expect(observe({ ...state, joinedCompleted: undefined }, held, NOON).ownCompleted).toEqual(handed);
  expect(observe(state, stats({ dailyChallenges: [engine(true)] }), NOON).joinedCompleted).toBeUndefined();
});
