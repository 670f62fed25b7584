/**
 * Leaderboard rules, pure: how a list of scores becomes ranks, where a score or an entry sits on a board (rank
 * and neighbours), and the score histogram that places entries beyond the board's deep list. How much of a gain
 * counts, and how it fills the period buckets, is in domain/board-gains.ts (the sync merge uses it too).
 * Everything here works on any ranked list — the global boards and a circle's members alike.
 */
export interface Ranked {
  rank: number;
  xp: number;
  anonymousId: string;
}

export interface Entry {
  xp: number;
  anonymousId: string;
}

/**
 * Names compare by code unit — the order Firestore gives strings (UTF-8 bytes; the same for our ASCII names) —
 * so that a query's tie order and the board's are one order.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The board's order: higher XP first, ties by anonymousId. Negative when `a` comes first. */
export function boardOrder(a: Entry, b: Entry): number {
  return b.xp - a.xp || compareNames(a.anonymousId, b.anonymousId);
}

/**
 * Standard competition ranking (1, 2, 2, 4): equal scores share a rank and the next rank skips. Ties are listed
 * in anonymousId order so every rebuild lists them the same way.
 */
export function rank(entries: ReadonlyArray<Entry>): Ranked[] {
  const sorted = [...entries].sort(boardOrder);
  const ranked: Ranked[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const place = previous && previous.xp === entry.xp ? previous.rank : index + 1;
    ranked.push({ rank: place, xp: entry.xp, anonymousId: entry.anonymousId });
  });
  return ranked;
}

// ---- where an entry sits --------------------------------------------------------------------------------

/**
 * Counts of scores, highest bucket first: bucket i holds the scores in [min_i, min_(i−1)) (the first one every
 * score from its min up). Kept by the rebuild so that no request counts anything.
 */
export interface ScoreBucket {
  min: number;
  count: number;
}

/** What a board knows when it is served: its best entries in order, how many scored, and the histogram. */
export interface Standing {
  /** The best entries in board order, ranked: a board's whole deep list, or a circle's every member. */
  ranked: Ranked[];
  /** Everyone who scored in the period (≥ ranked.length). */
  participants: number;
  /** Scores of all participants, highest first; empty when `ranked` holds everyone. */
  histogram: ScoreBucket[];
  /** The highest score the period allows (the top bucket's upper end, for interpolation). */
  cap: number;
}

export interface Place extends Ranked {
  /** The rank is exact (while the entry is within the deep list's reach); otherwise within 1 % of participants. */
  exact: boolean;
  /** Up to two entries just above and two just below, in board order (those before the entry are above it). */
  neighbours: Ranked[];
}

export const NEIGHBOURS_EACH_SIDE = 2;

/** True when entries exist beyond the deep list (the list is not everyone). */
const hasMoreThanListed = (standing: Standing) => standing.participants > standing.ranked.length;

/**
 * The rank a score has on the board: exact when every better score is on the list (the list is everyone, or
 * the score is at least the list's last), else from the histogram, within the count of one bucket — which the
 * rebuild keeps at or under 1 % of participants.
 */
export function rankOfScore(standing: Standing, xp: number): { rank: number; exact: boolean } {
  const { ranked } = standing;
  const last = ranked[ranked.length - 1];
  if (!hasMoreThanListed(standing) || (last !== undefined && xp >= last.xp)) {
    return { rank: 1 + ranked.filter((entry) => entry.xp > xp).length, exact: true };
  }
  const estimate = 1 + Math.round(estimateCountAbove(standing.histogram, standing.cap, xp));
  return { rank: Math.min(Math.max(estimate, ranked.length + 1), standing.participants), exact: false };
}

/**
 * How many scores are above `xp`, from the histogram: whole buckets above it, plus the share of its own bucket
 * above it, taking that bucket's scores as spread evenly over its values. Off by at most that bucket's count.
 */
export function estimateCountAbove(histogram: ReadonlyArray<ScoreBucket>, cap: number, xp: number): number {
  let above = 0;
  let upper = Math.max(cap, xp) + 1;
  for (const bucket of histogram) {
    if (bucket.min > xp) {
      above += bucket.count;
    } else {
      const width = Math.max(1, upper - bucket.min);
      above += (bucket.count * Math.max(0, upper - 1 - xp)) / width;
      break;
    }
    upper = bucket.min;
  }
  return above;
}

/**
 * Where an entry is to be placed: on the list, or beyond it (then its neighbours come from live range reads; its
 * rank is still exact when every better score is on the list).
 */
export type Location =
  | { on: "list"; index: number; listed: boolean }
  | { on: "beyond" };

/**
 * Finds `me` on the list: by name when listed (the list's own entry wins, so `me` agrees with the board), else
 * where its score would sit when that place is exact, else beyond the list.
 */
export function locate(standing: Standing, me: Entry, names: ReadonlySet<string> = new Set([me.anonymousId])): Location {
  const listedAt = standing.ranked.findIndex((entry) => names.has(entry.anonymousId));
  if (listedAt >= 0) return { on: "list", index: listedAt, listed: true };
  if (!rankOfScore(standing, me.xp).exact) return { on: "beyond" };
  const after = standing.ranked.findIndex((entry) => boardOrder(me, entry) < 0);
  // After the list's last entry, unlisted entries tied with it may come before `me`: read around it live (its
  // rank stays exact: every better score is on the list).
  if (after < 0 && hasMoreThanListed(standing)) return { on: "beyond" };
  return { on: "list", index: after < 0 ? standing.ranked.length : after, listed: false };
}

/**
 * The position after which live entries continue the neighbours below, when the list alone cannot give two:
 * `undefined` when it can (or when nothing is beyond it).
 */
export function continueBelowFrom(standing: Standing, me: Entry, location: Location): { from: Entry; wanted: number } | undefined {
  if (location.on === "beyond") return { from: me, wanted: NEIGHBOURS_EACH_SIDE };
  const start = location.listed ? location.index + 1 : location.index;
  const fromList = standing.ranked.length - start;
  if (fromList >= NEIGHBOURS_EACH_SIDE || !hasMoreThanListed(standing)) return undefined;
  const last = standing.ranked[standing.ranked.length - 1];
  const from = last === undefined || (!location.listed && boardOrder(me, last) > 0) ? me : last;
  return { from, wanted: NEIGHBOURS_EACH_SIDE - fromList };
}

/**
 * The entry's place: its rank, whether exact, and its neighbours — from the list where it is on it, with `live`
 * entries (read around it, in board order: `above` nearest first, `below` nearest first) where it is not.
 * An entry placed among the list but not on it (it scored since the rebuild) is counted in: the entries it
 * passed rank one lower, as the next rebuild will show.
 */
export function placeOf(
  standing: Standing,
  me: Entry,
  location: Location,
  live: { above: Entry[]; below: Entry[] } = { above: [], below: [] },
): Place {
  const inserted = location.on === "list" && !location.listed;
  const rankOf = (entry: Entry): number => rankOfScore(standing, entry.xp).rank + (inserted && entry.xp < me.xp ? 1 : 0);

  if (location.on === "list") {
    const own = location.listed ? standing.ranked[location.index] : undefined;
    const place = own ? { rank: own.rank, xp: own.xp, anonymousId: own.anonymousId } : { rank: rankOfScore(standing, me.xp).rank, xp: me.xp, anonymousId: me.anonymousId };
    const above = standing.ranked.slice(Math.max(0, location.index - NEIGHBOURS_EACH_SIDE), location.index);
    const start = location.listed ? location.index + 1 : location.index;
    const belowListed = standing.ranked.slice(start, start + NEIGHBOURS_EACH_SIDE).map((entry) => ({ ...entry, rank: entry.rank + (inserted && entry.xp < me.xp ? 1 : 0) }));
    const belowLive = live.below.slice(0, NEIGHBOURS_EACH_SIDE - belowListed.length).map((entry) => ({ ...entry, rank: rankOf(entry) }));
    return { ...place, exact: true, neighbours: [...above, ...belowListed, ...belowLive].map(plainRanked) };
  }

  const own = rankOfScore(standing, me.xp);
  const above = chainRanks(live.above.slice(0, NEIGHBOURS_EACH_SIDE), own.rank, me.xp, standing, "above").reverse();
  const below = chainRanks(live.below.slice(0, NEIGHBOURS_EACH_SIDE), own.rank, me.xp, standing, "below");
  return { rank: own.rank, xp: me.xp, anonymousId: me.anonymousId, exact: own.exact, neighbours: [...above, ...below] };
}

/**
 * Ranks for live neighbours of an entry beyond the list, nearest first, kept consistent with competition ranking
 * whatever the estimate says: a tie shares the rank, a better score ranks at least one higher, a worse one at
 * least one lower.
 */
function chainRanks(entries: Entry[], ownRank: number, ownXp: number, standing: Standing, side: "above" | "below"): Ranked[] {
  const result: Ranked[] = [];
  let previous = { rank: ownRank, xp: ownXp };
  for (const entry of entries) {
    const estimate = rankOfScore(standing, entry.xp).rank;
    const rank =
      entry.xp === previous.xp
        ? previous.rank
        : side === "above"
          ? Math.max(1, Math.min(estimate, previous.rank - 1))
          : Math.max(estimate, previous.rank + 1);
    result.push({ rank, xp: entry.xp, anonymousId: entry.anonymousId });
    previous = { rank, xp: entry.xp };
  }
  return result;
}

const plainRanked = ({ rank, xp, anonymousId }: Ranked): Ranked => ({ rank, xp, anonymousId });

// ---- the histogram the rebuild keeps ------------------------------------------------------------------------

/** A bucket whose count the rebuild knows, with its upper end (exclusive; `null` = no upper end). */
export interface CountedBucket {
  min: number;
  upper: number | null;
  count: number;
}

/** The most one bucket may hold for a rank to be honest to within 1 % of participants. */
export function bucketTarget(participants: number): number {
  return Math.max(1, Math.floor(participants / 100));
}

/** Bucket lower ends for counting, highest first, from the previous histogram (or one bucket from 0). */
export function bucketBounds(previous: ReadonlyArray<ScoreBucket> | undefined): number[] {
  const mins = [...new Set([0, ...(previous ?? []).map((b) => b.min)])].filter((m) => Number.isInteger(m) && m >= 0);
  return mins.sort((a, b) => b - a);
}

/**
 * The next bucket to split, and where: the fullest one over the target that spans more than one score value.
 * Its upper half [at, upper) is counted; the lower half is the rest. `undefined` when none needs it.
 */
export function nextSplit(buckets: ReadonlyArray<CountedBucket>, target: number, cap: number): { index: number; at: number } | undefined {
  let best: { index: number; at: number; count: number } | undefined;
  buckets.forEach((bucket, index) => {
    const upper = bucket.upper ?? cap + 1;
    if (bucket.count <= target || upper - bucket.min <= 1) return;
    if (!best || bucket.count > best.count) best = { index, at: Math.floor((bucket.min + upper) / 2), count: bucket.count };
  });
  return best && { index: best.index, at: best.at };
}

/** Applies a split: bucket `index` becomes [at, upper) with `upperCount` and [min, at) with the rest. */
export function applySplit(buckets: CountedBucket[], index: number, at: number, upperCount: number): CountedBucket[] {
  const bucket = buckets[index];
  return [
    ...buckets.slice(0, index),
    { min: at, upper: bucket.upper, count: upperCount },
    { min: bucket.min, upper: at, count: bucket.count - upperCount },
    ...buckets.slice(index + 1),
  ];
}

/**
 * Merges neighbouring buckets while together they hold at most half the target, so that the histogram stays at
 * a few hundred buckets (a bucket's count costs a read per rebuild) and a bucket that grows a little does not
 * need a split at once.
 */
export function mergeSmall(buckets: ReadonlyArray<CountedBucket>, target: number): CountedBucket[] {
  const merged: CountedBucket[] = [];
  for (const bucket of buckets) {
    const previous = merged[merged.length - 1];
    if (previous && previous.count + bucket.count <= target / 2) {
      merged[merged.length - 1] = { min: bucket.min, upper: previous.upper, count: previous.count + bucket.count };
    } else {
      merged.push({ ...bucket });
    }
  }
  return merged;
}
