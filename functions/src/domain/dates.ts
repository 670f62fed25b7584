/**
 * Calendar days as `YYYY-MM-DD` strings and the arithmetic on them. Pure: no clock, no time zone
 * (a day is a label; the client tells us which local day it is, the server only ever computes UTC days).
 */

export type Day = string;

/** The written shape of a day; `isDay` also checks that the day exists. */
export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const EXTENSION_DAY = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{4})$/;
const MS_PER_DAY = 86_400_000;

/** UTC midnight of a day. `Date.UTC` would read years 0–99 as 1900–1999; `setUTCFullYear` does not. */
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** True for a real calendar day written `YYYY-MM-DD` (so `2026-02-30` is false; years 0000–9999, as `format: date`). */
export function isDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = utcMidnight(year, month, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Days since 1970-01-01 (the day must be valid). */
export function dayNumber(day: Day): number {
  const [year, month, date] = day.split("-").map(Number);
  return utcMidnight(year, month, date).getTime() / MS_PER_DAY;
}

export function dayFromNumber(n: number): Day {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(dayNumber(day) + n);
}

export function utcDay(now: Date): Day {
  return now.toISOString().slice(0, 10);
}

/**
 * The extension writes dates with `Date.prototype.toDateString()` (`"Tue Nov 24 2026"`) in its local zone.
 * Returns the `YYYY-MM-DD` of such a string (or of an ISO day), `""` for the extension's "never", or
 * `undefined` when it does not parse. The weekday must agree with the date, as toDateString's always does.
 */
export function parseExtensionDay(value: string): Day | "" | undefined {
  if (value === "") return "";
  if (isDay(value)) return value;
  const match = EXTENSION_DAY.exec(value);
  if (!match) return undefined;
  const [, weekday, monthName, date, year] = match;
  const day = `${year}-${String(MONTHS.indexOf(monthName) + 1).padStart(2, "0")}-${date}`;
  if (!isDay(day) || toExtensionDateString(day) !== `${weekday} ${monthName} ${date} ${year}`) return undefined;
  return day;
}

/** The extension's own spelling of a day, so the client can store what the server returns unchanged. */
export function toExtensionDateString(day: Day): string {
  const date = new Date(dayNumber(day) * MS_PER_DAY);
  const dd = String(date.getUTCDate()).padStart(2, "0");
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${dd} ${date.getUTCFullYear()}`;
}
