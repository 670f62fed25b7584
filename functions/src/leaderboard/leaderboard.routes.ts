/** GET /api/v1/leaderboard: served from the period's denormalised document, cached per instance. */
import { Router } from "express";
import type { AppContext } from "../context";
import type { Period } from "../domain/periods";
import { guarded } from "../firestore";
import { optionalBearerUserId, userKeyOf } from "../http/identity";
import { TtlCache } from "../http/ttl-cache";
import { parseOrReject } from "../http/validate";
import { longAnonymousIdOf } from "../sync/anonymous-id";
import { rebuildBoard } from "./leaderboard.job";
import { countAbove, readBoard, readRankedUser, type Board } from "./leaderboard.store";
import { leaderboardQuerySchema } from "./leaderboard.schema";

export const BOARD_CACHE_SECONDS = 30;

export function leaderboardRoutes(ctx: AppContext): Router {
  const router = Router();
  const boards = new TtlCache<Board>(BOARD_CACHE_SECONDS * 1000, () => ctx.now().getTime());
  const timeout = ctx.config.firestoreTimeoutMs;

  // Before the first scheduled rebuild there is no document yet: build it once rather than serve nothing.
  const loadBoard = async (period: Period) =>
    (await guarded(() => readBoard(ctx.db(), period), timeout)) ?? rebuildBoard(ctx, period);

  router.get("/leaderboard", async (req, res) => {
    const { period, limit } = parseOrReject(leaderboardQuerySchema, req.query, "The query");
    const userId = optionalBearerUserId(req);
    const board = await boards.get(period, () => loadBoard(period));
    const me = userId === undefined ? undefined : await myPlace(ctx, board, userKeyOf(userId, ctx.config.userIdPepper));

    // Added to what CORS set (Origin), never replacing it: a shared cache must key on both.
    res.vary("Authorization");
    // A board without `me` is the same for everyone: let Hosting's CDN serve it too.
    res.setHeader(
      "Cache-Control",
      userId === undefined ? `public, max-age=${BOARD_CACHE_SECONDS}, s-maxage=${BOARD_CACHE_SECONDS * 2}` : "private, no-store",
    );
    res.json({
      period: board.period,
      periodKey: board.periodKey,
      generatedAt: board.generatedAt,
      rankings: board.rankings.slice(0, limit).map(({ rank, xp, anonymousId }) => ({ rank, xp, anonymousId })),
      participants: board.participants ?? board.rankings.length,
      ...(me ? { me } : {}),
    });
  });

  return router;
}

/**
 * The caller's rank and XP, when they opted in and scored in the board's period: read from the board when they
 * are on it (so it agrees with the list), else counted live. One document read plus at most one count.
 */
async function myPlace(ctx: AppContext, board: Board, userKey: string): Promise<{ rank: number; xp: number } | undefined> {
  const timeout = ctx.config.firestoreTimeoutMs;
  const user = await guarded(() => readRankedUser(ctx.db(), userKey, board.period), timeout);
  if (!user?.leaderboardOptIn || user.bucket?.key !== board.periodKey) return undefined;
  const names = new Set([user.anonymousId, longAnonymousIdOf(userKey, ctx.config.userIdPepper)]);
  const listed = board.rankings.find((entry) => names.has(entry.anonymousId));
  if (listed) return { rank: listed.rank, xp: listed.xp };
  const xp = user.bucket.xp;
  const above = await guarded(() => countAbove(ctx.db(), board.period, board.periodKey, xp), timeout);
  return { rank: above + 1, xp };
}
