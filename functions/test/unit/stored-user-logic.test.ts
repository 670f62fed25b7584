/**
 * The idle-sync rule: a sync whose document would store the same as the stored one writes nothing, and skipping
 * those writes never changes what any later sync answers or stores. And the expiry moves at most once a UTC day.
 */
import fc from "fast-check";
import { expiryAfterSync, storesTheSame } from "../../src/users/stored-user.logic";
import { fromStoredUser, toStoredUser, type StoredUser } from "../../src/users/users.store";
import { mergeSync, type SyncInput } from "../../src/sync/sync.logic";

const DAY = 86_400_000;
const RETENTION = 365;
const T0 = new Date("2026-11-24T10:00:00.000Z");

function syncInput(now: Date, deviceKey: string | undefined, xp: number, localDate: string, optIn?: boolean): SyncInput {
  return {
    now,
    totals: { xp: 1000 + xp },
    reported: {},
    onboarding: {},
    device: deviceKey
      ? { key: deviceKey, earned: { xp, meditationMs: xp * 1000, challengesCompleted: 0 }, localDate, todaySessionTime: xp * 10, activeDays: [localDate] }
      : undefined,
    leaderboardOptIn: optIn,
    anonymousId: "calm-otter-0000",
    maxDevices: 20,
  };
}

/** What Firestore hands back for a stored document: plain data, timestamps kept as timestamps. */
const roundTrip = (doc: StoredUser): Record<string, unknown> => ({ ...JSON.parse(JSON.stringify({ ...doc, expireAt: null })), expireAt: doc.expireAt });

describe("expiryAfterSync", () => {
  test("a first sync expires at the end of the UTC day RETENTION_DAYS on", () => {
    expect(new Date(expiryAfterSync(undefined, T0, RETENTION)).toISOString()).toBe("2027-11-25T00:00:00.000Z");
  });

  test("property: never before now + RETENTION_DAYS, never more than a day after, moved at most once a UTC day", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * DAY }), { minLength: 1, maxLength: 40 }), (gaps) => {
        let at = T0.getTime();
        let stored: number | undefined;
        const movedOnDay = new Set<number>();
        for (const gap of gaps) {
          at += gap;
          const next = expiryAfterSync(stored, new Date(at), RETENTION);
          expect(next).toBeGreaterThanOrEqual(at + RETENTION * DAY);
          expect(next).toBeLessThanOrEqual(at + (RETENTION + 1) * DAY);
          if (next !== stored) {
            const day = Math.floor(at / DAY);
            expect(movedOnDay.has(day)).toBe(false);
            movedOnDay.add(day);
          }
          stored = next;
        }
      }),
    );
  });
});

describe("storesTheSame", () => {
  test("the same sync again, ten minutes later, stores the same; new XP or a new day does not", () => {
    const first = mergeSync(null, syncInput(T0, "a", 40, "2026-11-24", true));
    const stored = roundTrip(toStoredUser(first.progress, T0, RETENTION));
    const later = new Date(T0.getTime() + 10 * 60_000);
    const again = mergeSync(fromStoredUser(stored), syncInput(later, "a", 40, "2026-11-24"));
    expect(again.progress.lastSyncAt).not.toBe(first.progress.lastSyncAt);
    expect(storesTheSame(stored, toStoredUser(again.progress, later, RETENTION, stored), later)).toBe(true);

    const more = mergeSync(fromStoredUser(stored), syncInput(later, "a", 41, "2026-11-24"));
    expect(storesTheSame(stored, toStoredUser(more.progress, later, RETENTION, stored), later)).toBe(false);
    const nextDay = new Date("2026-11-25T08:00:00.000Z");
    const onNextDay = mergeSync(fromStoredUser(stored), syncInput(nextDay, "a", 40, "2026-11-24"));
    // Same counters, but the expiry moves (once that day).
    expect(storesTheSame(stored, toStoredUser(onNextDay.progress, nextDay, RETENTION, stored), nextDay)).toBe(false);
  });

  test("an allowance that was only refilled is the same; one that was spent is not", () => {
    const at = "2026-11-24T10:00:00.000Z";
    const later = new Date("2026-11-24T10:05:00.000Z");
    const stored = { plainBoard: { xp: 100, at } };
    expect(storesTheSame(stored, { plainBoard: { xp: 160, at: later.toISOString() } }, later)).toBe(true);
    expect(storesTheSame(stored, { plainBoard: { xp: 150, at: later.toISOString() } }, later)).toBe(false);
    expect(storesTheSame({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, later)).toBe(false);
    expect(storesTheSame({ a: 1 }, { a: 1, b: 0 }, later)).toBe(false);
  });

  test("property: skipping the writes it allows changes nothing any later sync answers or stores", () => {
    // Syncs of up to three installs and a plain client, repeated and interleaved, minutes to days apart (whole
    // minutes: the allowance refill is then exact in floating point, so both paths agree to the last bit).
    const step = fc.record({
      minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      device: fc.constantFrom("a", "b", "c", undefined),
      grow: fc.boolean(),
      optIn: fc.constantFrom(true, false, undefined),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        let at = T0.getTime();
        const earned: Record<string, number> = { a: 0, b: 0, c: 0, plain: 0 };
        let always: Record<string, unknown> | undefined; // written after every sync
        let skipping: Record<string, unknown> | undefined; // written only when storesTheSame says so
        for (const s of steps) {
          at += s.minutes * 60_000;
          const now = new Date(at);
          const key = s.device ?? "plain";
          if (s.grow) earned[key] += 7;
          const localDate = now.toISOString().slice(0, 10);
          const request = syncInput(now, s.device, earned[key], localDate, s.optIn);
          const a = mergeSync(always ? fromStoredUser(always) : null, request);
          const b = mergeSync(skipping ? fromStoredUser(skipping) : null, request);
          expect(b.merged).toEqual(a.merged);
          expect(b.boardGain).toBe(a.boardGain);
          always = roundTrip(toStoredUser(a.progress, now, RETENTION, always));
          const next = toStoredUser(b.progress, now, RETENTION, skipping);
          if (!skipping || !storesTheSame(skipping, next, now)) skipping = roundTrip(next);
          // What is stored agrees too, apart from when it was written (and allowances by what they hold now).
          expect(storesTheSame(skipping, always, now)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
