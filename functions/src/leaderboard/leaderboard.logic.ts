/**
 * Leaderboard rules, pure: how much of a sync's XP gain counts for ranking, how it fills the period buckets, and
 * how a list of scores becomes ranks.
 */
import { PERIODS, type Period } from "../domain/periods";

/**
 * The fastest honest way to earn XP is +1 per breathing cycle; the quickest patterns the extension offers take
 * a few seconds per cycle, so 12 XP a minute is already generous. On top of that a sync may bring a session's
 * goal bonus and challenge rewards: up to BONUS_ALLOWANCE_XP, which refills at BONUS_XP_PER_MINUTE so that
 * syncing every few seconds cannot collect it again and again.
 */
export const MAX_XP_PER_MINUTE = 12;
export const BONUS_ALLOWANCE_XP = 150;
export const BONUS_XP_PER_MINUTE = 15;
/** No period can hold more than its length allows, however long the user was offline. */
const PERIOD_MINUTES: Record<Period, number> = { daily: 24 * 60, weekly: 7 * 24 * 60, monthly: 31 * 24 * 60 };

export interface PeriodBucket {
  key: string;
  xp: number;
}
export type PeriodBuckets = Partial<Record<Period, PeriodBucket>>;

/**
 * The part of an XP gain that may count for ranking: at most what a person could earn by breathing without pause
 * since their last sync, plus the bonus allowance refilled over that time. The user's own total keeps the full
 * gain. A first sync (no previous one) may count one full bonus allowance.
 */
export function rankableGain(gain: number, minutesSinceLastSync: number | null): number {
  const minutes = Math.max(0, minutesSinceLastSync ?? 0);
  const bonus = minutesSinceLastSync === null ? BONUS_ALLOWANCE_XP : Math.min(BONUS_ALLOWANCE_XP, minutes * BONUS_XP_PER_MINUTE);
  const plausible = Math.floor(minutes * MAX_XP_PER_MINUTE + bonus);
  return Math.max(0, Math.min(gain, plausible));
}

/** The most XP one period's bucket can hold. */
export function periodCap(period: Period): number {
  return PERIOD_MINUTES[period] * MAX_XP_PER_MINUTE + BONUS_ALLOWANCE_XP;
}

/** Adds a gain to the current bucket of each period; a bucket from an earlier period starts over. */
export function addGain(buckets: PeriodBuckets, gain: number, keys: Record<Period, string>): PeriodBuckets {
  if (gain <= 0) return buckets;
  const next: PeriodBuckets = { ...buckets };
  for (const period of PERIODS) {
    const current = buckets[period]?.key === keys[period] ? buckets[period]!.xp : 0;
    next[period] = { key: keys[period], xp: Math.min(current + gain, periodCap(period)) };
  }
  return next;
}

export interface Ranked {
  rank: number;
  xp: number;
  anonymousId: string;
}

/**
 * Standard competition ranking (1, 2, 2, 4): equal scores share a rank and the next rank skips. Ties are listed
 * in anonymousId order so every rebuild lists them the same way.
 */
export function rank(entries: ReadonlyArray<{ xp: number; anonymousId: string }>): Ranked[] {
  const sorted = [...entries].sort((a, b) => b.xp - a.xp || a.anonymousId.localeCompare(b.anonymousId));
  const ranked: Ranked[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const place = previous && previous.xp === entry.xp ? previous.rank : index + 1;
    ranked.push({ rank: place, xp: entry.xp, anonymousId: entry.anonymousId });
  });
  return ranked;
}
