/**
 * GET /api/v1/challenges/daily and the admin curation routes PUT / DELETE /api/v1/admin/challenges/{date}.
 */
import { Router, type Response } from "express";
import type { AppContext } from "../context";
import { addDays, dayNumber, utcDay } from "../domain/dates";
import { AppError, invalid } from "../errors";
import { guarded } from "../firestore";
import { TtlCache } from "../http/ttl-cache";
import { parseOrReject } from "../http/validate";
import { keyMatches, requireAdminKey } from "../ops/admin-key";
import { challengeId, renderTemplate, servedChallenge } from "./challenges.logic";
import { curatedSetSchema, dailyQuerySchema, dateParamSchema } from "./challenges.schema";
import { generatedSet, loadSet } from "./challenges.job";
import { replaceSet, type ChallengeSet } from "./challenges.store";

export const CHALLENGES_CACHE_SECONDS = 60;
/** How far ahead an admin may curate (a year), and how far back (the day before yesterday is history). */
const CURATION_DAYS_AHEAD = 366;

export function challengeRoutes(ctx: AppContext): Router {
  const router = Router();
  const sets = new TtlCache<ChallengeSet>(CHALLENGES_CACHE_SECONDS * 1000, () => ctx.now().getTime());
  const apiKey = ctx.config.challengesApiKey;

  router.get("/challenges/daily", async (req, res) => {
    if (apiKey && !keyMatches(req.headers["x-api-key"], apiKey)) {
      throw new AppError("unauthorized", "A valid X-API-Key is required.");
    }
    const today = utcDay(ctx.now());
    const { date = today } = parseOrReject(dailyQuerySchema, req.query, "The query");
    if (Math.abs(dayNumber(date) - dayNumber(today)) > 1) {
      throw invalid("The query is not valid.", [{ path: "date", message: "must be within one day of today (UTC)" }]);
    }
    const set = await sets.get(date, () => loadSet(ctx, date));
    // Added to CORS's Vary: Origin. The set is the same for every caller, but a cache must not hand a response
    // made for one key (or one Origin's CORS headers) to another.
    res.vary("Authorization");
    res.vary("X-API-Key");
    // With an API key the response must not sit in a shared CDN cache, where anyone could fetch it without one.
    res.setHeader(
      "Cache-Control",
      apiKey ? `private, max-age=${CHALLENGES_CACHE_SECONDS}` : `public, max-age=${CHALLENGES_CACHE_SECONDS}, s-maxage=${CHALLENGES_CACHE_SECONDS * 5}`,
    );
    send(res, set);
  });

  const admin = requireAdminKey(ctx.config.adminApiKey);

  router.put("/admin/challenges/:date", admin, async (req, res) => {
    const date = curatableDate(req.params, ctx.now());
    const { challenges } = parseOrReject(curatedSetSchema, req.body);
    const set: ChallengeSet = {
      date,
      source: "curated",
      // Curated texts may use {target} like the templates do.
      challenges: challenges.map((c, i) => ({ id: challengeId(date, c.type, i + 1), ...c, ...renderTemplate(c, c.target) })),
      updatedAt: ctx.now().toISOString(),
    };
    await guarded(() => replaceSet(ctx.db(), set), ctx.config.firestoreTimeoutMs);
    sets.delete(date);
    send(res, set);
  });

  router.delete("/admin/challenges/:date", admin, async (req, res) => {
    const date = curatableDate(req.params, ctx.now());
    const set = generatedSet(date, ctx.now());
    await guarded(() => replaceSet(ctx.db(), set), ctx.config.firestoreTimeoutMs);
    sets.delete(date);
    send(res, set);
  });

  return router;
}

function curatableDate(params: unknown, now: Date): string {
  const { date } = parseOrReject(dateParamSchema, params, "The date");
  const offset = dayNumber(date) - dayNumber(utcDay(now));
  if (offset < -1 || offset > CURATION_DAYS_AHEAD) {
    throw invalid("The date is not valid.", [
      { path: "date", message: `must be from yesterday to ${addDays(utcDay(now), CURATION_DAYS_AHEAD)} (UTC)` },
    ]);
  }
  return date;
}

function send(res: Response, set: ChallengeSet): void {
  res.json({ date: set.date, challenges: set.challenges.map((challenge) => servedChallenge(set.date, challenge)) });
}
