import { periodKey, periodKeys } from "../../src/domain/periods";

const at = (iso: string) => new Date(iso);

describe("period keys (UTC)", () => {
  test("the contract's example instant", () => {
    expect(periodKeys(at("2026-11-24T10:00:00Z"))).toEqual({ daily: "2026-11-24", weekly: "2026-W48", monthly: "2026-11" });
  });

  test("a day ends at UTC midnight, whatever the server's zone", () => {
    expect(periodKey("daily", at("2026-11-24T23:59:59.999Z"))).toBe("2026-11-24");
    expect(periodKey("daily", at("2026-11-25T00:00:00.000Z"))).toBe("2026-11-25");
  });

  test.each([
    ["2026-11-23T00:00:00Z", "2026-W48"], // Monday starts a week
    ["2026-11-22T23:59:59Z", "2026-W47"], // Sunday ends the one before
    ["2021-01-03T12:00:00Z", "2020-W53"], // early January in the previous year's week 53
    ["2020-12-31T12:00:00Z", "2020-W53"],
    ["2015-12-31T12:00:00Z", "2015-W53"],
    ["2026-12-31T12:00:00Z", "2026-W53"], // 2026 has 53 ISO weeks (starts on a Thursday)
    ["2027-01-03T12:00:00Z", "2026-W53"],
    ["2027-01-04T00:00:00Z", "2027-W01"],
    ["2024-12-30T00:00:00Z", "2025-W01"], // late December in the next year's week 1
    ["2019-12-30T00:00:00Z", "2020-W01"],
    ["2024-02-29T12:00:00Z", "2024-W09"], // leap day
    ["2026-01-01T00:00:00Z", "2026-W01"],
  ])("%s is in ISO week %s", (instant, key) => {
    expect(periodKey("weekly", at(instant))).toBe(key);
  });

  test("months end at their last UTC instant, leap Februaries included", () => {
    expect(periodKey("monthly", at("2024-02-29T23:59:59.999Z"))).toBe("2024-02");
    expect(periodKey("monthly", at("2024-03-01T00:00:00Z"))).toBe("2024-03");
    expect(periodKey("monthly", at("2026-12-31T23:59:59.999Z"))).toBe("2026-12");
    expect(periodKey("monthly", at("2027-01-01T00:00:00Z"))).toBe("2027-01");
  });

  test("every day of a long span falls in exactly one week of 7 days (property)", () => {
    const counts = new Map<string, number>();
    for (let t = Date.UTC(2019, 11, 30); t < Date.UTC(2031, 0, 6); t += 86_400_000) {
      const key = periodKey("weekly", new Date(t + 43_200_000));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 7)).toBe(true);
  });
});
