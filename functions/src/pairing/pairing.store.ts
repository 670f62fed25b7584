/**
 * `pairingCodes/{codeKey}`: `{ userKey, sealedUserId, createdAt, expireAt }`. A claim deletes the document in the
 * same transaction that reads it, so a code works once.
 */
import type { Firestore } from "firebase-admin/firestore";
import { deleteExpired, firestoreTypes } from "../firestore";

export const PAIRING_CODES = "pairingCodes";

export interface StoredPairingCode {
  userKey: string;
  sealedUserId: string;
  createdAt: string;
  expireAt: FirebaseFirestore.Timestamp;
}

export async function savePairingCode(
  db: Firestore,
  codeKey: string,
  record: { userKey: string; sealedUserId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  const { Timestamp } = firestoreTypes();
  const stored: StoredPairingCode = {
    userKey: record.userKey,
    sealedUserId: record.sealedUserId,
    createdAt: record.createdAt.toISOString(),
    expireAt: Timestamp.fromDate(record.expiresAt),
  };
  // create(): a collision with a live code (1 in 2^40 per live code) fails instead of replacing it.
  await db.collection(PAIRING_CODES).doc(codeKey).create(stored);
}

/** Takes the code if it exists and has not expired: returns its record and deletes it, in one transaction. */
export async function takePairingCode(db: Firestore, codeKey: string, now: Date): Promise<StoredPairingCode | null> {
  const ref = db.collection(PAIRING_CODES).doc(codeKey);
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) return null;
    const record = snapshot.data() as StoredPairingCode;
    tx.delete(ref);
    return record.expireAt.toMillis() > now.getTime() ? record : null;
  });
}

export async function pairingCodesOf(db: Firestore, userKey: string) {
  const snapshot = await db.collection(PAIRING_CODES).where("userKey", "==", userKey).get();
  return snapshot.docs;
}

/** Retention: deletes up to `limit` codes past their expiry; returns how many. */
export const deleteExpiredCodes = (db: Firestore, now: Date, limit: number): Promise<number> => deleteExpired(db, PAIRING_CODES, now, limit);
