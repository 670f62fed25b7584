/**
 * Firestore access for progress sync: one document per user in `users/{userKey}`, where userKey is the keyed
 * hash of the userId. A sync is one transaction: 1 read + 1 write.
 */
import type { DocumentData, Firestore } from "firebase-admin/firestore";
import { PERIODS, type Period } from "../domain/periods";
import { firestoreTypes } from "../firestore";
import type { PeriodBuckets } from "../leaderboard/leaderboard.logic";
import type { SyncOutcome, UserProgress } from "./sync.logic";

export const USERS = "users";
const SCHEMA_VERSION = 1;
const MS_PER_DAY = 86_400_000;

/**
 * Period scores are stored as top-level fields (`dailyKey`, `dailyXp`, ...), not as a nested map, so that the
 * leaderboard query filters and orders on plain fields (which every Firestore emulator supports, too).
 */
export const scoreFields = (period: Period) => ({ key: `${period}Key`, xp: `${period}Xp` });

export type StoredUser = Omit<UserProgress, "periods"> & {
  schemaVersion: number;
  /** When the retention policy deletes this user: last sync + RETENTION_DAYS (Firestore TTL field). */
  expireAt: FirebaseFirestore.Timestamp;
} & Record<string, unknown>;

export function toStoredUser(progress: UserProgress, now: Date, retentionDays: number): StoredUser {
  const { Timestamp } = firestoreTypes();
  const { periods, ...rest } = progress;
  const stored: StoredUser = {
    ...rest,
    schemaVersion: SCHEMA_VERSION,
    expireAt: Timestamp.fromMillis(now.getTime() + retentionDays * MS_PER_DAY),
  };
  for (const period of PERIODS) {
    const bucket = periods[period];
    const fields = scoreFields(period);
    stored[fields.key] = bucket?.key ?? null;
    stored[fields.xp] = bucket?.xp ?? 0;
  }
  return stored;
}

export function fromStoredUser(data: DocumentData): UserProgress {
  const periods: PeriodBuckets = {};
  const progress: Record<string, unknown> = { ...data };
  for (const period of PERIODS) {
    const fields = scoreFields(period);
    if (typeof data[fields.key] === "string") periods[period] = { key: data[fields.key], xp: Number(data[fields.xp]) };
    delete progress[fields.key];
    delete progress[fields.xp];
  }
  delete progress.schemaVersion;
  delete progress.expireAt;
  return { ...(progress as Omit<UserProgress, "periods">), periods };
}

/** Reads the user, lets `merge` compute the new state, writes it whole, all in one transaction. */
export async function syncUserTransaction(
  db: Firestore,
  userKey: string,
  merge: (existing: UserProgress | null) => SyncOutcome,
  stored: (progress: UserProgress) => StoredUser,
): Promise<SyncOutcome> {
  const ref = db.collection(USERS).doc(userKey);
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const outcome = merge(snapshot.exists ? fromStoredUser(snapshot.data()!) : null);
    tx.set(ref, stored(outcome.progress));
    return outcome;
  });
}
