/**
 * How much of an XP gain may count on the leaderboards, and how counted gains fill the period buckets: pure. Only
 * the sync merge applies these rules (the boards rank the buckets it wrote); users.store uses the bucket types.
 *
 * Each device has its own allowance, a token bucket of XP it could really have earned: it fills at the fastest
 * honest pace (+1 XP per breathing cycle, at most 12 cycles a minute) for the wall-clock time since the device's
 * previous sync, keeps what was not used (carried over from sync to sync), and holds at most one day of non-stop
 * breathing. A device's first sync may count what the time since it started counting allows (`countingSince`, never
 * before the user existed on the server, and never more than a full bucket). A device that was offline for a week
 * brings a full bucket; a device syncing every ten seconds keeps
 * its bucket full because it spends less than it refills; a goal bonus or challenge reward at the end of a
 * session is paid from what the session did not use. A forged jump can take at most what is in the bucket, and a
 * fresh device id starts with only NEW_DEVICE_ALLOWANCE_XP plus the time it has counted since the user existed
 * (and a user has at most MAX_DEVICES_PER_USER slots).
 * Why these numbers: docs/leaderboards.md.
 */

import { PERIODS, type Period } from "./periods";

/** The fastest honest pace: +1 XP per breathing cycle, and no pattern the extension offers is faster than 5 s. */
export const BREATHING_XP_PER_MINUTE = 12;
/** What a device's very first sync may count: a session's end bonus or a challenge reward, not a day's worth. */
export const NEW_DEVICE_ALLOWANCE_XP = 150;
/** A bucket holds at most a day of non-stop breathing plus one bonus, however long the device was away. */
export const MAX_BANKED_XP = 24 * 60 * BREATHING_XP_PER_MINUTE + NEW_DEVICE_ALLOWANCE_XP;

/** The XP a device may still put on the boards, as of the instant `at` (ISO). */
export interface BoardAllowance {
  xp: number;
  at: string;
}

export function newAllowance(now: Date): BoardAllowance {
  return { xp: NEW_DEVICE_ALLOWANCE_XP, at: now.toISOString() };
}

/**
 * The allowance of a device at its first sync: a new device's, refilling from when the device says it started
 * counting its earnings (the kit's `countingSince`), so that honest earnings from before its first successful sync
 * count in full. Never from before the user existed on the server (`userCreatedAt`, absent when this sync creates
 * the user: then the bucket's own cap, a day of breathing, is the limit), never from after `now`. So a forged
 * `countingSince` gains a device no more than a device created with the user would have banked anyway.
 */
export function firstSyncAllowance(countingSince: string | undefined, userCreatedAt: string | undefined, now: Date): BoardAllowance {
  const claimed = countingSince === undefined ? now.getTime() : Date.parse(countingSince);
  const floor = userCreatedAt === undefined ? -Infinity : Date.parse(userCreatedAt);
  const start = Math.min(now.getTime(), Math.max(claimed, floor));
  return { xp: NEW_DEVICE_ALLOWANCE_XP, at: new Date(start).toISOString() };
}

/** The bucket as of `now`: refilled for the time since `at` (a clock that went back refills nothing). */
export function refilled(allowance: BoardAllowance, now: Date): number {
  const minutes = Math.max(0, (now.getTime() - Date.parse(allowance.at)) / 60_000);
  return Math.min(MAX_BANKED_XP, allowance.xp + minutes * BREATHING_XP_PER_MINUTE);
}

/**
 * Spends a gain from the bucket: returns how much of it counts and the bucket left. A gain of 0 (a retry) counts
 * nothing and spends nothing, but the refill up to `now` is kept.
 */
export function spendOnBoard(
  allowance: BoardAllowance | undefined,
  gain: number,
  now: Date,
): { counted: number; allowance: BoardAllowance } {
  const available = allowance ? refilled(allowance, now) : NEW_DEVICE_ALLOWANCE_XP;
  const counted = Math.max(0, Math.min(Math.floor(gain), Math.floor(available)));
  const at = allowance && Date.parse(allowance.at) > now.getTime() ? allowance.at : now.toISOString();
  return { counted, allowance: { xp: available - counted, at } };
}

/** The XP gained in one UTC period (its key, e.g. `2026-W48`) that counts on that period's board. */
export interface PeriodBucket {
  key: string;
  xp: number;
}
export type PeriodBuckets = Partial<Record<Period, PeriodBucket>>;

/** No period can hold more than its length allows, however many devices a user has. */
const PERIOD_MINUTES: Record<Period, number> = { daily: 24 * 60, weekly: 7 * 24 * 60, monthly: 31 * 24 * 60 };

/** The most XP one period's bucket can hold. */
export function periodCap(period: Period): number {
  return PERIOD_MINUTES[period] * BREATHING_XP_PER_MINUTE + NEW_DEVICE_ALLOWANCE_XP;
}

/**
 * Adds a counted gain to the current bucket of each period; a bucket from an earlier period starts over. A
 * negative gain (a duplicate challenge reward taken back, counted by an earlier sync) lowers the current buckets,
 * never below 0, and leaves buckets of earlier periods alone.
 */
export function addGain(buckets: PeriodBuckets, gain: number, keys: Record<Period, string>): PeriodBuckets {
  if (gain === 0) return buckets;
  const next: PeriodBuckets = { ...buckets };
  for (const period of PERIODS) {
    const current = buckets[period]?.key === keys[period] ? buckets[period]!.xp : 0;
    if (gain < 0 && current === 0) continue;
    next[period] = { key: keys[period], xp: Math.max(0, Math.min(current + gain, periodCap(period))) };
  }
  return next;
}
