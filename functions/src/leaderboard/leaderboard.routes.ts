/** GET /api/v1/leaderboard: served from the period's denormalised document, cached per instance. */
import type { AppContext } from "../context";
import { periodCap } from "../domain/board-gains";
import { AppError } from "../errors";
import { route, type Route } from "../http/route-table";
import { TtlCache } from "../http/ttl-cache";
import { longAnonymousIdOf } from "../users/anonymous-id";
import type { StoredUserDocument } from "../http/identity";
import { contendersNamed, contendersNextTo, optedInNamed, rankedUserOf, type Contender } from "../users/users.store";
import { loadBoard } from "./leaderboard.loader";
import { boardOrder, continueBelowFrom, locate, NEIGHBOURS_EACH_SIDE, placeOf, type Entry, type Place, type Standing } from "./leaderboard.logic";
import { leaderboardQuerySchema, leaderboardResponseSchema, type NotOnBoard } from "./leaderboard.schema";
import { BOARD_CACHE_SECONDS, type Board } from "./leaderboard.store";
import { hiddenList } from "../moderation/hidden.cache";
import { boardWithout, hiddenNames } from "../moderation/hidden.logic";
import type { HiddenList } from "../moderation/hidden.store";

/** Users sharing a short name among the period's participants that `around=` looks at (they are rare: docs). */
const NAMESAKES_READ = 2;
/** At most this many more entries are read next to a place beyond the list, to step over hidden ones. */
const HIDDEN_READ_PAST = 2;

/** The `me` of a reply: a place on the board, or why the bearer (or the name) is not on it. */
type Me = Place | NotOnBoard;

export function leaderboardRoutes(ctx: AppContext): Route[] {
  const boards = new TtlCache<Board>(BOARD_CACHE_SECONDS * 1000, () => ctx.now().getTime());

  return [
    route({
      method: "get",
      path: "/leaderboard",
      summary: "Anonymous period leaderboard",
      description:
        "`me` is the bearer's place when an opted-in user who scored in the period sends one (an opted-in bearer with no gain in the period yet gets `{ anonymousId, notOnBoard: \"no-gain-yet\" }` instead), or, with `around`, the place of that anonymousId (no bearer needed; the same `no-gain-yet` answer for the name of an opted-in user with no gain yet; otherwise 404 when it is not on the board). A place has the rank (exact while among the best 1,000, otherwise within 1 % of `participants`), the XP and up to two neighbours on each side.",
      caller: "user-if-sent",
      query: leaderboardQuerySchema,
      responses: {
        200: { description: "Top scores; `me` with a bearer of an opted-in user, or for `around`", schema: leaderboardResponseSchema, name: "Leaderboard" },
      },
      errors: [404],
      handle: async ({ query: { period, limit, around }, caller, res }) => {
        // Both from this instance's memory while warm: the board as rebuilt, and the hidden list applied to it.
        const [stored, hidden] = await Promise.all([boards.get(period, () => loadBoard(ctx, period)), hiddenList(ctx)]);
        const board = boardWithout(stored, hiddenNames(hidden));
        let me: Me | undefined;
        if (around !== undefined) {
          me = await placeOfName(ctx, board, around, hidden);
          // Nothing is said about why: unknown, opted out, deleted and hidden look the same.
          if (!me) throw new AppError("not_found", "No entry of that name on this board.");
        } else if (caller.userId !== undefined) {
          me = await myPlace(ctx, board, caller.userKey, caller.stored, hidden);
        }
        // Added to what CORS set (Origin), never replacing it: a shared cache must key on both.
        res.vary("Authorization");
        // A board without a bearer (with or without `around`) is the same for everyone: let Hosting's CDN serve it too.
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

function standingOf(board: Board): Standing {
  const ranked = [...board.rankings, ...(board.deeper ?? [])];
  return { ranked, participants: Math.max(board.participants ?? 0, ranked.length), histogram: board.histogram ?? [], cap: periodCap(board.period) };
}

/**
 * The caller's place, when they opted in and scored in the board's period; when they opted in and are not on it,
 * why: an operator hid them, or they gained nothing in it yet. One document read (the caller, by the route table's
 * live-user check), and beyond the board's deep list two range reads of at most two entries each (docs/leaderboards.md).
 */
async function myPlace(ctx: AppContext, board: Board, userKey: string, stored: StoredUserDocument | undefined, hidden: HiddenList): Promise<Me | undefined> {
  const user = rankedUserOf(stored, board.period);
  if (!user?.leaderboardOptIn) return undefined;
  // Hiding is not secret from the user: their own `me` says so, on every board.
  if (userKey in hidden) return { anonymousId: user.anonymousId, notOnBoard: "hidden", hidden: true };
  if (hasNoGainOn(board, user.bucket?.key)) return { anonymousId: user.anonymousId, notOnBoard: "no-gain-yet" };
  if (user.bucket?.key !== board.periodKey) return undefined;
  const names = new Set([user.anonymousId, longAnonymousIdOf(userKey, ctx.config.userIdPepper)]);
  return placeWithNeighbours(ctx, board, { xp: user.bucket.xp, anonymousId: user.anonymousId }, names, hidden, userKey);
}

/**
 * The place of a public name: from the board when it is on its deep list (no read), else from the opted-in users
 * of the period carrying that name (one read of at most two), then as for `me`; for the name of an opted-in user
 * with no gain in the period, `no-gain-yet`.
 */
async function placeOfName(ctx: AppContext, board: Board, name: string, hidden: HiddenList): Promise<Me | undefined> {
  const standing = standingOf(board);
  const listed = standing.ranked.find((entry) => entry.anonymousId === name);
  if (listed) return placeWithNeighbours(ctx, board, listed, new Set([name]), hidden);
  const short = name.split("-").slice(0, 3).join("-");
  const namesakes = await ctx.data((db) => contendersNamed(db, board.period, board.periodKey, short, NAMESAKES_READ));
  const pepper = ctx.config.userIdPepper;
  // The long form names one user; a short name shared by several stands for the first of them in board order.
  const found = name === short ? [...namesakes].sort(boardOrder)[0] : namesakes.find((c) => longAnonymousIdOf(c.userKey, pepper) === name);
  if (found && found.userKey in hidden) return undefined;
  if (!found) return noGainNamed(ctx, board, name, short, hidden);
  const names = new Set([found.anonymousId, longAnonymousIdOf(found.userKey, pepper)]);
  return placeWithNeighbours(ctx, board, { xp: found.xp, anonymousId: found.anonymousId }, names, hidden, found.userKey);
}

/**
 * A bucket key that means "no gain yet" on the board: none, or an earlier period's (keys of one period sort in
 * time order). A newer key is a gain the served board cannot show yet (the minutes after a UTC midnight, before
 * the rebuild): that is not "no gain", and gets no `notOnBoard` answer.
 */
function hasNoGainOn(board: Board, bucketKey: string | null | undefined): boolean {
  return bucketKey === undefined || bucketKey === null || bucketKey < board.periodKey;
}

/**
 * For a name no participant carries: the `no-gain-yet` answer when it is an opted-in user's (one read of at most
 * two), else nothing (a 404: unknown, opted out and deleted still look the same).
 */
async function noGainNamed(ctx: AppContext, board: Board, name: string, short: string, hidden: HiddenList): Promise<NotOnBoard | undefined> {
  const named = await ctx.data((db) => optedInNamed(db, board.period, short, NAMESAKES_READ));
  const pepper = ctx.config.userIdPepper;
  const user = name === short ? named[0] : named.find((u) => longAnonymousIdOf(u.userKey, pepper) === name);
  return user && !(user.userKey in hidden) && hasNoGainOn(board, user.bucketKey) ? { anonymousId: name, notOnBoard: "no-gain-yet" } : undefined;
}

async function placeWithNeighbours(ctx: AppContext, board: Board, me: Entry, names: Set<string>, hidden: HiddenList, userKey?: string): Promise<Place> {
  const standing = standingOf(board);
  const location = locate(standing, me, names);
  // Live neighbours skip hidden users: a few more are read so that, usually, as many are left.
  const extra = Math.min(Object.keys(hidden).length, HIDDEN_READ_PAST);
  const next = async (from: Entry, side: "above" | "below", wanted: number): Promise<Entry[]> => {
    const found = await ctx.data((db) => contendersNextTo(db, board.period, board.periodKey, from, side, wanted + extra));
    return found.filter((c: Contender) => c.userKey !== userKey && !names.has(c.anonymousId) && !(c.userKey in hidden)).slice(0, wanted);
  };
  if (location.on === "beyond") {
    const [above, below] = await Promise.all([next(me, "above", NEIGHBOURS_EACH_SIDE), next(me, "below", NEIGHBOURS_EACH_SIDE)]);
    return placeOf(standing, me, location, { above, below });
  }
  const more = continueBelowFrom(standing, me, location);
  const below = more ? await next(more.from, "below", more.wanted) : [];
  return placeOf(standing, me, location, { above: [], below });
}
