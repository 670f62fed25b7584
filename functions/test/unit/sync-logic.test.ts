import fc from "fast-check";
import { addDays } from "../../src/domain/dates";
import { DEVICE_LIMIT_CEILING } from "../../src/domain/progress";
import { MAX_DAY_MS, MAX_DEVICE_CHALLENGES, MAX_DEVICE_MEDITATION_MS, MAX_DEVICE_XP, MAX_STREAK, MAX_TOTAL_XP } from "../../src/domain/bounds";
import { syncRequestSchema } from "../../src/sync/sync.schema";
import {
  COUNTERS,
  deviceDateProblems,
  mergeSync,
  type Counters,
  type DeviceSync,
  type SyncInput,
  type UserProgress,
} from "../../src/sync/sync.logic";

const NOW = new Date("2026-11-24T10:00:00.000Z");

function input(overrides: Partial<SyncInput> = {}): SyncInput {
  return {
    now: NOW,
    totals: {},
    reported: {},
    onboarding: {},
    anonymousId: "calm-otter-0000",
    maxDevices: 20,
    ...overrides,
  };
}

function device(key: string, earned: Partial<Counters>, extra: Partial<DeviceSync> = {}): DeviceSync {
  return {
    key,
    earned: { xp: 0, meditationMs: 0, challengesCompleted: 0, ...earned },
    localDate: "2026-11-24",
    todaySessionTime: 0,
    activeDays: [],
    ...extra,
  };
}

/** Applies syncs in order, as the server would, one transaction each. */
function run(steps: SyncInput[], start: UserProgress | null = null): UserProgress | null {
  return steps.reduce<UserProgress | null>((state, step) => mergeSync(state, step).progress, start);
}

const enable = (xp: number, meditationMs = 0, challengesCompleted = 0) =>
  input({ totals: { xp, meditationMs, challengesCompleted } });

describe("G-Counter totals", () => {
  test("the first sync sets the baseline from the totals it sends", () => {
    const outcome = mergeSync(null, input({ totals: { xp: 150, meditationMs: 5_400_000, challengesCompleted: 3 } }));
    expect(outcome.progress.baseline).toEqual({ xp: 150, meditationMs: 5_400_000, challengesCompleted: 3 });
    expect(outcome.merged.meditation).toMatchObject({ totalXP: 150, totalMeditationTime: 5_400_000, challengesCompleted: 3 });
  });

  test("a first sync with a device splits its total into baseline and the device's own earnings", () => {
    const outcome = mergeSync(null, input({ totals: { xp: 150 }, device: device("a", { xp: 40 }) }));
    expect(outcome.progress.baseline.xp).toBe(110);
    expect(outcome.progress.devices.a.xp).toBe(40);
    expect(outcome.merged.meditation.totalXP).toBe(150);
  });

  test("two devices earning +20 and +30 offline end at +50 in either order", () => {
    const a = input({ device: device("a", { xp: 20 }) });
    const b = input({ device: device("b", { xp: 30 }) });
    const ab = run([enable(100), a, b])!;
    const ba = run([enable(100), b, a])!;
    expect(ab.totals.xp).toBe(150);
    expect(ba.totals).toEqual(ab.totals);
  });

  test("a retry changes nothing and gains nothing", () => {
    const a = input({ device: device("a", { xp: 20, meditationMs: 60_000, challengesCompleted: 1 }), leaderboardOptIn: true });
    const once = run([enable(100), a])!;
    const retried = mergeSync(once, a);
    expect(retried.progress.totals).toEqual(once.totals);
    expect(retried.boardGain).toBe(0);
    expect(retried.progress.periods).toEqual(once.periods);
  });

  test("an older request arriving late cannot lower a device's slot", () => {
    const newer = input({ device: device("a", { xp: 50 }) });
    const older = input({ device: device("a", { xp: 20 }) });
    expect(run([enable(0), newer, older])!.totals.xp).toBe(50);
  });

  test("a plain client (no device) never lowers a total and raises it to what it sends", () => {
    const state = run([enable(100), input({ device: device("a", { xp: 20 }) })])!;
    expect(mergeSync(state, input({ totals: { xp: 90 } })).progress.totals.xp).toBe(120);
    const raised = mergeSync(state, input({ totals: { xp: 200 } }));
    expect(raised.progress.totals.xp).toBe(200);
    expect(raised.boardGain).toBe(80);
    // and a device keeps adding on top of the raised total
    expect(mergeSync(raised.progress, input({ device: device("a", { xp: 25 }) })).progress.totals.xp).toBe(205);
  });

  test("a new device beyond the limit is refused, a known one still syncs", () => {
    const state = run([enable(0), input({ device: device("a", { xp: 1 }), maxDevices: 1 })])!;
    expect(() => mergeSync(state, input({ device: device("b", { xp: 1 }), maxDevices: 1 }))).toThrow(/devices/);
    expect(mergeSync(state, input({ device: device("a", { xp: 2 }), maxDevices: 1 })).progress.totals.xp).toBe(2);
  });

  test("property: any order and any duplication of device syncs ends at baseline + Σ each device's largest counters", () => {
    const counters = fc.record({
      xp: fc.nat({ max: 5000 }),
      meditationMs: fc.nat({ max: 10_000_000 }),
      challengesCompleted: fc.nat({ max: 20 }),
    });
    const scenario = fc.record({
      baseline: counters,
      // per device, a sequence of growing cumulative counters (what it reports at each sync)
      devices: fc.array(fc.array(counters, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
      seed: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(scenario, ({ baseline, devices, seed }) => {
        const cumulative = devices.map((steps) => {
          const sum: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };
          return steps.map((step) => {
            for (const name of COUNTERS) sum[name] += step[name];
            return { ...sum };
          });
        });
        const all = cumulative.flatMap((steps, d) => steps.map((earned) => input({ device: device(`d${d}`, earned) })));
        // every request at least once, then random duplicates, in a seeded random order
        const sequence = [...all, ...seed.map((n) => all[n % all.length])];
        const shuffled = sequence
          .map((step, i) => ({ step, key: (seed[i % seed.length] * 7919 + i * 104729) % 1000003 }))
          .sort((x, y) => x.key - y.key)
          .map(({ step }) => step);
        const final = run([input({ totals: baseline }), ...shuffled])!;
        for (const name of COUNTERS) {
          const expected = baseline[name] + cumulative.reduce((sum, steps) => sum + steps[steps.length - 1][name], 0);
          expect(final.totals[name]).toBe(expected);
        }
        // and the order really does not matter: the reverse order ends in the same totals
        expect(run([input({ totals: baseline }), ...[...shuffled].reverse()])!.totals).toEqual(final.totals);
      }),
      { numRuns: 300 },
    );
  });
});

describe("joining and pairing: each device's own progress counts once, in any order", () => {
  const brought = (xp: number, longestStreak = 0) => ({ xp, meditationMs: xp * 1000, challengesCompleted: 0, longestStreak });

  test("A (1,000 XP) makes a code before ever syncing, B joins with merge bringing 200: 1,200 in every order", () => {
    const a = input({ totals: { xp: 1_000 }, device: device("a", {}, { brought: brought(1_000) }) });
    const b = input({ totals: { xp: 200 }, device: device("b", {}, { brought: brought(200) }) });
    for (const order of [[a, b], [b, a], [a, b, a, b], [b, b, a]]) {
      expect(run(order)!.totals.xp).toBe(1_200);
    }
  });

  test("B joins with adopt: it brings nothing, whatever its local total says, in every order", () => {
    const a = input({ totals: { xp: 1_000 }, device: device("a", {}, { brought: brought(1_000) }) });
    const b = input({ totals: { xp: 200 }, device: device("b", { xp: 5 }, { brought: brought(0) }) });
    for (const order of [[a, b], [b, a]]) expect(run(order)!.totals.xp).toBe(1_005);
  });

  test("what a device brings is fixed at its first sync: later requests cannot bring it again", () => {
    const first = input({ totals: { xp: 300 }, device: device("a", { xp: 10 }, { brought: brought(300) }) });
    const later = input({ totals: { xp: 900 }, device: device("a", { xp: 20 }, { brought: brought(900) }) });
    expect(run([first, later, first])!.totals.xp).toBe(320);
  });

  test("a client that does not send `brought` keeps the older rule: only the user's first sync brings its totals", () => {
    const first = input({ totals: { xp: 150 }, device: device("a", { xp: 10 }) });
    const joining = input({ totals: { xp: 500 }, device: device("b", { xp: 5 }) });
    expect(run([first, joining])!.totals.xp).toBe(155);
  });

  test("property: pairing, merge/adopt joins and first syncs in any order and with retries end at Σ brought + Σ earned", () => {
    const counters = fc.record({ xp: fc.nat({ max: 5000 }), meditationMs: fc.nat({ max: 10_000_000 }), challengesCompleted: fc.nat({ max: 20 }) });
    const joiner = fc.record({
      mode: fc.constantFrom("merge", "adopt"),
      local: counters,
      steps: fc.array(counters, { minLength: 1, maxLength: 4 }),
    });
    const scenario = fc.record({
      maker: fc.record({ local: counters, steps: fc.array(counters, { minLength: 1, maxLength: 4 }) }),
      joiners: fc.array(joiner, { minLength: 1, maxLength: 3 }),
      order: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(scenario, ({ maker, joiners, order }) => {
        // The code maker brings its local progress; each joiner brings its own (merge) or nothing (adopt).
        const devices = [{ mode: "merge", ...maker }, ...joiners].map((d, index) => {
          const bring = d.mode === "merge" ? { ...d.local, longestStreak: 0 } : { xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: 0 };
          const sum: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };
          const requests = d.steps.map((step) => {
            for (const name of COUNTERS) sum[name] += step[name];
            const local = { xp: d.local.xp + sum.xp, meditationMs: d.local.meditationMs + sum.meditationMs, challengesCompleted: d.local.challengesCompleted + sum.challengesCompleted };
            return input({ totals: local, device: device(`d${index}`, { ...sum }, { brought: bring }) });
          });
          return { bring, earned: { ...sum }, requests };
        });
        const all = devices.flatMap((d) => d.requests);
        const sequence = [...all, ...order.map((n) => all[n % all.length])];
        const shuffled = sequence
          .map((step, i) => ({ step, key: (order[i % order.length] * 7919 + i * 104729) % 1000003 }))
          .sort((x, y) => x.key - y.key)
          .map(({ step }) => step);
        const final = run(shuffled)!;
        for (const name of COUNTERS) {
          const expected = devices.reduce((sum, d) => sum + d.bring[name] + d.earned[name], 0);
          expect(final.totals[name]).toBe(expected);
        }
        expect(run([...shuffled].reverse())!.totals).toEqual(final.totals);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});

describe("streaks from the union of active days", () => {
  test("two devices whose days together form an unbroken run, whatever the extension claimed", () => {
    const a = input({
      reported: { currentStreak: 41, longestStreak: 3 },
      device: device("a", {}, { activeDays: ["2026-11-20", "2026-11-22", "2026-11-24"] }),
    });
    const b = input({
      reported: { currentStreak: 17, longestStreak: 2 },
      device: device("b", {}, { activeDays: ["2026-11-21", "2026-11-23"] }),
    });
    for (const order of [[a, b], [b, a]]) {
      const state = run([enable(0), ...order])!;
      expect(state.currentStreak).toBe(5);
      expect(state.longestStreak).toBe(5);
    }
  });

  test("the streak still counts on the next day before practice, and breaks after a missed day", () => {
    const days = ["2026-11-22", "2026-11-23", "2026-11-24"];
    const state = run([enable(0), input({ device: device("a", {}, { activeDays: days }) })])!;
    const tomorrow = mergeSync(state, input({ device: device("a", {}, { localDate: "2026-11-25", activeDays: days }) }));
    expect(tomorrow.merged.meditation.currentStreak).toBe(3);
    const later = mergeSync(state, input({ device: device("a", {}, { localDate: "2026-11-26", activeDays: days }) }));
    expect(later.merged.meditation.currentStreak).toBe(0);
    expect(later.merged.meditation.longestStreak).toBe(3);
  });

  test("longest streak: what a device reports at its first sync (history from before sync) and what the days prove", () => {
    const state = run([
      enable(0),
      input({ reported: { longestStreak: 9 }, device: device("a", {}, { activeDays: ["2026-11-24"] }) }),
    ])!;
    expect(state.longestStreak).toBe(9);
    expect(state.currentStreak).toBe(1);
  });

  test("later reported longest streaks are not trusted (the extension inflates them)", () => {
    const first = input({ reported: { longestStreak: 3 }, device: device("a", {}, { activeDays: ["2026-11-23", "2026-11-24"] }) });
    const inflated = input({ reported: { longestStreak: 5, currentStreak: 5 }, device: device("a", {}, { activeDays: ["2026-11-24"] }) });
    const plain = input({ reported: { longestStreak: 8, currentStreak: 8 } });
    expect(run([first, inflated, plain])!.longestStreak).toBe(3);
  });

  test("a request without active days after one with days gives the same longest streak as the reverse order", () => {
    const withDays = input({
      reported: { longestStreak: 2 },
      device: device("a", {}, { activeDays: ["2026-11-22", "2026-11-23", "2026-11-24"] }),
    });
    const withoutDays = input({ reported: { currentStreak: 9, longestStreak: 2 } });
    expect(run([withDays, withoutDays])!.longestStreak).toBe(run([withoutDays, withDays])!.longestStreak);
    expect(run([withDays, withoutDays])!.longestStreak).toBe(3);
  });

  test("property: the stored longest streak does not depend on the order of the requests", () => {
    const day = fc.integer({ min: 0, max: 20 }).map((n) => addDays("2026-11-04", n));
    const request = fc.record({
      device: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
      days: fc.array(day, { maxLength: 6 }),
      longest: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
      current: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
    });
    const scenario = fc.record({
      // What each device brings (its history's longest streak) is fixed when it joins, as the client sends it.
      history: fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 30 }), fc.nat({ max: 30 })),
      requests: fc.array(request, { minLength: 2, maxLength: 7 }),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(scenario, ({ history, requests, seed }) => {
        const steps = requests.map((r) =>
          input({
            reported: { longestStreak: r.longest, currentStreak: r.current },
            device:
              r.device === undefined
                ? undefined
                : device(`d${r.device}`, {}, {
                    activeDays: [...r.days].sort(),
                    brought: { xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: history[r.device] },
                  }),
          }),
        );
        // The first request creates the user either way; what follows may come in any order.
        const [head, ...tail] = steps;
        const expected = run(steps)!.longestStreak;
        const rotated = tail.map((_, i) => tail[(i + seed) % tail.length]);
        expect(run([head, ...rotated])!.longestStreak).toBe(expected);
        expect(run([head, ...[...tail].reverse()])!.longestStreak).toBe(expected);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  test("the last meditation date is reported in the extension's own format", () => {
    const outcome = mergeSync(null, input({ device: device("a", {}, { activeDays: ["2026-11-23"] }) }));
    expect(outcome.merged.meditation.lastMeditationDate).toBe("Mon Nov 23 2026");
  });

  test("without any active days, the plain client's own streak is kept (nothing better is known)", () => {
    const outcome = mergeSync(null, input({ reported: { currentStreak: 5, longestStreak: 7 } }));
    expect(outcome.merged.meditation).toMatchObject({ currentStreak: 5, longestStreak: 7 });
  });
});

describe("today's time", () => {
  test("sums the devices on the caller's local day only", () => {
    const state = run([
      enable(0),
      input({ device: device("a", {}, { localDate: "2026-11-24", todaySessionTime: 600_000 }) }),
      input({ device: device("b", {}, { localDate: "2026-11-23", todaySessionTime: 900_000 }) }),
    ])!;
    const c = mergeSync(state, input({ device: device("c", {}, { localDate: "2026-11-24", todaySessionTime: 300_000 }) }));
    expect(c.merged.meditation.todaySessionTime).toBe(900_000);
  });

  test("a device's day only moves forward, and within a day its time only grows", () => {
    const state = run([
      enable(0),
      input({ device: device("a", {}, { localDate: "2026-11-24", todaySessionTime: 600_000 }) }),
      input({ device: device("a", {}, { localDate: "2026-11-24", todaySessionTime: 300_000 }) }),
      input({ device: device("a", {}, { localDate: "2026-11-23", todaySessionTime: 900_000 }) }),
    ])!;
    expect(state.devices.a).toMatchObject({ localDate: "2026-11-24", todaySessionTime: 600_000 });
  });
});

describe("onboarding and leaderboard choice", () => {
  test("hasSeenTour is an OR; gamificationOptIn and leaderboard opt-in are the latest explicit choice", () => {
    const state = run([
      input({ onboarding: { hasSeenTour: true, gamificationOptIn: true }, leaderboardOptIn: true }),
      input({ onboarding: { hasSeenTour: false } }),
    ])!;
    expect(state.onboarding).toEqual({ hasSeenTour: true, gamificationOptIn: true });
    expect(state.leaderboardOptIn).toBe(true);
    const changed = run([input({ onboarding: { gamificationOptIn: false }, leaderboardOptIn: false })], state)!;
    expect(changed.onboarding.gamificationOptIn).toBe(false);
    expect(changed.leaderboardOptIn).toBe(false);
  });

  test("a new user is not on the leaderboard unless they say so", () => {
    expect(mergeSync(null, input()).progress.leaderboardOptIn).toBe(false);
  });
});

describe("issue 22 item 4: whatever the server answers, a client can post back", () => {
  test("property: with up to DEVICE_LIMIT_CEILING devices at any counters within their bounds, the merged view is a valid request", () => {
    const most = { xp: MAX_DEVICE_XP, meditationMs: MAX_DEVICE_MEDITATION_MS, challengesCompleted: MAX_DEVICE_CHALLENGES };
    const counters = fc.record({
      xp: fc.oneof(fc.nat({ max: MAX_DEVICE_XP }), fc.constant(MAX_DEVICE_XP)),
      meditationMs: fc.oneof(fc.nat({ max: MAX_DEVICE_MEDITATION_MS }), fc.constant(MAX_DEVICE_MEDITATION_MS)),
      challengesCompleted: fc.oneof(fc.nat({ max: MAX_DEVICE_CHALLENGES }), fc.constant(MAX_DEVICE_CHALLENGES)),
    });
    const scenario = fc.record({
      devices: fc.integer({ min: 1, max: DEVICE_LIMIT_CEILING }),
      earned: counters,
      brought: counters,
      plainFirst: fc.option(fc.nat({ max: MAX_TOTAL_XP }), { nil: undefined }),
    });
    fc.assert(
      fc.property(scenario, ({ devices, earned, brought, plainFirst }) => {
        const steps: SyncInput[] = plainFirst === undefined ? [] : [input({ totals: { xp: plainFirst } })];
        for (let d = 0; d < devices; d++) {
          steps.push(
            input({
              maxDevices: DEVICE_LIMIT_CEILING,
              device: device(`d${d}`, d === 0 ? most : earned, {
                brought: { ...(d === 0 ? most : brought), longestStreak: MAX_STREAK },
                todaySessionTime: MAX_DAY_MS,
              }),
            }),
          );
        }
        const state = run(steps)!;
        const answer = mergeSync(state, input({ maxDevices: DEVICE_LIMIT_CEILING })).merged;
        const asPlain = syncRequestSchema.safeParse({ data: answer });
        expect(asPlain.error?.issues ?? []).toEqual([]);
        const asDevice = syncRequestSchema.safeParse({ data: answer, device: { deviceId: "0f8fad5b-d9cb-469f-a165-70867728950e", localDate: "2026-11-24" } });
        expect(asDevice.success).toBe(true);
      }),
      { numRuns: 100, seed: 22 },
    );
  });
});

describe("device dates", () => {
  test("a local day more than one day ahead of UTC is refused; one day ahead is a real time zone", () => {
    expect(deviceDateProblems({ localDate: addDays("2026-11-24", 1), activeDays: [] }, NOW)).toEqual([]);
    expect(deviceDateProblems({ localDate: addDays("2026-11-24", 2), activeDays: [] }, NOW)).toEqual([
      { path: "device.localDate", message: "is in the future" },
    ]);
  });

  test("an active day after the device's own today is refused", () => {
    expect(deviceDateProblems({ localDate: "2026-11-24", activeDays: ["2026-11-24", "2026-11-25"] }, NOW)).toEqual([
      { path: "device.activeDays.1", message: "is after device.localDate" },
    ]);
  });
});
