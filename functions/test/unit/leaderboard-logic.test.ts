import fc from "fast-check";
import { rank } from "../../src/leaderboard/leaderboard.logic";

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
