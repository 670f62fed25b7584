/**
 * How a board is built and loaded at request time: `rebuildBoard` (one query of at most 100 scores, one count,
 * ranks, one document written) is what the scheduled rebuild runs for each period, and what GET /leaderboard runs
 * before the first rebuild has written the period's document. The job (leaderboard.job.ts) only schedules it.
 */
import type { AppContext } from "../context";
import { periodKey, type Period } from "../domain/periods";
import { longAnonymousIdOf } from "../users/anonymous-id";
import { countParticipants, topContenders, type Contender } from "../users/users.store";
import { rank } from "./leaderboard.logic";
import { BOARD_SIZE, readBoard, writeBoard, type Board } from "./leaderboard.store";

export async function rebuildBoard(ctx: AppContext, period: Period): Promise<Board> {
  const now = ctx.now();
  const key = periodKey(period, now);
  const [contenders, participants] = await Promise.all([
    ctx.data((db) => topContenders(db, period, key, BOARD_SIZE)),
    ctx.data((db) => countParticipants(db, period, key)),
  ]);
  const board: Board = {
    period,
    periodKey: key,
    generatedAt: now.toISOString(),
    rankings: rank(withDistinctNames(contenders, ctx.config.userIdPepper)),
    participants,
  };
  await ctx.data((db) => writeBoard(db, board));
  return board;
}

/** The period's served board; before the first scheduled rebuild there is none yet, so it is built once here. */
export async function loadBoard(ctx: AppContext, period: Period): Promise<Board> {
  return (await ctx.data((db) => readBoard(db, period))) ?? rebuildBoard(ctx, period);
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
