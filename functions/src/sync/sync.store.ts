/**
 * Firestore access for progress sync: one document per user in `users/{userKey}`, where userKey is the keyed
 * hash of the userId. A sync is one transaction: 1 read + 1 write.
 */
import type { DocumentData, Firestore } from "firebase-admin/firestore";
import { firestoreTypes } from "../firestore";
import type { SyncOutcome, UserProgress } from "./sync.logic";

export const USERS = "users";
const SCHEMA_VERSION = 1;
const MS_PER_DAY = 86_400_000;

export interface StoredUser extends UserProgress {
  schemaVersion: number;
  /** When the retention policy deletes this user: last sync + RETENTION_DAYS (Firestore TTL field). */
  expireAt: FirebaseFirestore.Timestamp;
}

export function toStoredUser(progress: UserProgress, now: Date, retentionDays: number): StoredUser {
  const { Timestamp } = firestoreTypes();
  return {
    ...progress,
    schemaVersion: SCHEMA_VERSION,
    expireAt: Timestamp.fromMillis(now.getTime() + retentionDays * MS_PER_DAY),
  };
}

export function fromStoredUser(data: DocumentData): UserProgress {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { schemaVersion, expireAt, ...progress } = data as StoredUser;
  return progress;
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
