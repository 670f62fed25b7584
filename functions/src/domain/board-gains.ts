/**
 * How much of an XP gain may count on the leaderboards: pure, shared by the sync merge (which records the gains)
 * and the leaderboard rules (which cap the period buckets).
 *
 * Each device has its own allowance, a token bucket of XP it could really have earned: it fills at the fastest
 * honest pace (+1 XP per breathing cycle, at most 12 cycles a minute) for the wall-clock time since the device's
 * previous sync, keeps what was not used (carried over from sync to sync), and holds at most one day of non-stop
 * breathing. A device that was offline for a week brings a full bucket; a device syncing every ten seconds keeps
 * its bucket full because it spends less than it refills; a goal bonus or challenge reward at the end of a
 * session is paid from what the session did not use. A forged jump can take at most what is in the bucket, and a
 * fresh device id starts with only NEW_DEVICE_ALLOWANCE_XP (and a user has at most MAX_DEVICES_PER_USER slots).
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

/** Adds a counted gain to the current bucket of each period; a bucket from an earlier period starts over. */
export function addGain(buckets: PeriodBuckets, gain: number, keys: Record<Period, string>): PeriodBuckets {
  if (gain <= 0) return buckets;
  const next: PeriodBuckets = { ...buckets };
  for (const period of PERIODS) {
    const current = buckets[period]?.key === keys[period] ? buckets[period].xp : 0;
    next[period] = { key: keys[period], xp: Math.min(current + gain, periodCap(period)) };
  }
  return next;
}
