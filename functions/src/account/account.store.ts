/** Everything stored about one user, found by their user key: their document and their live pairing codes. */
import type { Firestore } from "firebase-admin/firestore";
import { PAIRING_CODES, pairingCodesOf } from "../pairing/pairing.store";
import { retiredUser, USERS } from "../sync/sync.store";

export async function readAccount(db: Firestore, userKey: string) {
  const [user, codes] = await Promise.all([db.collection(USERS).doc(userKey).get(), pairingCodesOf(db, userKey)]);
  return { user: user.exists ? user.data()! : null, codes: codes.map((doc) => doc.data()) };
}

/**
 * Deletes the user's pairing codes and replaces their document with a tombstone (the id is retired), in one
 * batch. Returns how many documents went.
 */
export async function deleteAccount(db: Firestore, userKey: string, now: Date, retentionDays: number): Promise<number> {
  const codes = await pairingCodesOf(db, userKey);
  const batch = db.batch();
  batch.set(db.collection(USERS).doc(userKey), retiredUser(now, retentionDays));
  for (const code of codes) batch.delete(db.collection(PAIRING_CODES).doc(code.id));
  await batch.commit();
  return 1 + codes.length;
}
