/**
 * The `users` collection, owned here and nowhere else: one document per user in `users/{userKey}` (userKey is
 * the keyed hash of the userId) — its fields, how it is stored and read, the sync transaction that rewrites it,
 * the tombstone a deletion leaves, and the period-score queries the boards run on it.
 */
import type { DocumentData, Firestore } from "firebase-admin/firestore";
import { PERIODS, type Period } from "../domain/periods";
import { AppError } from "../errors";
import { deleteExpired, firestoreTypes } from "../firestore";
import type { PeriodBucket, PeriodBuckets } from "../domain/board-gains";
import type { UserProgress } from "../domain/progress";
import { expiryAfterSync, storesTheSame } from "./stored-user.logic";

export const USERS = "users";

/** Retention: deletes up to `limit` users (and tombstones) whose `expireAt` has passed; returns how many. */
export const deleteExpiredUsers = (db: Firestore, now: Date, limit: number): Promise<number> => deleteExpired(db, USERS, now, limit);
const SCHEMA_VERSION = 1;
const MS_PER_DAY = 86_400_000;

/**
 * Period scores are stored as top-level fields (`dailyKey`, `dailyXp`, ...), not as a nested map, so that the
 * leaderboard query filters and orders on plain fields (which every Firestore emulator supports, too).
 */
export const scoreFields = (period: Period) => ({ key: `${period}Key`, xp: `${period}Xp` });

export type StoredUser = Omit<UserProgress, "periods"> & {
  schemaVersion: number;
  /**
   * When the retention policy deletes this user (Firestore TTL field): the end of the UTC day RETENTION_DAYS
   * after a sync, moved at most once a day (stored-user.logic.ts, expiryAfterSync).
   */
  expireAt: FirebaseFirestore.Timestamp;
} & Record<string, unknown>;

/**
 * The document for `progress` after a sync at `now`. `previous` is the stored document, if any: its expiry is
 * kept while it still covers RETENTION_DAYS from now, so that an idle sync has nothing to write.
 */
export function toStoredUser(progress: UserProgress, now: Date, retentionDays: number, previous?: DocumentData): StoredUser {
  const { Timestamp } = firestoreTypes();
  const { periods, ...rest } = progress;
  const previousExpiry = isRetired(previous) ? undefined : (previous?.expireAt as FirebaseFirestore.Timestamp | undefined)?.toMillis();
  const stored: StoredUser = {
    ...rest,
    schemaVersion: SCHEMA_VERSION,
    expireAt: Timestamp.fromMillis(expiryAfterSync(previousExpiry, now, retentionDays)),
  };
  for (const period of PERIODS) {
    const bucket = periods[period];
    const fields = scoreFields(period);
    stored[fields.key] = bucket?.key ?? null;
    stored[fields.xp] = bucket?.xp ?? 0;
  }
  return stored;
}

/**
 * A deleted user leaves a tombstone in its place, `{ retired: true, retiredAt, expireAt }` under the same keyed
 * hash, until the retention purge (or the TTL policy) removes it after RETENTION_DAYS: every request with a
 * retired id gets 410 `gone`, so the user's other installs stop syncing instead of uploading it all again.
 */
export function retiredUser(now: Date, retentionDays: number): DocumentData {
  const { Timestamp } = firestoreTypes();
  return {
    retired: true,
    retiredAt: now.toISOString(),
    expireAt: Timestamp.fromMillis(now.getTime() + retentionDays * MS_PER_DAY),
  };
}

export function isRetired(data: DocumentData | undefined): boolean {
  return data?.retired === true;
}

export function goneError(): AppError {
  return new AppError("gone", "This userId was deleted with all its data; syncing again needs a new one.");
}

/** The user's progress, `null` if the server holds none; 410 `gone` if the id was retired. */
export function liveUser(data: DocumentData | undefined): UserProgress | null {
  if (data === undefined) return null;
  if (isRetired(data)) throw goneError();
  return fromStoredUser(data);
}

export function fromStoredUser(data: DocumentData): UserProgress {
  const periods: PeriodBuckets = {};
  const progress: Record<string, unknown> = { ...data };
  for (const period of PERIODS) {
    const fields = scoreFields(period);
    const key: unknown = data[fields.key];
    if (typeof key === "string") periods[period] = { key, xp: Number(data[fields.xp]) };
    delete progress[fields.key];
    delete progress[fields.xp];
  }
  delete progress.schemaVersion;
  delete progress.expireAt;
  return { ...(progress as Omit<UserProgress, "periods">), periods };
}

/**
 * The caller's stored document for the route table's live-user check (http/route-table.ts): `undefined` if they
 * never synced; 410 `gone` for a retired id. The one read every `user` route starts with.
 */
export async function readLiveUserDocument(db: Firestore, userKey: string): Promise<DocumentData | undefined> {
  const data = await readUserDocument(db, userKey);
  if (isRetired(data)) throw goneError();
  return data;
}

/** The user's stored document as it is (a tombstone included), `undefined` if there is none. */
export async function readUserDocument(db: Firestore, userKey: string): Promise<DocumentData | undefined> {
  return (await db.collection(USERS).doc(userKey).get()).data();
}

/**
 * Reads the user, lets `merge` compute the new state and writes it whole, in one transaction (1 read, 1 write) —
 * unless the new document stores the same as the old one (an idle sync: stored-user.logic.ts, storesTheSame),
 * which then writes nothing (1 read). `merge` may first look up what the stored state says it needs (sync: a
 * challenge set, rarely). `stored` turns progress into the document, given the stored one.
 */
export async function updateUser<T extends { progress: UserProgress }>(
  db: Firestore,
  userKey: string,
  merge: (existing: UserProgress | null) => T | Promise<T>,
  stored: (progress: UserProgress, previous: DocumentData | undefined) => StoredUser,
  now: Date,
): Promise<T & { written: boolean }> {
  const ref = db.collection(USERS).doc(userKey);
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const previous = snapshot.data();
    const outcome = await merge(liveUser(previous));
    const next = stored(outcome.progress, previous);
    if (previous !== undefined && storesTheSame(previous, next, now)) return { ...outcome, written: false };
    tx.set(ref, next);
    return { ...outcome, written: true };
  });
}

/**
 * Replaces the user's document with its tombstone (in the caller's batch or transaction, with the user's other
 * deletions).
 */
export function retireUser(
  batch: { set(ref: FirebaseFirestore.DocumentReference, data: DocumentData): unknown },
  db: Firestore,
  userKey: string,
  now: Date,
  retentionDays: number,
): void {
  batch.set(db.collection(USERS).doc(userKey), retiredUser(now, retentionDays));
}

// ---- period scores: the queries the boards run on users ----------------------------------------------------

/**
 * The query every board query starts from: opted-in users who scored in the period. Its composite indexes (one
 * per period and direction) are in firestore.indexes.json, checked by functions/test/integration/firestore-indexes.
 */
function periodScores(db: Firestore, period: Period, periodKey: string) {
  return db.collection(USERS).where("leaderboardOptIn", "==", true).where(scoreFields(period).key, "==", periodKey);
}

export interface Contender {
  userKey: string;
  anonymousId: string;
  xp: number;
}

export function toContender(doc: FirebaseFirestore.QueryDocumentSnapshot, xpField: string): Contender {
  return { userKey: doc.id, anonymousId: String(doc.get("anonymousId")), xp: Number(doc.get(xpField)) };
}

/** The best `limit` scores of the period in board order (XP descending, ties by anonymousId), projected. */
export async function topContenders(db: Firestore, period: Period, periodKey: string, limit: number): Promise<Contender[]> {
  const { xp } = scoreFields(period);
  const snapshot = await periodScores(db, period, periodKey)
    .orderBy(xp, "desc")
    .orderBy("anonymousId", "asc")
    .limit(limit)
    .select("anonymousId", xp)
    .get();
  return snapshot.docs.map((doc) => toContender(doc, xp));
}

/** How many opted-in users scored in [min, upper) in the period (no upper end: `null`): a count aggregation. */
export async function countScores(db: Firestore, period: Period, periodKey: string, min: number, upper: number | null): Promise<number> {
  const { xp } = scoreFields(period);
  let query = periodScores(db, period, periodKey);
  if (min > 0) query = query.where(xp, ">=", min);
  if (upper !== null) query = query.where(xp, "<", upper);
  const snapshot = await query.count().get();
  return snapshot.data().count;
}

/**
 * The `limit` entries just above (`side: "above"`, nearest first) or just below `from` in board order — a range
 * read from a cursor at (xp, anonymousId), so it reads only what it returns, at any size of board.
 */
export async function contendersNextTo(
  db: Firestore,
  period: Period,
  periodKey: string,
  from: { xp: number; anonymousId: string },
  side: "above" | "below",
  limit: number,
): Promise<Contender[]> {
  const { xp } = scoreFields(period);
  const [xpOrder, nameOrder] = side === "above" ? (["asc", "desc"] as const) : (["desc", "asc"] as const);
  const snapshot = await periodScores(db, period, periodKey)
    .orderBy(xp, xpOrder)
    .orderBy("anonymousId", nameOrder)
    .startAfter(from.xp, from.anonymousId)
    .limit(limit)
    .select("anonymousId", xp)
    .get();
  return snapshot.docs.map((doc) => toContender(doc, xp));
}

/** Opted-in users of the period who carry the (short) name `anonymousId`: equality filters only, at most `limit`. */
export async function contendersNamed(db: Firestore, period: Period, periodKey: string, anonymousId: string, limit: number): Promise<Contender[]> {
  const { xp } = scoreFields(period);
  const snapshot = await periodScores(db, period, periodKey).where("anonymousId", "==", anonymousId).limit(limit).select("anonymousId", xp).get();
  return snapshot.docs.map((doc) => toContender(doc, xp));
}

/**
 * Opted-in users carrying the (short) name `anonymousId`, scored or not, with the key of their `period` bucket
 * (`null`: none): equality filters only, at most `limit`. `around=` asks it only for a name no participant carries.
 */
export async function optedInNamed(db: Firestore, period: Period, anonymousId: string, limit: number): Promise<Array<{ userKey: string; bucketKey: string | null }>> {
  const { key } = scoreFields(period);
  const snapshot = await db.collection(USERS).where("leaderboardOptIn", "==", true).where("anonymousId", "==", anonymousId).limit(limit).select(key).get();
  return snapshot.docs.map((doc) => ({ userKey: doc.id, bucketKey: typeof doc.get(key) === "string" ? String(doc.get(key)) : null }));
}

export interface RankedUser {
  anonymousId: string;
  leaderboardOptIn: boolean;
  bucket?: PeriodBucket;
}

/** The caller's board standing, from their document as the live-user check read it. */
export function rankedUserOf(stored: DocumentData | undefined, period: Period): RankedUser | null {
  const user = liveUser(stored);
  if (!user) return null;
  return { anonymousId: user.anonymousId, leaderboardOptIn: user.leaderboardOptIn === true, bucket: user.periods[period] };
}

// ---- circle membership: the user's side of it, and the query a circle's board runs on users -----------------

export function userRef(db: Firestore, userKey: string): FirebaseFirestore.DocumentReference {
  return db.collection(USERS).doc(userKey);
}
