/**
 * Local days. The extension writes days with `toDateString()` in the machine's zone; the server speaks
 * `YYYY-MM-DD`. Parsing is the server's own (generated/server-dates.ts), so both sides accept exactly the same strings.
 */
import { parseExtensionDay } from "../generated/server-dates";

const pad = (n: number) => String(n).padStart(2, "0");

/** The local day of an instant (`YYYY-MM-DD`), in the machine's time zone, as the extension's dates are. */
export function localDay(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** `"Tue Nov 24 2026"` → `"2026-11-24"`; an ISO day passes through; `""` or anything that does not parse → undefined. */
export function dayFromExtensionDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return parseExtensionDay(value) || undefined;
}

/** `"2026-11-24"` → the extension's `toDateString()` form of that local day. */
export function extensionDateOf(day: string): string {
  return localMidnight(day).toDateString();
}

/** Local midnight starting `day`, plus `hour` hours (in the machine's zone). */
export function localMidnight(day: string, hour = 0): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d, hour);
}
