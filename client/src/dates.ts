/** Local calendar days as `YYYY-MM-DD`, from the extension's `toDateString()` dates and from instants. */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const EXTENSION_DAY = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{4})$/;

const pad = (n: number) => String(n).padStart(2, "0");

/** The local day of an instant, in the machine's time zone (what the extension's toDateString() uses too). */
export function localDay(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** `"Tue Nov 24 2026"` → `"2026-11-24"`; an ISO day passes through; anything else → undefined. */
export function dayFromExtensionDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const match = EXTENSION_DAY.exec(value);
  return match ? `${match[3]}-${pad(MONTHS.indexOf(match[1]) + 1)}-${match[2]}` : undefined;
}
