/**
 * Everything stored about one user, found by their user key: their document, their live pairing codes and the
 * circles they are in.
 */
import type { Firestore } from "firebase-admin/firestore";
import { leaveEveryCircle, readCirclesOf } from "../circles/circles.store";
import { PAIRING_CODES, pairingCodesOf } from "../pairing/pairing.store";
import { readUserDocument, retireUser, userRef } from "../users/users.store";

export async function readAccount(db: Firestore, userKey: string) {
  const [user, codes] = await Promise.all([readUserDocument(db, userKey), pairingCodesOf(db, userKey)]);
  const circles = (await readCirclesOf(db, user)).filter((c) => c.members.includes(userKey));
  return { user: user ?? null, codes: codes.map((doc) => doc.data()), circles };
}

/**
 * Deletes the user's pairing codes, takes them out of every circle (a circle left empty goes) and replaces their
 * document with a tombstone (the id is retired), in one transaction, so no join can slip in between. Returns the
 * ids of the circles left.
 */
export async function deleteAccount(db: Firestore, userKey: string, now: Date, retentionDays: number): Promise<{ circlesLeft: string[] }> {
  const codes = await pairingCodesOf(db, userKey);
  return db.runTransaction(async (tx) => {
    const user = (await tx.get(userRef(db, userKey))).data();
    const circles = await leaveEveryCircle(tx, db, userKey, user);
    circles.write();
    retireUser(tx, db, userKey, now, retentionDays);
    for (const code of codes) tx.delete(db.collection(PAIRING_CODES).doc(code.id));
    return { circlesLeft: circles.circleIds };
  });
}
