/** Everything stored about one user, found by their user key: their document and their live pairing codes. */
import type { Firestore } from "firebase-admin/firestore";
import { PAIRING_CODES, pairingCodesOf } from "../pairing/pairing.store";
import { readUserDocument, retireUser } from "../users/users.store";

export async function readAccount(db: Firestore, userKey: string) {
  const [user, codes] = await Promise.all([readUserDocument(db, userKey), pairingCodesOf(db, userKey)]);
  return { user: user ?? null, codes: codes.map((doc) => doc.data()) };
}

/**
 * Deletes the user's pairing codes and replaces their document with a tombstone (the id is retired), in one
 * batch. Returns how many documents went.
 */
export async function deleteAccount(db: Firestore, userKey: string, now: Date, retentionDays: number): Promise<number> {
  const codes = await pairingCodesOf(db, userKey);
  const batch = db.batch();
  retireUser(batch, db, userKey, now, retentionDays);
  for (const code of codes) batch.delete(db.collection(PAIRING_CODES).doc(code.id));
  await batch.commit();
  return 1 + codes.length;
}
