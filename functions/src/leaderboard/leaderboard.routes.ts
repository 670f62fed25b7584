/** GET /api/v1/leaderboard: served from the period's denormalised document, cached per instance. */
import type { AppContext } from "../context";
import { userKeyOf } from "../users/user-keys";
import { route, type Route } from "../http/route-table";
import { TtlCache } from "../http/ttl-cache";
import { longAnonymousIdOf } from "../users/anonymous-id";
import { countAbove, readRankedUser } from "../users/users.store";
import { loadBoard } from "./leaderboard.loader";
import { leaderboardQuerySchema, leaderboardResponseSchema } from "./leaderboard.schema";
import type { Board } from "./leaderboard.store";

export const BOARD_CACHE_SECONDS = 30;

export function leaderboardRoutes(ctx: AppContext): Route[] {
  const boards = new TtlCache<Board>(BOARD_CACHE_SECONDS * 1000, () => ctx.now().getTime());

  return [
    route({
      method: "get",
      path: "/leaderboard",
      summary: "Anonymous period leaderboard",
      caller: "user-if-sent",
      query: leaderboardQuerySchema,
      responses: {
        200: { description: "Top scores; `me` with a bearer of an opted-in user", schema: leaderboardResponseSchema, name: "Leaderboard" },
      },
      handle: async ({ query: { period, limit }, caller, res }) => {
        const board = await boards.get(period, () => loadBoard(ctx, period));
        const me = caller.userId === undefined ? undefined : await myPlace(ctx, board, userKeyOf(caller.userId, ctx.config.userIdPepper));
        // Added to what CORS set (Origin), never replacing it: a shared cache must key on both.
        res.vary("Authorization");
        // A board without `me` is the same for everyone: let Hosting's CDN serve it too.
        res.setHeader(
          "Cache-Control",
          caller.userId === undefined ? `public, max-age=${BOARD_CACHE_SECONDS}, s-maxage=${BOARD_CACHE_SECONDS * 2}` : "private, no-store",
        );
        return {
          body: {
            period: board.period,
            periodKey: board.periodKey,
            generatedAt: board.generatedAt,
            rankings: board.rankings.slice(0, limit).map(({ rank, xp, anonymousId }) => ({ rank, xp, anonymousId })),
            participants: board.participants ?? board.rankings.length,
            ...(me ? { me } : {}),
          },
        };
      },
    }),
  ];
}

/**
 * The caller's rank and XP, when they opted in and scored in the board's period: read from the board when they
 * are on it (so it agrees with the list), else counted live. One document read plus at most one count.
 */
async function myPlace(ctx: AppContext, board: Board, userKey: string): Promise<{ rank: number; xp: number } | undefined> {
  const user = await ctx.data((db) => readRankedUser(db, userKey, board.period));
  if (!user?.leaderboardOptIn || user.bucket?.key !== board.periodKey) return undefined;
  const names = new Set([user.anonymousId, longAnonymousIdOf(userKey, ctx.config.userIdPepper)]);
  const listed = board.rankings.find((entry) => names.has(entry.anonymousId));
  if (listed) return { rank: listed.rank, xp: listed.xp };
  const xp = user.bucket.xp;
  const above = await ctx.data((db) => countAbove(db, board.period, board.periodKey, xp));
  return { rank: above + 1, xp };
}
