/**
 * Shared challenges (issue 18 item 2): each served challenge's reward counts once per user, in the totals and on
 * the boards, whichever and however many installs completed it, with retries and in any order.
 */
import fc from "fast-check";
import { datesNeedingSets, KEPT_DAYS_BEFORE_UTC_TODAY, recordCompletions, type ServedRewards } from "../../src/sync/shared-challenges.logic";
import { mergeSync, type Counters, type DeviceSync, type SyncInput, type UserProgress } from "../../src/sync/sync.logic";
import { addDays } from "../../src/domain/dates";

const NOW = new Date("2026-11-24T10:00:00.000Z");
const TODAY = "2026-11-24";
/** Four served challenges on one day, rewards summing to 92 (the figure). */
const SERVED: ServedRewards = {
  [TODAY]: { [`${TODAY}-minutes-1`]: 25, [`${TODAY}-cycles-2`]: 17, [`${TODAY}-deep_session-3`]: 30, [`${TODAY}-streak-4`]: 20 },
  [addDays(TODAY, -1)]: { [`${addDays(TODAY, -1)}-minutes-1`]: 15, [`${addDays(TODAY, -1)}-cycles-2`]: 10 },
};
const ALL_TODAY = Object.keys(SERVED[TODAY]).map((id) => ({ date: TODAY, id }));

function input(overrides: Partial<SyncInput> = {}): SyncInput {
  return { now: NOW, totals: {}, reported: {}, onboarding: {}, anonymousId: "calm-otter-0000", maxDevices: 20, servedRewards: SERVED, ...overrides };
}

function device(key: string, earned: Partial<Counters>, extra: Partial<DeviceSync> = {}): DeviceSync {
  return {
    key,
    earned: { xp: 0, meditationMs: 0, challengesCompleted: 0, ...earned },
    brought: { xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: 0 },
    localDate: TODAY,
    todaySessionTime: 0,
    activeDays: [],
    ...extra,
  };
}

const run = (steps: SyncInput[], start: UserProgress | null = null) =>
  steps.reduce<UserProgress | null>((state, step) => mergeSync(state, step).progress, start)!;

describe("each served challenge's reward counts once per user", () => {
  test("issue 18 item 2: four shared challenges completed on two installs count 4 completions and 92 XP, not 8 and 184", () => {
    // Each install: a short session (40 XP) and the four rewards (92 XP), completed offline before either syncs.
    const a = input({ device: device("a", { xp: 40 + 92, challengesCompleted: 4 }, { completedChallenges: ALL_TODAY }), leaderboardOptIn: true });
    const b = input({ device: device("b", { xp: 40 + 92, challengesCompleted: 4 }, { completedChallenges: ALL_TODAY }), leaderboardOptIn: true });
    for (const order of [[a, b], [b, a], [a, b, a, b, b]]) {
      const state = run([input({ totals: { xp: 100 } }), ...order]);
      expect(state.totals.xp).toBe(100 + 40 + 40 + 92);
      expect(state.totals.challengesCompleted).toBe(4);
      // the boards count what was truly earned, too
      expect(state.periods.daily?.xp).toBe(40 + 40 + 92);
    }
  });

  test("the union of completions is returned for the caller's local day and the day before", () => {
    const yesterday = addDays(TODAY, -1);
    const reports = [{ date: yesterday, id: `${yesterday}-cycles-2` }, { date: TODAY, id: `${TODAY}-minutes-1` }];
    const state = run([input({ device: device("a", { xp: 35 }, { completedChallenges: reports }) })]);
    const other = mergeSync(state, input({ device: device("b", {}, { completedChallenges: [] }) }));
    expect(other.completedChallenges).toEqual(reports);
    // a device already on the next day sees today's as yesterday's, and no longer the day before
    const tomorrow = mergeSync(state, input({ device: device("b", {}, { localDate: addDays(TODAY, 1) }) }));
    expect(tomorrow.completedChallenges).toEqual([{ date: TODAY, id: `${TODAY}-minutes-1` }]);
  });

  test("a report whose id is not served for its date, or whose date is outside the window, is ignored", () => {
    const reports = [
      { date: TODAY, id: "Tue Nov 24 2026-minutes-0" }, // the engine's own random challenge, not a served one
      { date: addDays(TODAY, -7), id: `${addDays(TODAY, -7)}-minutes-1` }, // before localDate − 6
    ];
    const a = input({ device: device("a", { xp: 50, challengesCompleted: 2 }, { completedChallenges: reports }) });
    const b = input({ device: device("b", { xp: 50, challengesCompleted: 2 }, { completedChallenges: reports }) });
    const state = run([a, b]);
    expect(state.totals).toMatchObject({ xp: 100, challengesCompleted: 4 });
    expect(state.sharedChallenges?.recent ?? []).toEqual([]);
  });

  test("a duplicate reported after its reward was already counted on the boards is taken back from them", () => {
    const a = input({ device: device("a", { xp: 25, challengesCompleted: 1 }, { completedChallenges: [ALL_TODAY[0]] }), leaderboardOptIn: true });
    // b's engine paid the reward in an earlier sync that did not report it (an older kit); it reports it now
    const bEarlier = input({ device: device("b", { xp: 25, challengesCompleted: 1 }), leaderboardOptIn: true });
    const bNow = input({ device: device("b", { xp: 25, challengesCompleted: 1 }, { completedChallenges: [ALL_TODAY[0]] }) });
    const state = run([a, bEarlier, bNow]);
    expect(state.totals).toMatchObject({ xp: 25, challengesCompleted: 1 });
    expect(state.periods.daily?.xp).toBe(25);
  });

  test("only a report no device made before needs the day's set; known completions carry their reward", () => {
    const state = run([input({ device: device("a", { xp: 25 }, { completedChallenges: [ALL_TODAY[0]] }) })]);
    expect(datesNeedingSets(state.sharedChallenges, [ALL_TODAY[0]], TODAY, NOW)).toEqual([]);
    expect(datesNeedingSets(state.sharedChallenges, ALL_TODAY, TODAY, NOW)).toEqual([TODAY]);
    // so a second device's duplicate is found without the set
    const b = mergeSync(state, input({ servedRewards: {}, device: device("b", { xp: 25 }, { completedChallenges: [ALL_TODAY[0]] }) }));
    expect(b.progress.totals.xp).toBe(25);
  });

  test("old days are pruned into the settled amount: no total changes, and late reports for them are ignored", () => {
    const a = input({ device: device("a", { xp: 92 }, { completedChallenges: ALL_TODAY }) });
    const b = input({ device: device("b", { xp: 92 }, { completedChallenges: ALL_TODAY }) });
    const state = run([a, b]);
    const later = new Date(NOW.getTime() + (KEPT_DAYS_BEFORE_UTC_TODAY + 1) * 86_400_000);
    const laterDay = later.toISOString().slice(0, 10);
    const pruned = mergeSync(state, input({ now: later, device: device("a", { xp: 92 }, { localDate: laterDay }) })).progress;
    expect(pruned.sharedChallenges!.recent).toEqual([]);
    expect(pruned.sharedChallenges!.settled).toEqual({ xp: 92, challengesCompleted: 4 });
    expect(pruned.totals.xp).toBe(92);
    // a third install with a stale clock reports the pruned day: ignored, nothing taken back twice or lost
    const stale = mergeSync(pruned, input({ now: later, device: device("c", { xp: 10 }, { completedChallenges: ALL_TODAY }) }));
    expect(stale.progress.totals.xp).toBe(102);
  });

  test("the reward taken back is the served set's, fixed at the first report (a re-curated day changes nothing already counted)", () => {
    const first = recordCompletions(undefined, "a", [ALL_TODAY[0]], TODAY, SERVED, NOW).shared;
    const recurated: ServedRewards = { [TODAY]: { [ALL_TODAY[0].id]: 99 } };
    const second = recordCompletions(first, "b", [ALL_TODAY[0]], TODAY, recurated, NOW);
    expect(second.newlyTakenBack).toEqual({ xp: 25, challengesCompleted: 1 });
  });

  test("property: totals are baseline + Σ earned − each duplicate once, for any order and any retries", () => {
    const ids = ALL_TODAY;
    const scenario = fc.record({
      devices: fc.array(
        fc.record({ completed: fc.subarray(ids.map((_, i) => i)), extraXp: fc.nat({ max: 50 }) }),
        { minLength: 1, maxLength: 4 },
      ),
      order: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(scenario, ({ devices, order }) => {
        // each device syncs twice: once before its completions, once after (cumulative, as the kit sends them)
        const requests = devices.flatMap((d, i) => {
          const reward = d.completed.reduce((sum, c) => sum + SERVED[TODAY][ids[c].id], 0);
          const key = `d${i}`;
          return [
            input({ leaderboardOptIn: true, device: device(key, { xp: d.extraXp }) }),
            input({
              leaderboardOptIn: true,
              device: device(key, { xp: d.extraXp + reward, challengesCompleted: d.completed.length }, { completedChallenges: d.completed.map((c) => ids[c]) }),
            }),
          ];
        });
        const sequence = [...requests, ...order.map((n) => requests[n % requests.length])];
        const shuffled = sequence
          .map((step, i) => ({ step, key: (order[i % order.length] * 7919 + i * 104729) % 1000003 }))
          .sort((x, y) => x.key - y.key)
          .map(({ step }) => step);
        const truth = { xp: 0, challengesCompleted: 0 };
        devices.forEach((d) => (truth.xp += d.extraXp));
        ids.forEach((challenge, c) => {
          if (devices.some((d) => d.completed.includes(c))) {
            truth.xp += SERVED[TODAY][challenge.id];
            truth.challengesCompleted += 1;
          }
        });
        const final = run(shuffled);
        expect(final.totals).toMatchObject(truth);
        expect(run([...shuffled].reverse()).totals).toEqual(final.totals);
        // each device earns less than a new device's allowance, so the board equals what was truly earned
        expect(final.periods.daily?.xp ?? 0).toBe(truth.xp);
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
