import fc from "fast-check";
import {
  addGain,
  BONUS_ALLOWANCE_XP,
  BONUS_XP_PER_MINUTE,
  MAX_XP_PER_MINUTE,
  periodCap,
  rank,
  rankableGain,
} from "../../src/leaderboard/leaderboard.logic";

const keys = { daily: "2026-11-24", weekly: "2026-W48", monthly: "2026-11" };

describe("competition ranking", () => {
  test("1, 2, 2, 4 with ties listed in a stable order", () => {
    const ranked = rank([
      { xp: 50, anonymousId: "b" },
      { xp: 80, anonymousId: "a" },
      { xp: 50, anonymousId: "a2" },
      { xp: 10, anonymousId: "c" },
    ]);
    expect(ranked).toEqual([
      { rank: 1, xp: 80, anonymousId: "a" },
      { rank: 2, xp: 50, anonymousId: "a2" },
      { rank: 2, xp: 50, anonymousId: "b" },
      { rank: 4, xp: 10, anonymousId: "c" },
    ]);
  });

  test("all equal share rank 1; an empty board is empty", () => {
    expect(rank([{ xp: 5, anonymousId: "x" }, { xp: 5, anonymousId: "y" }]).map((r) => r.rank)).toEqual([1, 1]);
    expect(rank([])).toEqual([]);
  });

  test("property: input order never matters, and each rank is 1 + the number of strictly better scores", () => {
    const entries = fc.uniqueArray(fc.record({ xp: fc.nat({ max: 20 }), anonymousId: fc.string({ minLength: 1, maxLength: 6 }) }), {
      selector: (e) => e.anonymousId,
      maxLength: 40,
    });
    fc.assert(
      fc.property(entries, (list) => {
        const ranked = rank(list);
        expect(rank([...list].reverse())).toEqual(ranked);
        for (const entry of ranked) {
          expect(entry.rank).toBe(1 + list.filter((other) => other.xp > entry.xp).length);
        }
      }),
    );
  });
});

describe("implausible gains", () => {
  test("a gain within what breathing since the last sync allows counts in full", () => {
    expect(rankableGain(100, 10)).toBe(100);
    expect(rankableGain(10 * MAX_XP_PER_MINUTE + BONUS_ALLOWANCE_XP, 10)).toBe(10 * MAX_XP_PER_MINUTE + BONUS_ALLOWANCE_XP);
    expect(rankableGain(BONUS_ALLOWANCE_XP, null)).toBe(BONUS_ALLOWANCE_XP); // first sync
  });

  test("a +1,000,000 jump a minute after the last sync counts only what a minute allows", () => {
    expect(rankableGain(1_000_000, 1)).toBe(MAX_XP_PER_MINUTE + BONUS_XP_PER_MINUTE);
  });

  test("syncing every few seconds cannot collect the bonus allowance again and again", () => {
    let counted = 0;
    for (let i = 0; i < 60; i++) counted += rankableGain(1_000, 1 / 6); // every 10 s for 10 minutes
    expect(counted).toBeLessThanOrEqual(10 * (MAX_XP_PER_MINUTE + BONUS_XP_PER_MINUTE));
  });

  test("no gain, or a negative one, counts nothing", () => {
    expect(rankableGain(0, 100)).toBe(0);
    expect(rankableGain(-5, 100)).toBe(0);
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

  test("a zero gain changes nothing", () => {
    const buckets = addGain({}, 5, keys);
    expect(addGain(buckets, 0, { daily: "x", weekly: "y", monthly: "z" })).toBe(buckets);
  });
});
