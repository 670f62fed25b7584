/**
 * The daily stats job: counts what the operator watches and adds the day's point to the series. Each count is one
 * count() aggregation, which Firestore charges one read per 1,000 index entries it matches (at least one): this job
 * is the only place those costs grow with the number of users, once a day (docs/performance.md).
 *
 * "Synced within N days" is read from `expireAt`, which a sync moves to the end of the UTC day RETENTION_DAYS after
 * it, on the first sync of each UTC day (users/stored-user.logic.ts): a user synced on day D or later has
 * `expireAt >= start of (D + RETENTION_DAYS + 1)`. Tombstones (retired ids) carry an `expireAt` too and are
 * taken off.
 */
import type { Firestore, Query } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { CIRCLES } from "../circles/circles.store";
import { addDays, utcDay } from "../domain/dates";
import { firestoreTypes } from "../firestore";
import { USERS } from "../users/users.store";
import { addPoint, participantsOf, readJobRuns, type StatsPoint } from "./stats.store";

const count = async (query: Query) => (await query.count().get()).data().count;

/** The instant from which an `expireAt` means "synced on `day` or later". */
export function syncedSinceExpiry(day: string, retentionDays: number): Date {
  return new Date(`${addDays(day, retentionDays + 1)}T00:00:00.000Z`);
}

async function syncedSince(db: Firestore, day: string, retentionDays: number): Promise<number> {
  const { Timestamp } = firestoreTypes();
  const from = Timestamp.fromDate(syncedSinceExpiry(day, retentionDays));
  const users = db.collection(USERS);
  const [all, retired] = await Promise.all([
    count(users.where("expireAt", ">=", from)),
    count(users.where("retired", "==", true).where("expireAt", ">=", from)),
  ]);
  return all - retired;
}

export async function takeDailyStats(ctx: AppContext): Promise<Record<string, unknown>> {
  const now = ctx.now();
  const today = utcDay(now);
  const retention = ctx.config.retentionDays;
  const point = await ctx.data(async (db): Promise<StatsPoint> => {
    const users = db.collection(USERS);
    const [stored, retired, optedIn, circles, day, week, month, runs] = await Promise.all([
      count(users),
      count(users.where("retired", "==", true)),
      count(users.where("leaderboardOptIn", "==", true)),
      count(db.collection(CIRCLES)),
      syncedSince(db, today, retention),
      syncedSince(db, addDays(today, -6), retention),
      syncedSince(db, addDays(today, -29), retention),
      readJobRuns(db, ["leaderboards"]),
    ]);
    const board = runs.leaderboards;
    return {
      date: today,
      takenAt: now.toISOString(),
      users: stored - retired,
      synced: { day, week, month },
      optedIn,
      circles,
      retired,
      participants: participantsOf(board),
    };
  });
  await ctx.data((db) => addPoint(db, point));
  return { date: point.date, users: point.users, syncedToday: point.synced.day };
}
