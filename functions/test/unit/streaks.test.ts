import fc from "fast-check";
import { addDays, dayFromNumber, dayNumber } from "../../src/domain/dates";
import { addDaysToRuns, currentStreak, longestRun, runLength, trimRuns } from "../../src/domain/streaks";

const days = (...list: string[]) => list;

describe("active-day runs", () => {
  test("merge adjacent and overlapping days into runs", () => {
    const runs = addDaysToRuns([], days("2026-11-24", "2026-11-22", "2026-11-23", "2026-11-20", "2026-11-23"));
    expect(runs).toEqual([
      { from: "2026-11-20", to: "2026-11-20" },
      { from: "2026-11-22", to: "2026-11-24" },
    ]);
    expect(addDaysToRuns(runs, ["2026-11-21"])).toEqual([{ from: "2026-11-20", to: "2026-11-24" }]);
  });

  test("runs cross month and year ends", () => {
    const runs = addDaysToRuns([], days("2026-12-30", "2026-12-31", "2027-01-01", "2024-02-28", "2024-02-29", "2024-03-01"));
    expect(runs.map(runLength)).toEqual([3, 3]);
  });

  test("any order and any repetition give the same runs (property)", () => {
    const dayArb = fc.integer({ min: dayNumber("2025-01-01"), max: dayNumber("2025-03-01") }).map(dayFromNumber);
    fc.assert(
      fc.property(fc.array(dayArb, { maxLength: 60 }), fc.array(dayArb, { maxLength: 60 }), (a, b) => {
        const oneGo = addDaysToRuns([], [...a, ...b]);
        const twoGoes = addDaysToRuns(addDaysToRuns([], b), [...a, ...a]);
        expect(twoGoes).toEqual(oneGo);
        // Runs are disjoint, sorted, separated by at least one missing day, and cover exactly the input days.
        const covered = new Set<string>();
        oneGo.forEach((run, i) => {
          for (let d = run.from; dayNumber(d) <= dayNumber(run.to); d = addDays(d, 1)) covered.add(d);
          if (i > 0) expect(dayNumber(run.from)).toBeGreaterThan(dayNumber(oneGo[i - 1].to) + 1);
        });
        expect(covered).toEqual(new Set([...a, ...b]));
      }),
    );
  });
});

describe("current streak", () => {
  const runs = addDaysToRuns([], days("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"));

  test("ends today", () => expect(currentStreak(runs, "2026-11-24")).toBe(5));
  test("ends yesterday (today not practised yet)", () => expect(currentStreak(runs, "2026-11-25")).toBe(5));
  test("is broken after a missed day", () => expect(currentStreak(runs, "2026-11-26")).toBe(0));
  test("ignores days after today", () => expect(currentStreak(runs, "2026-11-22")).toBe(3));
  test("is 0 with no days", () => expect(currentStreak([], "2026-11-22")).toBe(0));
  test("spans a year end", () => {
    expect(currentStreak(addDaysToRuns([], days("2026-12-31", "2027-01-01")), "2027-01-01")).toBe(2);
  });
  test("an older gap does not matter", () => {
    const gappy = addDaysToRuns([], days("2026-11-01", "2026-11-02", "2026-11-23", "2026-11-24"));
    expect(currentStreak(gappy, "2026-11-24")).toBe(2);
    expect(longestRun(gappy)).toBe(2);
  });
});

test("trimming keeps the newest runs", () => {
  const runs = addDaysToRuns([], days("2026-01-01", "2026-01-03", "2026-01-05"));
  expect(trimRuns(runs, 2)).toEqual(runs.slice(1));
  expect(trimRuns(runs, 5)).toEqual(runs);
});
