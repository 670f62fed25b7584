import fc from "fast-check";
import {
  applySplit,
  boardOrder,
  bucketBounds,
  bucketTarget,
  continueBelowFrom,
  estimateCountAbove,
  locate,
  mergeSmall,
  nextSplit,
  placeOf,
  type CountedBucket,
  type Entry,
  type Standing,
  rank,
} from "../../src/leaderboard/leaderboard.logic";

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

/** The rebuild's histogram loop, with an in-memory count in place of Firestore's. */
function buildHistogram(scores: number[], cap: number, depth: number, previous?: Array<{ min: number; count: number }>) {
  const count = (min: number, upper: number | null) => scores.filter((s) => s >= min && (upper === null || s < upper)).length;
  const bounds = bucketBounds(previous);
  let buckets: CountedBucket[] = bounds.map((min, i) => ({ min, upper: i === 0 ? null : bounds[i - 1], count: 0 }));
  buckets = buckets.map((b) => ({ ...b, count: count(b.min, b.upper) }));
  const target = scores.length > depth ? bucketTarget(scores.length) : Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10_000; i++) {
    const split = nextSplit(buckets, target, cap);
    if (!split) break;
    buckets = applySplit(buckets, split.index, split.at, count(split.at, buckets[split.index].upper));
  }
  return { buckets: mergeSmall(buckets, target), target };
}

/** A board of `entries` as the rebuild would store it, keeping the best `depth` in order. */
function standingOf(entries: Entry[], cap: number, depth: number): Standing {
  const ranked = rank(entries);
  const { buckets } = buildHistogram(entries.map((e) => e.xp), cap, depth);
  return { ranked: ranked.slice(0, depth), participants: entries.length, histogram: buckets.map(({ min, count }) => ({ min, count })), cap };
}

/** What live range reads would return around `from` in board order. */
function liveAround(entries: Entry[], from: Entry, side: "above" | "below", n: number): Entry[] {
  const sorted = [...entries].sort(boardOrder);
  return side === "below"
    ? sorted.filter((e) => boardOrder(e, from) > 0).slice(0, n)
    : sorted.filter((e) => boardOrder(e, from) < 0).reverse().slice(0, n);
}

const boardEntries = fc.uniqueArray(fc.record({ xp: fc.integer({ min: 1, max: 60 }), anonymousId: fc.stringMatching(/^[a-z]{1,4}$/) }), {
  selector: (e) => e.anonymousId,
  minLength: 1,
  maxLength: 300,
});

describe("score histogram", () => {
  test("property: once built, every bucket holds at most 1 % of participants or a single score, and counts add up", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 0, maxLength: 3000 }), (scores) => {
        const { buckets, target } = buildHistogram(scores, 500, 100);
        expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(scores.length);
        for (const b of buckets) {
          const upper = b.upper ?? 501;
          expect(b.count <= target || upper - b.min <= 1).toBe(true);
        }
        // The bounds it leaves are a good start for the next rebuild: nothing more to split on the same scores.
        const again = buildHistogram(scores, 500, 100, buckets);
        expect(again.buckets.length).toBeLessThanOrEqual(buckets.length);
      }),
      { numRuns: 60 },
    );
  });

  test("property: the estimate of better scores is off by at most the target", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 101, maxLength: 3000 }), fc.integer({ min: 0, max: 500 }), (scores, xp) => {
        const { buckets, target } = buildHistogram(scores, 500, 100);
        const truth = scores.filter((s) => s > xp).length;
        expect(Math.abs(estimateCountAbove(buckets, 500, xp) - truth)).toBeLessThanOrEqual(target);
      }),
      { numRuns: 60 },
    );
  });

  test("a single score held by many is one bucket, and the count above it is exact", () => {
    const scores = [...Array(500).fill(7), ...Array.from({ length: 100 }, (_, i) => 100 + i)];
    const { buckets } = buildHistogram(scores, 500, 10);
    expect(estimateCountAbove(buckets, 500, 7)).toBe(100);
  });
});

describe("where an entry sits, with neighbours", () => {
  test("property: a complete list (a circle's members) places every entry exactly, neighbours in board order", () => {
    fc.assert(
      fc.property(boardEntries, fc.nat(), (entries, pick) => {
        const standing = standingOf(entries, 60, entries.length);
        const ranked = rank(entries);
        const index = pick % ranked.length;
        const me = ranked[index];
        const location = locate(standing, me);
        expect(continueBelowFrom(standing, me, location)).toBeUndefined();
        const place = placeOf(standing, me, location);
        expect(place).toEqual({ ...me, exact: true, neighbours: [...ranked.slice(Math.max(0, index - 2), index), ...ranked.slice(index + 1, index + 3)] });
      }),
    );
  });

  test("property: a deep list shorter than the board gives the true neighbours and an honest rank", () => {
    fc.assert(
      fc.property(boardEntries, fc.integer({ min: 1, max: 50 }), fc.nat(), (entries, depth, pick) => {
        const standing = standingOf(entries, 60, depth);
        const ranked = rank(entries);
        const index = pick % ranked.length;
        const me = ranked[index];
        const location = locate(standing, me);
        const others = entries.filter((e) => e.anonymousId !== me.anonymousId);
        let live = { above: [] as Entry[], below: [] as Entry[] };
        if (location.on === "beyond") live = { above: liveAround(others, me, "above", 2), below: liveAround(others, me, "below", 2) };
        else {
          const more = continueBelowFrom(standing, me, location);
          if (more) live = { above: [], below: liveAround(others, more.from, "below", more.wanted) };
        }
        const place = placeOf(standing, me, location, live);
        const expected = [...ranked.slice(Math.max(0, index - 2), index), ...ranked.slice(index + 1, index + 3)];
        expect(place.neighbours.map((n) => n.anonymousId)).toEqual(expected.map((n) => n.anonymousId));
        const target = entries.length > depth ? bucketTarget(entries.length) : 0;
        const exactFrom = ranked[Math.min(depth, ranked.length) - 1].xp;
        expect(place.exact).toBe(entries.length <= depth || me.xp >= exactFrom);
        if (place.exact) expect(place.rank).toBe(me.rank);
        else expect(Math.abs(place.rank - me.rank)).toBeLessThanOrEqual(target);
      }),
    );
  });

  test("an entry that scored since the rebuild is counted in: the entries it passed rank one lower", () => {
    const standing: Standing = {
      ranked: rank([{ xp: 50, anonymousId: "a" }, { xp: 40, anonymousId: "b" }, { xp: 30, anonymousId: "c" }]),
      participants: 3,
      histogram: [],
      cap: 100,
    };
    const me = { xp: 45, anonymousId: "new" };
    const place = placeOf(standing, me, locate(standing, me));
    expect(place).toEqual({
      rank: 2,
      xp: 45,
      anonymousId: "new",
      exact: true,
      neighbours: [
        { rank: 1, xp: 50, anonymousId: "a" },
        { rank: 3, xp: 40, anonymousId: "b" },
        { rank: 4, xp: 30, anonymousId: "c" },
      ],
    });
  });
});
