import {
  addDays,
  dayFromNumber,
  dayNumber,
  isDay,
  parseExtensionDay,
  toExtensionDateString,
  utcDay,
} from "../../src/domain/dates";

describe("calendar days", () => {
  test.each(["2026-11-24", "2024-02-29", "2000-02-29", "1999-12-31"])("%s is a day", (day) => {
    expect(isDay(day)).toBe(true);
  });

  test.each(["2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-11-31", "26-11-24", "2026-11-24T00:00:00Z", "", "yesterday"])(
    "%s is not a day",
    (value) => {
      expect(isDay(value)).toBe(false);
    },
  );

  test("day arithmetic crosses months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
    expect(dayFromNumber(dayNumber("2026-11-24"))).toBe("2026-11-24");
    expect(dayNumber("1970-01-02")).toBe(1);
  });

  test("the UTC day of an instant", () => {
    expect(utcDay(new Date("2026-11-24T23:59:59.999Z"))).toBe("2026-11-24");
    expect(utcDay(new Date("2026-11-25T00:00:00.000Z"))).toBe("2026-11-25");
  });
});

describe("the extension's toDateString() days", () => {
  test("parse to ISO days", () => {
    expect(parseExtensionDay("Tue Nov 24 2026")).toBe("2026-11-24");
    expect(parseExtensionDay("Thu Feb 29 2024")).toBe("2024-02-29");
    expect(parseExtensionDay("Fri Jan 01 2027")).toBe("2027-01-01");
    expect(parseExtensionDay("2026-11-24")).toBe("2026-11-24");
    expect(parseExtensionDay("")).toBe("");
  });

  test.each(["Mon Nov 24 2026", "Tue Nov 31 2026", "Tue November 24 2026", "tue nov 24 2026", "Nov 24 2026", "garbage"])(
    "%s does not parse",
    (value) => {
      expect(parseExtensionDay(value)).toBeUndefined();
    },
  );

  test("round-trips with what Node's own toDateString writes", () => {
    for (let n = dayNumber("2023-12-25"); n < dayNumber("2025-01-10"); n += 3) {
      const day = dayFromNumber(n);
      const [y, m, d] = day.split("-").map(Number);
      const native = new Date(y, m - 1, d).toDateString();
      expect(toExtensionDateString(day)).toBe(native);
      expect(parseExtensionDay(native)).toBe(day);
    }
  });
});

test("years 0000–0099 are the years written, not 1900–1999 (as `format: date` reads them)", () => {
  for (const day of ["0000-01-01", "0050-02-28", "0099-12-31", "0004-02-29"]) {
    expect([day, isDay(day), dayFromNumber(dayNumber(day))]).toEqual([day, true, day]);
  }
  expect(isDay("0001-02-29")).toBe(false);
});
