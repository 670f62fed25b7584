/**
 * The per-instance cache of circle boards, shared by the circle routes and the account deletion: a warm instance
 * serves a board without a Firestore read, and every membership change this instance makes forgets the circle's
 * boards at once (other instances keep theirs at most CIRCLE_BOARD_CACHE_SECONDS: docs/circles.md).
 */
import { CACHES, type AppContext } from "../context";
import { PERIODS, periodKey, type Period } from "../domain/periods";
import type { BoundedCache } from "../util/bounded-cache";
import type { NamedScore } from "./circles.logic";
import type { StoredCircle } from "./circles.store";

export const CIRCLE_BOARD_CACHE_SECONDS = CACHES.circleBoards.seconds;

export interface CachedCircleBoard {
  circle: StoredCircle;
  period: Period;
  periodKey: string;
  generatedAt: string;
  scores: NamedScore[];
}

/** The app's cache of circle boards (the app context owns it). */
export function circleBoardCache(ctx: AppContext): BoundedCache<CachedCircleBoard> {
  return ctx.cache<CachedCircleBoard>("circleBoards");
}

/** The key of a circle's board for the period as of `now` (a new day, week or month is a new key). */
export const boardKey = (circleId: string, period: Period, now: Date) => `${circleId}/${periodKey(period, now)}`;

/** Forgets every board of these circles on this instance. */
export function forgetCircles(ctx: AppContext, circleIds: readonly string[]): void {
  const cache = circleBoardCache(ctx);
  const now = ctx.now();
  for (const circleId of circleIds) for (const period of PERIODS) cache.delete(boardKey(circleId, period, now));
}
