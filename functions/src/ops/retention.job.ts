/**
 * Retention: users with no sync for RETENTION_DAYS, and pairing codes past their ten minutes, are deleted;
 * the retention job (ops/jobs.ts) then lets circles drop the members whose user document is gone (circles/circles.job.ts).
 * In production Firestore's TTL policy on `expireAt` does this too (within about a day); this job makes it exact
 * and works under emulators, which run no TTL. It deletes in pages of PAGE_SIZE with batched writes.
 */
import type { Firestore } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { firestoreTypes } from "../firestore";
import { PAIRING_CODES, pairingCodesOf } from "../pairing/pairing.store";
import { USERS } from "../users/users.store";

export const PAGE_SIZE = 200;
/** Bounds one run; what is left waits for the next run (daily) rather than making this one run for long. */
export const MAX_PAGES = 25;

async function purgePage(db: Firestore, collection: string, now: Date, alsoDelete?: (id: string) => Promise<string[]>) {
  const { Timestamp } = firestoreTypes();
  const expired = await db
    .collection(collection)
    .where("expireAt", "<=", Timestamp.fromDate(now))
    .orderBy("expireAt")
    .limit(PAGE_SIZE)
    .select()
    .get();
  if (expired.empty) return 0;
  const batch = db.batch();
  for (const doc of expired.docs) {
    batch.delete(doc.ref);
    for (const related of (await alsoDelete?.(doc.id)) ?? []) batch.delete(db.collection(PAIRING_CODES).doc(related));
  }
  await batch.commit();
  return expired.size;
}

export async function purgeExpired(ctx: AppContext): Promise<Record<string, unknown>> {
  const now = ctx.now();
  let users = 0;
  let codes = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const deleted = await ctx.data((db) =>
      purgePage(db, USERS, now, async (userKey) => (await pairingCodesOf(db, userKey)).map((doc) => doc.id)),
    );
    users += deleted;
    if (deleted < PAGE_SIZE) break;
  }
  for (let page = 0; page < MAX_PAGES; page++) {
    const deleted = await ctx.data((db) => purgePage(db, PAIRING_CODES, now));
    codes += deleted;
    if (deleted < PAGE_SIZE) break;
  }
  return { usersDeleted: users, pairingCodesDeleted: codes };
}
