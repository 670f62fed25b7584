/** The scheduled rebuild: each period's board, built as leaderboard.loader.ts builds it. */
import type { AppContext } from "../context";
import { PERIODS } from "../domain/periods";
import { rebuildBoard } from "./leaderboard.loader";

export async function rebuildLeaderboards(ctx: AppContext): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  for (const period of PERIODS) {
    const board = await rebuildBoard(ctx, period);
    summary[period] = { periodKey: board.periodKey, ranked: board.rankings.length, participants: board.participants };
  }
  return summary;
}
