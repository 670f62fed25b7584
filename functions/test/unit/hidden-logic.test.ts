/** The hidden list applied to a served board, pure: as if the hidden entries had not played. */
import fc from "fast-check";
import { rank, type Entry } from "../../src/leaderboard/leaderboard.logic";
import { boardWithout, hiddenKeyNamed, hiddenNames, histogramWithout } from "../../src/moderation/hidden.logic";
import type { HiddenList } from "../../src/moderation/hidden.store";

const entries = fc.uniqueArray(fc.record({ xp: fc.integer({ min: 0, max: 50 }), anonymousId: fc.stringMatching(/^[a-e]{1,3}$/) }), {
  selector: (e) => e.anonymousId,
  maxLength: 40,
});

describe("boardWithout", () => {
  test("equals the board ranked without the hidden entries, split where the served list was split", () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 40 }), fc.func(fc.boolean()), (all: Entry[], size, isHidden) => {
        const ranked = rank(all);
        const board = { rankings: ranked.slice(0, size), deeper: ranked.slice(size), participants: ranked.length + 5 };
        const names = new Set(all.filter((e) => isHidden(e.anonymousId)).map((e) => e.anonymousId));
        const served = boardWithout(board, names);
        const expected = rank(all.filter((e) => !names.has(e.anonymousId)));
        expect([...served.rankings, ...(served.deeper ?? [])]).toEqual(expected);
        expect(served.rankings.length).toBe(Math.min(board.rankings.length, expected.length));
        expect(served.participants).toBe(board.participants - names.size);
      }),
    );
  });

  test("ranks close up, ties shared; the histogram loses the hidden scores; an unaffected board is the same object", () => {
    const board = {
      rankings: rank([
        { xp: 90, anonymousId: "forged" },
        { xp: 40, anonymousId: "a" },
        { xp: 40, anonymousId: "b" },
        { xp: 10, anonymousId: "c" },
      ]),
      participants: 4,
      histogram: [
        { min: 50, count: 1 },
        { min: 0, count: 3 },
      ],
    };
    const served = boardWithout(board, new Set(["forged"]));
    expect(served.rankings).toEqual([
      { rank: 1, xp: 40, anonymousId: "a" },
      { rank: 1, xp: 40, anonymousId: "b" },
      { rank: 3, xp: 10, anonymousId: "c" },
    ]);
    expect(served.participants).toBe(3);
    expect(served.histogram).toEqual([
      { min: 50, count: 0 },
      { min: 0, count: 3 },
    ]);
    expect(boardWithout(board, new Set(["nobody"]))).toBe(board);
  });
});

test("histogramWithout takes one from the bucket a score falls in", () => {
  const histogram = [
    { min: 100, count: 2 },
    { min: 10, count: 5 },
    { min: 0, count: 1 },
  ];
  expect(histogramWithout(histogram, 100)).toEqual([{ min: 100, count: 1 }, histogram[1], histogram[2]]);
  expect(histogramWithout(histogram, 99)).toEqual([histogram[0], { min: 10, count: 4 }, histogram[2]]);
  expect(histogramWithout(histogram, 3)).toEqual([histogram[0], histogram[1], { min: 0, count: 0 }]);
});

test("names and keys of the list: short and long forms both find the entry", () => {
  const list: HiddenList = {
    k1: { anonymousId: "calm-otter-7f3a", names: ["calm-otter-7f3a", "calm-otter-7f3a-19c2"], reason: "other", hiddenAt: "2026-11-24T10:00:00.000Z" },
  };
  expect([...hiddenNames(list)].sort()).toEqual(["calm-otter-7f3a", "calm-otter-7f3a-19c2"]);
  expect(hiddenKeyNamed(list, "calm-otter-7f3a-19c2")).toBe("k1");
  expect(hiddenKeyNamed(list, "calm-otter-7f3a")).toBe("k1");
  expect(hiddenKeyNamed(list, "deep-owl-0000")).toBeUndefined();
});
