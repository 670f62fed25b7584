/**
 * What counts on the boards: per-device allowances (domain/board-gains.ts) as the sync merge applies them. Honest
 * play counts in full — the scenarios measured from outside, and random honest histories — while forged gains
 * stay under a bound that follows from each device's wall-clock time.
 */
import fc from "fast-check";
import {
  addGain,
  BREATHING_XP_PER_MINUTE,
  MAX_BANKED_XP,
  NEW_DEVICE_ALLOWANCE_XP,
  periodCap,
  spendOnBoard,
} from "../../src/domain/board-gains";
import { mergeSync, type SyncInput, type UserProgress } from "../../src/sync/sync.logic";

const keys = { daily: "2026-11-24", weekly: "2026-W48", monthly: "2026-11" };
const START = Date.parse("2026-11-24T00:05:00.000Z");
const MINUTE = 60_000;

/** One user on the server; devices sync their cumulative `earned` XP at given instants (pure mergeSync). */
class Server {
  state: UserProgress | null = null;
  constructor(readonly maxDevices = 20) {}

  sync(deviceKey: string | undefined, earnedXp: number, at: number, totalXp = 0, countingSince?: number): number {
    const localDate = new Date(at).toISOString().slice(0, 10);
    const input: SyncInput = {
      now: new Date(at),
      totals: { xp: totalXp },
      reported: {},
      onboarding: {},
      device: deviceKey
        ? {
            key: deviceKey,
            earned: { xp: earnedXp, meditationMs: 0, challengesCompleted: 0 },
            localDate,
            todaySessionTime: 0,
            activeDays: [],
            ...(countingSince === undefined ? {} : { countingSince: new Date(countingSince).toISOString() }),
          }
        : undefined,
      leaderboardOptIn: true,
      anonymousId: "calm-otter-0000",
      maxDevices: this.maxDevices,
    };
    const outcome = mergeSync(this.state, input);
    this.state = outcome.progress;
    return outcome.boardGain;
  }

  board(period: "daily" | "weekly" | "monthly", at: number): number {
    const bucket = this.state?.periods[period];
    const key = period === "daily" ? new Date(at).toISOString().slice(0, 10) : undefined;
    if (!bucket || (key && bucket.key !== key)) return 0;
    return bucket.xp;
  }
}

describe("the allowance bucket", () => {
  const at = new Date(START);
  test("a new device may count up to one bonus at once", () => {
    expect(spendOnBoard(undefined, 1_000, at)).toMatchObject({ counted: NEW_DEVICE_ALLOWANCE_XP, allowance: { xp: 0 } });
    expect(spendOnBoard(undefined, 40, at)).toMatchObject({ counted: 40, allowance: { xp: NEW_DEVICE_ALLOWANCE_XP - 40 } });
  });

  test("refills at the breathing pace, keeps what was not spent, and holds at most a day's worth", () => {
    const empty = { xp: 0, at: at.toISOString() };
    expect(spendOnBoard(empty, 1_000, new Date(START + 10 * MINUTE)).counted).toBe(10 * BREATHING_XP_PER_MINUTE);
    const week = spendOnBoard(empty, 10_000_000, new Date(START + 7 * 24 * 60 * MINUTE));
    expect(week.counted).toBe(MAX_BANKED_XP);
    const kept = spendOnBoard({ xp: 100, at: at.toISOString() }, 30, new Date(START + MINUTE));
    expect(kept).toEqual({ counted: 30, allowance: { xp: 82, at: new Date(START + MINUTE).toISOString() } });
  });

  test("a retry (gain 0) counts nothing; a clock that went back refills nothing", () => {
    const later = new Date(START + 5 * MINUTE).toISOString();
    expect(spendOnBoard({ xp: 7, at: later }, 0, at)).toEqual({ counted: 0, allowance: { xp: 7, at: later } });
    expect(spendOnBoard({ xp: 7, at: later }, 100, at).counted).toBe(7);
  });
});

describe("honest play counts in full (the scenarios measured from outside)", () => {
  /** Devices A and B both synced a week ago; B then goes offline and earns ≈ 60 XP a day. */
  function weekOffline(minutesAfterA: number): number {
    const server = new Server();
    const weekAgo = START - 7 * 24 * 60 * MINUTE;
    server.sync("A", 0, weekAgo);
    server.sync("B", 0, weekAgo + MINUTE);
    // A syncs every day, earning a little; then today at noon, and B one or ten minutes later.
    let aXp = 0;
    for (let day = 1; day <= 7; day++) server.sync("A", (aXp += 30), weekAgo + day * 24 * 60 * MINUTE - 2 * 60 * MINUTE);
    const noon = START + 12 * 60 * MINUTE;
    server.sync("A", aXp, noon);
    return server.sync("B", 500, noon + minutesAfterA * MINUTE);
  }

  test("device B offline for a week syncs 1 minute after device A: all 500 count", () => {
    expect(weekOffline(1)).toBe(500);
  });

  test("same, 10 minutes after A: all 500 count", () => {
    expect(weekOffline(10)).toBe(500);
  });

  /** A 20-minute session at 6 cycles a minute, syncing every `everySeconds`, with a +75 goal bonus at the end. */
  function session(everySeconds: number, newDevice: boolean): number {
    const server = new Server();
    const begin = START + 60 * MINUTE;
    if (!newDevice) server.sync("A", 0, START - 24 * 60 * MINUTE);
    let counted = 0;
    for (let s = everySeconds; s <= 20 * 60; s += everySeconds) counted += server.sync("A", Math.floor((s / 60) * 6), begin + s * 1000);
    counted += server.sync("A", 120 + 75, begin + 20 * MINUTE + 1000);
    return counted;
  }

  test.each([
    [10, false],
    [60, false],
    [10, true],
    [60, true],
  ])("a 20-minute session syncing every %i s (new device: %s) with a +75 bonus at the end: all 195 count", (every, fresh) => {
    expect(session(every, fresh)).toBe(195);
  });

  test("several devices syncing minutes apart, and challenge rewards between sessions, count in full", () => {
    const server = new Server();
    const at = (minutes: number) => START + minutes * MINUTE;
    server.sync("A", 0, at(0));
    server.sync("B", 0, at(1));
    server.sync("C", 0, at(2));
    let counted = 0;
    counted += server.sync("A", 90, at(20)); // a 15-minute session
    counted += server.sync("B", 60, at(22));
    counted += server.sync("C", 50, at(23)); // a challenge reward
    counted += server.sync("A", 90 + 75, at(24)); // A's goal bonus
    counted += server.sync("B", 60 + 100, at(40));
    expect(counted).toBe(165 + 160 + 50);
    expect(server.board("daily", at(40))).toBe(375);
  });
});

describe("issue 22 item 5: a first sync counts what the device earned since it started counting", () => {
  test("sync turned on while offline, a session, then the first successful sync: 500 of 500 (was 150)", () => {
    const server = new Server();
    const turnedOn = START;
    expect(server.sync("A", 500, turnedOn + 3 * 60 * MINUTE, 500, turnedOn)).toBe(500);
  });

  test("a first sync at the end of a 20-minute session: 195 of 195 (was 150)", () => {
    const server = new Server();
    expect(server.sync("A", 195, START + 20 * MINUTE, 195, START)).toBe(195);
  });

  test("a joining device's time counts from when it started counting, never from before the user existed", () => {
    const server = new Server();
    server.sync("A", 0, START);
    // B claims it has been counting for a week; the user exists for 30 minutes: 150 + 30 × 12 at most
    const counted = server.sync("B", 100_000, START + 30 * MINUTE, 0, START - 7 * 24 * 60 * MINUTE);
    expect(counted).toBe(NEW_DEVICE_ALLOWANCE_XP + 30 * BREATHING_XP_PER_MINUTE);
  });

  test("a countingSince in the future, or a week back on the user's first sync, counts no more than a bucket allows", () => {
    expect(new Server().sync("A", 100_000, START, 0, START + 60 * MINUTE)).toBe(NEW_DEVICE_ALLOWANCE_XP);
    expect(new Server().sync("A", 100_000, START, 0, START - 7 * 24 * 60 * MINUTE)).toBe(MAX_BANKED_XP);
  });

  test("countingSince only matters at a device's first sync", () => {
    const server = new Server();
    server.sync("A", 0, START, 0, START);
    expect(server.sync("A", 10_000, START + MINUTE, 0, START - 24 * 60 * MINUTE)).toBe(
      NEW_DEVICE_ALLOWANCE_XP + BREATHING_XP_PER_MINUTE,
    );
  });
});

describe("forged gains stay capped", () => {
  test("+1,000,000 XP a minute after the last sync counts at most what the device's bucket holds", () => {
    const server = new Server();
    server.sync("A", 0, START);
    server.sync("A", 20, START + 60 * MINUTE);
    const counted = server.sync("A", 1_000_020, START + 61 * MINUTE);
    // The device existed for 61 minutes: at most 150 + 61 × 12 in all, of which 20 were honest.
    expect(counted).toBeLessThanOrEqual(NEW_DEVICE_ALLOWANCE_XP + 61 * BREATHING_XP_PER_MINUTE - 20);
    expect(server.state!.totals.xp).toBe(1_000_020); // the user's own total keeps everything
  });

  test("a device that waited a month still banks at most one day of non-stop breathing", () => {
    const server = new Server();
    server.sync("A", 0, START);
    expect(server.sync("A", 5_000_000, START + 31 * 24 * 60 * MINUTE)).toBe(MAX_BANKED_XP);
  });

  test("a fresh device id per request counts one new-device allowance each, and only up to the device limit", () => {
    const server = new Server(20);
    let counted = 0;
    let refused = 0;
    for (let i = 0; i < 100; i++) {
      try {
        counted += server.sync(`forged-${i}`, 10_000, START + i * 1000);
      } catch {
        refused += 1;
      }
    }
    expect(refused).toBe(80);
    expect(counted).toBe(20 * NEW_DEVICE_ALLOWANCE_XP);
    expect(server.board("daily", START)).toBe(20 * NEW_DEVICE_ALLOWANCE_XP);
  });

  test("a plain client (no device) has one allowance of its own", () => {
    const server = new Server();
    server.sync(undefined, 0, START, 1_000);
    expect(server.sync(undefined, 0, START + MINUTE, 1_000_000)).toBe(NEW_DEVICE_ALLOWANCE_XP + BREATHING_XP_PER_MINUTE);
  });
});

describe("properties", () => {
  /**
   * An honest device: sessions of 15–60 minutes at up to 6 cycles a minute, a goal bonus of up to 75 at the end,
   * challenge rewards of up to 50 only after a pause of 10 minutes or more; syncs at random moments in between,
   * some retried, some lost. Everything happens within one UTC day.
   */
  const honestDevice = fc.array(
    fc.record({
      pauseMinutes: fc.integer({ min: 0, max: 120 }),
      minutes: fc.integer({ min: 15, max: 60 }),
      perMinute: fc.integer({ min: 0, max: 6 }),
      bonus: fc.integer({ min: 0, max: 75 }),
      reward: fc.integer({ min: 0, max: 50 }),
      syncEverySeconds: fc.constantFrom(10, 60, 300, 900, 3600),
    }),
    { minLength: 1, maxLength: 6 },
  );

  type Event = { device: string; at: number; earned: number };

  function honestEvents(devices: Array<Array<{ pauseMinutes: number; minutes: number; perMinute: number; bonus: number; reward: number; syncEverySeconds: number }>>) {
    const events: Event[] = [];
    devices.forEach((sessions, index) => {
      const device = `D${index}`;
      let at = START + index * 7 * MINUTE;
      let earned = 0;
      events.push({ device, at, earned });
      for (const s of sessions) {
        at += s.pauseMinutes * MINUTE;
        if (s.pauseMinutes >= 10 && s.reward > 0) {
          earned += s.reward;
          events.push({ device, at, earned });
        }
        const begin = at;
        for (let t = s.syncEverySeconds; t < s.minutes * 60; t += s.syncEverySeconds) {
          events.push({ device, at: begin + t * 1000, earned: earned + Math.floor((t / 60) * s.perMinute) });
        }
        at = begin + s.minutes * MINUTE;
        earned += s.minutes * s.perMinute + s.bonus;
        events.push({ device, at, earned });
      }
    });
    return events.sort((a, b) => a.at - b.at).filter((e) => e.at < START + 23 * 60 * MINUTE);
  }

  test("random honest histories: the board equals the true gain of the period", () => {
    fc.assert(
      fc.property(fc.array(honestDevice, { minLength: 1, maxLength: 3 }), (devices) => {
        const server = new Server();
        const truth = new Map<string, number>();
        for (const event of honestEvents(devices)) {
          server.sync(event.device, event.earned, event.at);
          truth.set(event.device, Math.max(truth.get(event.device) ?? 0, event.earned));
        }
        const trueGain = [...truth.values()].reduce((a, b) => a + b, 0);
        expect(server.board("daily", START)).toBe(trueGain);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });

  test("any history: no board exceeds Σ over devices of (150 + 12 × minutes the device existed), nor its period cap", () => {
    const step = fc.record({
      device: fc.integer({ min: 0, max: 4 }),
      afterMinutes: fc.double({ min: 0, max: 600, noNaN: true }),
      earned: fc.integer({ min: 0, max: 2_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const server = new Server();
        const created = new Map<number, number>();
        let at = START;
        for (const s of steps) {
          at += s.afterMinutes * MINUTE;
          if (!created.has(s.device)) created.set(s.device, at);
          server.sync(`D${s.device}`, s.earned, at);
          let bound = 0;
          for (const since of created.values()) bound += NEW_DEVICE_ALLOWANCE_XP + ((at - since) / MINUTE) * BREATHING_XP_PER_MINUTE;
          const weekly = server.state!.periods.weekly?.xp ?? 0;
          const daily = server.state!.periods.daily?.xp ?? 0;
          expect(weekly).toBeLessThanOrEqual(Math.min(bound, periodCap("weekly")) + 1e-6);
          expect(daily).toBeLessThanOrEqual(periodCap("daily"));
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe("properties with a forged countingSince", () => {
  test("any history: no board exceeds Σ over devices of (150 + 12 × minutes since the user existed) plus one day for the first device", () => {
    const step = fc.record({
      device: fc.integer({ min: 0, max: 4 }),
      afterMinutes: fc.double({ min: 0, max: 600, noNaN: true }),
      earned: fc.integer({ min: 0, max: 2_000_000 }),
      claimedMinutesAgo: fc.option(fc.integer({ min: -600, max: 30 * 24 * 60 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const server = new Server();
        const seen = new Set<number>();
        const userCreated = START;
        let at = START;
        steps.forEach((s, i) => {
          if (i > 0) at += s.afterMinutes * MINUTE;
          seen.add(s.device);
          const claimed = s.claimedMinutesAgo === undefined ? undefined : at - s.claimedMinutesAgo * MINUTE;
          server.sync(`D${s.device}`, s.earned, at, 0, claimed);
          // Every device may count from the user's creation; the device that created the user, a day before it.
          const perDevice = NEW_DEVICE_ALLOWANCE_XP + ((at - userCreated) / MINUTE) * BREATHING_XP_PER_MINUTE;
          const bound = seen.size * perDevice + 24 * 60 * BREATHING_XP_PER_MINUTE;
          const weekly = server.state!.periods.weekly?.xp ?? 0;
          expect(weekly).toBeLessThanOrEqual(Math.min(bound, periodCap("weekly")) + 1e-6);
          expect(server.state!.periods.daily?.xp ?? 0).toBeLessThanOrEqual(periodCap("daily"));
        });
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});

describe("period buckets", () => {
  test("a gain fills the current day, week and month", () => {
    expect(addGain({}, 40, keys)).toEqual({
      daily: { key: "2026-11-24", xp: 40 },
      weekly: { key: "2026-W48", xp: 40 },
      monthly: { key: "2026-11", xp: 40 },
    });
  });

  test("a new day starts the daily bucket over but keeps adding to the week and month", () => {
    const yesterday = addGain({}, 30, { ...keys, daily: "2026-11-23" });
    expect(addGain(yesterday, 20, keys)).toEqual({
      daily: { key: "2026-11-24", xp: 20 },
      weekly: { key: "2026-W48", xp: 50 },
      monthly: { key: "2026-11", xp: 50 },
    });
  });

  test("no bucket holds more than its period allows", () => {
    const full = addGain(addGain({}, periodCap("daily"), keys), 10_000, keys);
    expect(full.daily!.xp).toBe(periodCap("daily"));
    expect(full.weekly!.xp).toBe(periodCap("daily") + 10_000);
  });

  test("a negative gain (a duplicate reward taken back) lowers the current buckets, never below 0, and leaves older ones", () => {
    const buckets = addGain(addGain({}, 30, { ...keys, daily: "2026-11-23" }), 10, keys);
    expect(addGain(buckets, -25, keys)).toEqual({
      daily: { key: "2026-11-24", xp: 0 },
      weekly: { key: "2026-W48", xp: 15 },
      monthly: { key: "2026-11", xp: 15 },
    });
    const lastMonth = addGain({}, 30, { daily: "2026-10-31", weekly: "2026-W44", monthly: "2026-10" });
    expect(addGain(lastMonth, -10, keys)).toEqual(lastMonth);
  });

  test("a zero gain changes nothing", () => {
    const buckets = addGain({}, 5, keys);
    expect(addGain(buckets, 0, { daily: "x", weekly: "y", monthly: "z" })).toBe(buckets);
  });
});
