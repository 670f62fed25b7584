/**
 * Circles: private boards for a team or a group of friends (docs/circles.md). Every route needs the Bearer
 * userId; only members learn that a circle exists (404 for anyone else, never 403); the creator replaces the
 * code and removes members; limits answer 403 `forbidden`.
 */
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context";
import { periodKey, type Period } from "../domain/periods";
import { AppError, invalid } from "../errors";
import { unavailable } from "../firestore";
import { KeyedLock } from "../util/keyed-lock";
import type { StoredUserDocument } from "../http/identity";
import { route, type Route } from "../http/route-table";
import { withDistinctNames } from "../leaderboard/leaderboard.loader";
import { anonymousIdOf, longAnonymousIdOf } from "../users/anonymous-id";
import type { BoundedCache } from "../util/bounded-cache";
import { circleContenders, circlesOf } from "../users/user-circles.store";
import { codeGuessing } from "./circles.guessing";
import { boardKey, circleBoardCache, forgetCircles, type CachedCircleBoard } from "./circles.cache";
import { circleBoard, circleCodeFromBytes, circleCodeKeyOf, circleNameFromBytes, normalizeCircleCode } from "./circles.logic";
import {
  circleBoardQuerySchema,
  circleBoardSchema,
  circleCodeSchema,
  circleListSchema,
  circleParamsSchema,
  createdCircleSchema,
  joinedCircleSchema,
  joinSchema,
  memberParamsSchema,
} from "./circles.schema";
import { createCircle, joinByCode, leaveCircle, newCircleId, readCircle, readCirclesOf, removeMember, repairUserCircles, replaceCode } from "./circles.store";

const notFound = () => new AppError("not_found", "No such circle, or you are not one of its members.");
/** A load's "no such circle" as a value (anything else still fails the request). */
const gone = (error: unknown): undefined => {
  if (error instanceof AppError && error.code === "not_found") return undefined;
  throw error;
};
const noUser = () => new AppError("forbidden", "Sync once before creating or joining a circle: the server holds no progress for this userId yet.");

/** What every circle route shares: the context, the pepper and the limits. */
function circleKit(ctx: AppContext) {
  const pepper = ctx.config.userIdPepper;
  const limits = { maxCirclesPerUser: ctx.config.maxCirclesPerUser, maxMembersPerCircle: ctx.config.maxMembersPerCircle };
  const tooMany = () =>
    new AppError("forbidden", `You are in ${limits.maxCirclesPerUser} circles already, the most one user may be in; leave one first.`);
  /** When a code made now stops opening its circle. */
  const codeExpiry = () => new Date(ctx.now().getTime() + ctx.config.circleCodeDays * 86_400_000);
  return { ctx, pepper, limits, tooMany, codeExpiry };
}

type CircleKit = ReturnType<typeof circleKit>;

/** Every circle route: the Bearer userId (a retired one gets 410 from the route table), counted per user. */
const userRoute = { caller: "user", rateLimit: "account-per-user" } as const;

export function circleRoutes(ctx: AppContext): Route[] {
  const kit = circleKit(ctx);
  // One cache per instance, shared with the account deletion (circles.cache.ts).
  const boards = circleBoardCache(ctx);
  return [
    createRoute(kit),
    joinRoute(kit),
    listRoute(kit),
    boardRoute(kit, boards),
    leaveRoute(kit),
    replaceCodeRoute(kit),
    removeMemberRoute(kit),
  ];
}

function createRoute({ ctx, pepper, limits, tooMany, codeExpiry }: CircleKit): Route {
  return route({
    ...userRoute,
    method: "post",
    path: "/circles",
    summary: "Create a circle (you are its first member and its creator)",
    description: "The name is generated; the invite code opens the circle for CIRCLE_CODE_DAYS (30 by default) or until the creator replaces it. Needs a user who has synced once (403 otherwise).",
    responses: { 201: { description: "The new circle and its invite code", schema: createdCircleSchema, name: "CreatedCircle" } },
    errors: [403],
    handle: async ({ caller }) => {
      const { userKey } = caller;
      const circleId = newCircleId();
      const name = circleNameFromBytes(randomBytes(4));
      const code = circleCodeFromBytes(randomBytes(5));
      const codeExpiresAt = codeExpiry();
      const outcome = await ctx.data((db) =>
        createCircle(db, { circleId, name, codeKey: circleCodeKeyOf(code, pepper), codeExpiresAt, userKey, now: ctx.now(), limits }),
      );
      if (outcome === "no-user") throw noUser();
      if (outcome === "too-many-circles") throw tooMany();
      return { status: 201, body: { circleId, name, code, codeExpiresAt: codeExpiresAt.toISOString() } };
    },
  });
}

function joinRoute({ ctx, pepper, limits, tooMany }: CircleKit): Route {
  // Joins of one circle run one after another on this instance (keyed by the code, which names the circle): a
  // crowd joining at once then contends only across instances, instead of aborting each other's transactions.
  const codeLock = new KeyedLock(4 * ctx.config.firestoreTimeoutMs);
  const guessing = codeGuessing(ctx);
  return route({
    ...userRoute,
    method: "post",
    path: "/circles/join",
    summary: "Join a circle with its invite code (your opt-in to its boards)",
    description:
      "Independent of `leaderboard.optIn`. Joining twice changes nothing. An unknown, expired or replaced code gets 404; too many of those from one address in an hour, 429.",
    body: joinSchema,
    bodyDescription: "The invite code, as typed (case, dashes and spaces do not matter)",
    responses: { 200: { description: "The circle joined", schema: joinedCircleSchema, name: "JoinedCircle" } },
    errors: [403, 404],
    handle: async ({ body, caller, req }) => {
      const code = normalizeCircleCode(body.code);
      if (!code) throw invalid("The request is not valid.", [{ path: "code", message: "is not a circle code (BC-XXXX-XXXX)" }]);
      const attempt = guessing.attempt(req);
      const codeKey = circleCodeKeyOf(code, pepper);
      const input = { codeKey, userKey: caller.userKey, limits, now: ctx.now() };
      const outcome = await ctx.data((db, deadline) => codeLock.run(codeKey, () => joinByCode(db, input), deadline, unavailable));
      if (outcome.kind !== "not-found") attempt.hit();
      switch (outcome.kind) {
        case "no-user":
          throw noUser();
        case "not-found":
          throw new AppError("not_found", "This code opens no circle (it may have expired or been replaced).");
        case "too-many-circles":
          throw tooMany();
        case "circle-full":
          throw new AppError("forbidden", `This circle has ${limits.maxMembersPerCircle} members already, the most a circle may have.`);
        case "joined":
          if (outcome.changed) forgetCircles(ctx, [outcome.circleId]);
          return { body: { circleId: outcome.circleId, name: outcome.name } };
      }
    },
  });
}

function listRoute({ ctx }: CircleKit): Route {
  return route({
    ...userRoute,
    method: "get",
    path: "/circles",
    summary: "The circles you are in",
    responses: { 200: { description: "Your circles", schema: circleListSchema, name: "CircleList" } },
    handle: async ({ caller }) => {
      const { userKey } = caller;
      const circles = (await ctx.data((db) => readCirclesOf(db, caller.stored))).filter((c) => c.members.includes(userKey));
      // Ids the record lists of circles gone or not listing the user: stale, repaired.
      const stale = circlesOf(caller.stored).filter((id) => !circles.some((c) => c.circleId === id));
      if (stale.length > 0) await ctx.data((db) => repairUserCircles(db, userKey, stale));
      return { body: { circles: circles.map((c) => ({ circleId: c.circleId, name: c.name, members: c.members.length, creator: c.creatorKey === userKey })) } };
    },
  });
}

/**
 * Whether the caller may read this circle's board, decided on their own user document — the one the route table's
 * live-user check read on this request (a retired id has had its 410 there), whatever this instance has cached: a
 * user whose record does not list the circle gets 404. Joining, leaving, a removal and a deletion change the record
 * in the same transaction as the circle's member list, so a member who left or was removed on another instance is
 * refused at once, and one who joined there is let in at once.
 */
function refuseNonReaders(stored: StoredUserDocument | undefined, circleId: string): void {
  if (!circlesOf(stored).includes(circleId)) throw notFound();
}

function boardRoute(kit: CircleKit, boards: BoundedCache<CachedCircleBoard>): Route {
  const { ctx } = kit;
  return route({
    ...userRoute,
    method: "get",
    path: "/circles/:circleId/leaderboard",
    summary: "A circle's board (members only)",
    description:
      "The global boards' scores, periods, ranking, ties and caps, over the circle's members who scored in the period, shown by anonymousId. A non-member or an unknown circle gets 404.",
    params: circleParamsSchema,
    query: circleBoardQuerySchema,
    responses: { 200: { description: "The circle's board for the period", schema: circleBoardSchema, name: "CircleBoard" } },
    errors: [404],
    handle: async ({ params: { circleId }, query: { period }, caller }) => {
      const { userKey } = caller;
      const now = ctx.now();
      refuseNonReaders(caller.stored, circleId);
      const key = boardKey(circleId, period, now);
      // Undefined when the circle is gone: the record listing it is then as stale as a non-member's.
      const load = () => boards.get(key, () => loadBoard(kit, circleId, period, now)).catch(gone);
      let board = await load();
      if (!board?.circle.members.includes(userKey)) {
        // Listed by the record but not in this instance's copy: a join elsewhere (reload), or a stale record.
        boards.delete(key);
        board = await load();
      }
      if (!board?.circle.members.includes(userKey)) {
        await ctx.data((db) => repairUserCircles(db, userKey, [circleId]));
        throw notFound();
      }
      return { body: servedBoard(circleId, board, userKey) };
    },
  });
}

/**
 * One read of the circle, one query of its members who scored in the period (none of the others is read). User
 * records that list the circle without being members are left off the board and repaired.
 */
async function loadBoard({ ctx, pepper }: CircleKit, circleId: string, period: Period, now: Date): Promise<CachedCircleBoard> {
  const circle = await ctx.data((db) => readCircle(db, circleId));
  if (!circle) throw notFound();
  const key = periodKey(period, now);
  const { contenders: members, stale } = await ctx.data((db) => circleContenders(db, circleId, period, key, new Set(circle.members)));
  for (const userKey of stale) await ctx.data((db) => repairUserCircles(db, userKey, [circleId]));
  const names = withDistinctNames(members, pepper);
  return {
    circle,
    period,
    periodKey: key,
    generatedAt: now.toISOString(),
    scores: members.map((m, i) => ({ userKey: m.userKey, anonymousId: names[i].anonymousId, xp: m.xp })),
  };
}

/** The board as one member sees it: the ranking, and their own place if they scored. */
function servedBoard(circleId: string, board: CachedCircleBoard, userKey: string) {
  const { rankings, me } = circleBoard(board.scores, userKey);
  return {
    circleId,
    name: board.circle.name,
    period: board.period,
    periodKey: board.periodKey,
    generatedAt: board.generatedAt,
    rankings,
    participants: rankings.length,
    members: board.circle.members.length,
    ...(me ? { me } : {}),
  };
}

function leaveRoute({ ctx }: CircleKit): Route {
  return route({
    ...userRoute,
    method: "delete",
    path: "/circles/:circleId/members/me",
    summary: "Leave a circle",
    description: "Takes effect at once. A creator who leaves is no longer its creator; the last member to leave deletes the circle.",
    params: circleParamsSchema,
    responses: { 204: { description: "Left" } },
    errors: [404],
    handle: async ({ params: { circleId }, caller }) => {
      const outcome = await ctx.data((db) => leaveCircle(db, circleId, caller.userKey));
      if (outcome === "not-found") throw notFound();
      forgetCircles(ctx, [circleId]);
      return { status: 204 };
    },
  });
}

function replaceCodeRoute({ ctx, pepper, codeExpiry }: CircleKit): Route {
  return route({
    ...userRoute,
    method: "post",
    path: "/circles/:circleId/code",
    summary: "Replace the invite code (creator only)",
    params: circleParamsSchema,
    responses: { 200: { description: "The new code; the old one stops working", schema: circleCodeSchema, name: "CircleCode" } },
    errors: [403, 404],
    handle: async ({ params: { circleId }, caller }) => {
      const code = circleCodeFromBytes(randomBytes(5));
      const codeExpiresAt = codeExpiry();
      const outcome = await ctx.data((db) => replaceCode(db, { circleId, callerKey: caller.userKey, codeKey: circleCodeKeyOf(code, pepper), codeExpiresAt }));
      if (outcome === "not-member") throw notFound();
      if (outcome === "not-creator") throw new AppError("forbidden", "Only the circle's creator may replace its code.");
      return { body: { code, codeExpiresAt: codeExpiresAt.toISOString() } };
    },
  });
}

function removeMemberRoute({ ctx, pepper }: CircleKit): Route {
  const namesOf = (key: string) => [anonymousIdOf(key, pepper), longAnonymousIdOf(key, pepper)];
  return route({
    ...userRoute,
    method: "delete",
    path: "/circles/:circleId/members/:anonymousId",
    summary: "Remove a member (creator only)",
    description: "By the anonymousId the board shows. Takes effect at once; to keep them out, replace the code too.",
    params: memberParamsSchema,
    responses: { 204: { description: "Removed" } },
    errors: [403, 404],
    handle: async ({ params: { circleId, anonymousId }, caller }) => {
      const outcome = await ctx.data((db) => removeMember(db, { circleId, callerKey: caller.userKey, anonymousId, namesOf }));
      if (outcome === "not-member" || outcome === "unknown-member") throw notFound();
      if (outcome === "not-creator") throw new AppError("forbidden", "Only the circle's creator may remove members.");
      forgetCircles(ctx, [circleId]);
      return { status: 204 };
    },
  });
}
