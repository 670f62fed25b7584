/**
 * How a board is built and loaded at request time. The rebuild, per period: the best BOARD_DEPTH scores in board
 * order (one query), the score histogram (one count aggregation per bucket, plus a few to split buckets that grew
 * past 1 % of participants), one document. It is what the scheduled rebuild (leaderboard.job.ts) runs for each
 * period, and what GET /leaderboard runs before the first rebuild has written the period's document.
 * Costs and why: docs/leaderboards.md ("Where am I").
 */
import type { AppContext } from "../context";
import { periodCap } from "../domain/board-gains";
import { periodKey, type Period } from "../domain/periods";
import { longAnonymousIdOf } from "../users/anonymous-id";
import { histogramWithout } from "../moderation/hidden.logic";
import { readHidden } from "../moderation/hidden.store";
import { countScores, topContenders, type Contender } from "../users/users.store";
import {
  applySplit,
  bucketBounds,
  bucketTarget,
  mergeSmall,
  nextSplit,
  rank,
  type CountedBucket,
  type ScoreBucket,
} from "./leaderboard.logic";
import { BOARD_DEPTH, BOARD_SIZE, readBoard, writeBoard, type Board } from "./leaderboard.store";

/** Splits one rebuild may make per period; a histogram that needs more (a first rebuild at scale) settles over a few. */
export const MAX_SPLITS_PER_REBUILD = 200;
/** Bucket counts run this many at a time (each is one small aggregation; more at once would only queue). */
const COUNT_CONCURRENCY = 8;

export async function rebuildBoard(ctx: AppContext, period: Period): Promise<Board> {
  const now = ctx.now();
  const key = periodKey(period, now);
  const previous = await ctx.data((db) => readBoard(db, period));
  const hidden = await ctx.data(readHidden);
  // Hidden users are read too (so the list still holds BOARD_DEPTH others), then left out.
  const contenders = await ctx.data((db) => topContenders(db, period, key, BOARD_DEPTH + Object.keys(hidden).length));
  const named = withDistinctNames(contenders, ctx.config.userIdPepper);
  const isHidden = (i: number) => contenders[i].userKey in hidden;
  const ranked = rank(named.filter((_, i) => !isHidden(i))).slice(0, BOARD_DEPTH);
  // A hidden user among them is taken out of the counts too; one beyond them stays counted (docs/leaderboards.md).
  const hiddenScores = contenders.filter((_, i) => isHidden(i)).map((c) => c.xp);
  const histogram = hiddenScores.reduce(histogramWithout, await scoreHistogram(ctx, period, key, previous?.histogram));
  const counted = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  const board: Board = {
    period,
    periodKey: key,
    generatedAt: now.toISOString(),
    rankings: ranked.slice(0, BOARD_SIZE),
    // The list and the counts are read moments apart: never fewer participants than listed.
    participants: Math.max(counted, ranked.length),
    deeper: ranked.slice(BOARD_SIZE),
    histogram,
  };
  await ctx.data((db) => writeBoard(db, board));
  return board;
}

/**
 * Counts every bucket of the previous histogram again (each participant once: one read per 1,000 of them, plus
 * one per bucket), splits the fullest buckets over 1 % of participants at their midpoint (one count each), and
 * merges neighbours that together hold under half of that. While everyone fits on the deep list it keeps one
 * bucket: every rank is exact from the list.
 */
async function scoreHistogram(ctx: AppContext, period: Period, key: string, previous: ScoreBucket[] | undefined): Promise<ScoreBucket[]> {
  const cap = periodCap(period);
  const count = (min: number, upper: number | null) => ctx.data((db) => countScores(db, period, key, min, upper));
  const bounds = bucketBounds(previous);
  let buckets: CountedBucket[] = [];
  for (let i = 0; i < bounds.length; i += COUNT_CONCURRENCY) {
    const batch = bounds.slice(i, i + COUNT_CONCURRENCY).map((min, j) => ({ min, upper: i + j === 0 ? null : bounds[i + j - 1] }));
    // Settled, not raced: a failed count must not leave the others of its batch running after the job ends.
    const results = await Promise.allSettled(batch.map((b) => count(b.min, b.upper)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    buckets.push(...batch.map((b, j) => ({ ...b, count: (results[j] as PromiseFulfilledResult<number>).value })));
  }
  const participants = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const target = participants > BOARD_DEPTH ? bucketTarget(participants) : Number.POSITIVE_INFINITY;
  for (let splits = 0; splits < MAX_SPLITS_PER_REBUILD; splits++) {
    const split = nextSplit(buckets, target, cap);
    if (!split) break;
    const upperCount = await count(split.at, buckets[split.index].upper);
    buckets = applySplit(buckets, split.index, split.at, upperCount);
  }
  return mergeSmall(buckets, target).map(({ min, count: n }) => ({ min, count: n }));
}

/** Users who share a short name on one board are both shown in their long form. */
export function withDistinctNames(contenders: Contender[], pepper: string): Array<{ xp: number; anonymousId: string }> {
  const seen = new Map<string, number>();
  for (const c of contenders) seen.set(c.anonymousId, (seen.get(c.anonymousId) ?? 0) + 1);
  return contenders.map((c) => ({
    xp: c.xp,
    anonymousId: (seen.get(c.anonymousId) ?? 0) > 1 ? longAnonymousIdOf(c.userKey, pepper) : c.anonymousId,
  }));
}

/** The period's served board; before the first scheduled rebuild there is none yet, so it is built once here. */
export async function loadBoard(ctx: AppContext, period: Period): Promise<Board> {
  return (await ctx.data((db) => readBoard(db, period))) ?? rebuildBoard(ctx, period);
}
