/** Everything stored about one user, found by their user key: their document and their live pairing codes. */
import type { Firestore } from "firebase-admin/firestore";
import { PAIRING_CODES, pairingCodesOf } from "../pairing/pairing.store";
import { USERS } from "../sync/sync.store";

export async function readAccount(db: Firestore, userKey: string) {
  const [user, codes] = await Promise.all([db.collection(USERS).doc(userKey).get(), pairingCodesOf(db, userKey)]);
  return { user: user.exists ? user.data()! : null, codes: codes.map((doc) => doc.data()) };
}

/** Deletes the user's document and pairing codes in one batch. Returns how many documents went. */
export async function deleteAccount(db: Firestore, userKey: string): Promise<number> {
  const codes = await pairingCodesOf(db, userKey);
  const batch = db.batch();
  batch.delete(db.collection(USERS).doc(userKey));
  for (const code of codes) batch.delete(db.collection(PAIRING_CODES).doc(code.id));
  await batch.commit();
  return 1 + codes.length;
}
