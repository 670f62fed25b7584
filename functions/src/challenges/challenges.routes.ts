/**
 * GET /api/v1/challenges/daily and the admin curation routes PUT / DELETE /api/v1/admin/challenges/{date}.
 */
import { recordAdminAction } from "../audit/audit.store";
import { CACHES, type AppContext } from "../context";
import { addDays, dayNumber, utcDay } from "../domain/dates";
import { invalid } from "../errors";
import { route, type Route } from "../http/route-table";
import type { BoundedCache } from "../util/bounded-cache";
import { challengeId, meaningProblems, renderTemplate, servedChallenge, type Challenge } from "./challenges.logic";
import { calendarSchema, challengesResponseSchema, curatedSetSchema, dailyQuerySchema, dateParamSchema } from "./challenges.schema";
import { generatedSet, loadSet, previewSets } from "./challenges.loader";
import { replaceSet, type ChallengeSet } from "./challenges.store";

const CHALLENGES_CACHE_SECONDS = CACHES.challengeSets.seconds;
/** How far ahead an admin may curate (a year), and how far back (the day before yesterday is history). */
const CURATION_DAYS_AHEAD = 366;
/** The operator's calendar: today (UTC) and the days after it. */
export const CALENDAR_DAYS = 8;

const aSet = (description: string) => ({ 200: { description, schema: challengesResponseSchema, name: "DailyChallenges" } });

export function challengeRoutes(ctx: AppContext): Route[] {
  // One cache per instance, shared by the public route (reads) and the curation routes (which empty a date).
  const sets = ctx.cache<ChallengeSet>("challengeSets");
  return [dailyRoute(ctx, sets), calendarRoute(ctx), ...curationRoutes(ctx, sets)];
}

function dailyRoute(ctx: AppContext, sets: BoundedCache<ChallengeSet>): Route {
  const apiKey = ctx.config.challengesApiKey;
  return route({
    method: "get",
    path: "/challenges/daily",
    summary: "The day's challenges from Eon",
    caller: "api-key-if-configured",
    query: dailyQuerySchema,
    responses: {
      200: {
        ...aSet("The same set for everyone on that date")[200],
        headers: { "Cache-Control": "`public` (a shared cache may keep it), or `private` when the server requires an X-API-Key" },
      },
    },
    handle: async ({ query }) => {
      const today = utcDay(ctx.now());
      const { date = today } = query;
      if (Math.abs(dayNumber(date) - dayNumber(today)) > 1) {
        throw invalid("The query is not valid.", [{ path: "date", message: "must be within one day of today (UTC)" }]);
      }
      const set = await sets.get(date, () => loadSet(ctx, date));
      return { ...cachePolicy(apiKey), body: served(set) };
    },
  });
}

function calendarRoute(ctx: AppContext): Route {
  return route({
    method: "get",
    path: "/admin/challenges",
    summary: "The challenge calendar: today and the next 7 days (UTC), curated or generated",
    description: "Read-only: a day with no stored set shows the generated one it will serve. One read for all days.",
    caller: "admin",
    rateLimit: "admin-per-ip",
    responses: { 200: { description: "One entry per day, today first", schema: calendarSchema } },
    handle: async () => {
      const today = utcDay(ctx.now());
      const dates = Array.from({ length: CALENDAR_DAYS }, (_, i) => addDays(today, i));
      const sets = await previewSets(ctx, dates);
      return { body: { days: sets.map((set) => ({ ...served(set), source: set.source })) } };
    },
  });
}

function curationRoutes(ctx: AppContext, sets: BoundedCache<ChallengeSet>): Route[] {
  const store = async (set: ChallengeSet) => {
    await ctx.data((db) => replaceSet(db, set));
    sets.delete(set.date);
    await recordAdminAction(ctx, set.source === "curated" ? "challenges.curate" : "challenges.revert", set.date);
    return { body: served(set) };
  };
  const adminRoute = { caller: "admin", params: dateParamSchema, rateLimit: "admin-per-ip" } as const;
  return [
    route({
      ...adminRoute,
      method: "put",
      path: "/admin/challenges/:date",
      summary: "Curate a day's challenges",
      body: curatedSetSchema,
      bodyDescription: "1–6 hand-written challenges, no type twice",
      responses: aSet("The stored set"),
      handle: ({ params, body }) => {
        const date = curatableDate(params.date, ctx.now());
        // Curated texts may use {target} like the templates do.
        const challenges = body.challenges.map((c, i) => ({ id: challengeId(date, c.type, i + 1), ...c, ...renderTemplate(c, c.target) }));
        refuseMisleading(challenges);
        return store({ date, source: "curated", challenges, updatedAt: ctx.now().toISOString() });
      },
    }),
    route({
      ...adminRoute,
      method: "delete",
      path: "/admin/challenges/:date",
      summary: "Return a day to its generated challenges",
      responses: aSet("The generated set"),
      handle: ({ params }) => store(generatedSet(curatableDate(params.date, ctx.now()), ctx.now())),
    }),
  ];
}

/** The daily set's cache policy. */
function cachePolicy(apiKey: string) {
  return {
    // Added to CORS's Vary: Origin. The set is the same for every caller, but a cache must not hand a response
    // made for one key (or one Origin's CORS headers) to another.
    vary: ["Authorization", "X-API-Key"],
    // With an API key the response must not sit in a shared CDN cache, where anyone could fetch it without one.
    headers: {
      "Cache-Control": apiKey
        ? `private, max-age=${CHALLENGES_CACHE_SECONDS}`
        : `public, max-age=${CHALLENGES_CACHE_SECONDS}, s-maxage=${CHALLENGES_CACHE_SECONDS * 5}`,
    },
  };
}

/** The extension's engine decides completion itself: a set it would pay against its own words is refused. */
function refuseMisleading(challenges: Challenge[]): void {
  const problems = challenges.flatMap((challenge, i) =>
    meaningProblems(challenge).map(({ field, message }) => ({ path: `challenges.${i}.${field}`, message })),
  );
  if (problems.length > 0) throw invalid("The set asks for what the extension's engine does not check.", problems);
}

function curatableDate(date: string, now: Date): string {
  const offset = dayNumber(date) - dayNumber(utcDay(now));
  if (offset < -1 || offset > CURATION_DAYS_AHEAD) {
    throw invalid("The date is not valid.", [
      { path: "date", message: `must be from yesterday to ${addDays(utcDay(now), CURATION_DAYS_AHEAD)} (UTC)` },
    ]);
  }
  return date;
}

function served(set: ChallengeSet) {
  return { date: set.date, challenges: set.challenges.map((challenge) => servedChallenge(set.date, challenge)) };
}
