/** The rebuild: for each period, one query of at most 100 scores, ranks, one document written. */
import type { AppContext } from "../context";
import { PERIODS, periodKey, type Period } from "../domain/periods";
import { longAnonymousIdOf } from "../users/anonymous-id";
import { countParticipants, topContenders, type Contender } from "../users/users.store";
import { rank } from "./leaderboard.logic";
import { BOARD_SIZE, writeBoard, type Board } from "./leaderboard.store";

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

export async function rebuildLeaderboards(ctx: AppContext): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  for (const period of PERIODS) {
    const board = await rebuildBoard(ctx, period);
    summary[period] = { periodKey: board.periodKey, ranked: board.rankings.length, participants: board.participants };
  }
  return summary;
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
