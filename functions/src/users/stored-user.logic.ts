/**
 * When a sync must write, pure: the expiry policy and the "would anything stored change?" comparison that lets
 * an idle sync (the same counters again, from an install that only started up or whose timer fired) write
 * nothing. No I/O, no clock: `now` is passed in.
 */
import { refilled, type BoardAllowance } from "../domain/board-gains";

const MS_PER_DAY = 86_400_000;

/**
 * The expiry a sync at `now` leaves on the document, in epoch ms. The stored one is kept while it still covers
 * `now + RETENTION_DAYS`; otherwise it moves to the end of the UTC day `RETENTION_DAYS` from now. So the expiry
 * moves at most once a UTC day per user, a user is never deleted before RETENTION_DAYS without a sync, and at
 * most one day after; and all users whose expiry moved on one day share one value (index entries of equal values
 * are ordered by the random document ids, so those writes spread over the index instead of piling at its end).
 */
export function expiryAfterSync(storedExpireAtMs: number | undefined, now: Date, retentionDays: number): number {
  const needed = now.getTime() + retentionDays * MS_PER_DAY;
  if (storedExpireAtMs !== undefined && storedExpireAtMs >= needed) return storedExpireAtMs;
  return (Math.floor(needed / MS_PER_DAY) + 1) * MS_PER_DAY;
}

/** Fields a sync rewrites with the time of the request even when nothing else changed (never a reason to write). */
const TIME_OF_SYNC_FIELDS = new Set(["lastSyncAt"]);

/**
 * Whether the document `next` stores the same as `stored` for every later request: the same fields and values,
 * except the sync's own time, and with each board allowance compared by what it holds at `now` — a sync that
 * counts nothing only refills an allowance to now, and refilling later from the older instant gives the same
 * amount (the refill is linear in time and capped, so min(cap, min(cap, a + x) + y) = min(cap, a + x + y)).
 * Timestamps (anything with `toMillis()`) compare by their instant.
 */
export function storesTheSame(stored: Record<string, unknown>, next: Record<string, unknown>, now: Date): boolean {
  return equalValues(normalised(stored, now, true), normalised(next, now, true));
}

function isAllowance(value: unknown): value is BoardAllowance {
  if (typeof value !== "object" || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as BoardAllowance).xp === "number" && typeof (value as BoardAllowance).at === "string";
}

function normalised(value: unknown, now: Date, topLevel = false): unknown {
  if (value === null || typeof value !== "object") return value;
  if (typeof (value as { toMillis?: unknown }).toMillis === "function") {
    return { instantMs: (value as { toMillis(): number }).toMillis() };
  }
  if (Array.isArray(value)) return value.map((item) => normalised(item, now));
  if (isAllowance(value)) return { allowanceAtNow: refilled(value, now) };
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue; // not stored by Firestore (the Admin SDK refuses or drops it)
    if (topLevel && TIME_OF_SYNC_FIELDS.has(key)) continue;
    result[key] = normalised(field, now);
  }
  return result;
}

function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equalValues((a as never)[key], (b as never)[key]));
}
