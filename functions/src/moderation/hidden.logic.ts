/**
 * The hidden list applied to a board, pure. A board written before an entry was hidden is served without it
 * (`boardWithout`): its ranks closed up, as if it had not played — the entries below move up, the counts of
 * participants and of its score's histogram bucket go down by one. The next rebuild leaves hidden entries out
 * itself (by user key), so then there is nothing left to take out.
 */
import { rank, type Ranked, type ScoreBucket } from "../leaderboard/leaderboard.logic";
import type { HiddenList } from "./hidden.store";

/** A board as it is served: what `boardWithout` needs of one (leaderboard.store's Board has these fields). */
export interface ServedBoard {
  rankings: Ranked[];
  deeper?: Ranked[];
  participants?: number;
  histogram?: ScoreBucket[];
}

/** Every name the boards may show a hidden user under. */
export function hiddenNames(list: HiddenList): Set<string> {
  return new Set(Object.values(list).flatMap((entry) => [entry.anonymousId, ...entry.names]));
}

/** The user key of the hidden entry shown under `name` (short or long form), if any. */
export function hiddenKeyNamed(list: HiddenList, name: string): string | undefined {
  return Object.keys(list).find((key) => list[key].anonymousId === name || list[key].names.includes(name));
}

/** Takes one score out of the histogram (its bucket: the first, highest-first, whose min it reaches). */
export function histogramWithout(histogram: ReadonlyArray<ScoreBucket>, xp: number): ScoreBucket[] {
  const index = histogram.findIndex((bucket) => bucket.min <= xp);
  return histogram.map((bucket, i) => (i === index ? { min: bucket.min, count: Math.max(0, bucket.count - 1) } : bucket));
}

/** The board without the entries shown under `names`, ranks closed up; the same board when none is on it. */
export function boardWithout<B extends ServedBoard>(board: B, names: ReadonlySet<string>): B {
  const all = [...board.rankings, ...(board.deeper ?? [])];
  const removed = all.filter((entry) => names.has(entry.anonymousId));
  if (removed.length === 0) return board;
  const ranked = rank(all.filter((entry) => !names.has(entry.anonymousId)));
  const size = board.rankings.length;
  let histogram = board.histogram;
  for (const entry of removed) if (histogram) histogram = histogramWithout(histogram, entry.xp);
  return {
    ...board,
    rankings: ranked.slice(0, size),
    ...(board.deeper ? { deeper: ranked.slice(size) } : {}),
    ...(board.participants === undefined ? {} : { participants: Math.max(ranked.length, board.participants - removed.length) }),
    ...(histogram ? { histogram } : {}),
  };
}
