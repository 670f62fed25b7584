/**
 * The circles side of the `users` documents (users/ owns them: users.store.ts has the rest): the list of circles a
 * user is in, and the queries the circle boards and circle retention run on it.
 */
import type { DocumentData, Firestore } from "firebase-admin/firestore";
import type { Period } from "../domain/periods";
import { firestoreTypes } from "../firestore";
import { scoreFields, toContender, userRef, USERS, type Contender } from "./users.store";

/**
 * The user document lists the circles its user is in (`circles`, absent when none). It is the membership the
 * circle boards query, so a sync — which rewrites the document whole and carries the list — costs nothing more for
 * a member, and the boards read only members who scored in the period. Circle routes change the list in the same
 * transaction as the circle document's own member list (circles/circles.store.ts).
 */
export const CIRCLES_FIELD = "circles";

/** The user's circle ids as stored (a tombstone or a missing document has none). */
export function circlesOf(data: DocumentData | undefined): string[] {
  const list: unknown = data?.[CIRCLES_FIELD];
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === "string") : [];
}

/** Sets the user's circle list in a transaction; an empty list removes the field. */
export function setUserCircles(tx: FirebaseFirestore.Transaction, db: Firestore, userKey: string, circles: readonly string[]): void {
  const { FieldValue } = firestoreTypes();
  tx.update(userRef(db, userKey), { [CIRCLES_FIELD]: circles.length > 0 ? [...circles] : FieldValue.delete() });
}

/**
 * The members of a circle who scored in the period, best first, projected to the name and the score: the one query
 * a circle board runs (composite index `circles` array-contains + `<period>Key` + `<period>Xp` desc, declared in
 * firestore.indexes.json). Members who did not score in the period are not read at all.
 *
 * The query answers every user document that lists the circle, but only `members` (the circle's own list) are on
 * the board: a document that lists the circle without being a member (`stale`, reported for repair) is skipped,
 * and the query pages on past it — a plain `limit(members)` would let each stale row push a member off the board.
 * Reads: the scorers, the stale rows, and at most one page more.
 */
export async function circleContenders(
  db: Firestore,
  circleId: string,
  period: Period,
  periodKey: string,
  members: ReadonlySet<string>,
): Promise<{ contenders: Contender[]; stale: string[] }> {
  const { key, xp } = scoreFields(period);
  const query = db.collection(USERS).where(CIRCLES_FIELD, "array-contains", circleId).where(key, "==", periodKey).orderBy(xp, "desc").select("anonymousId", xp);
  const pageSize = Math.max(1, members.size);
  const contenders: Contender[] = [];
  const stale: string[] = [];
  let after: FirebaseFirestore.QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (after ? query.startAfter(after) : query).limit(pageSize).get();
    for (const doc of page.docs) {
      if (members.has(doc.id)) contenders.push(toContender(doc, xp));
      else stale.push(doc.id);
    }
    if (page.size < pageSize || contenders.length >= members.size) return { contenders, stale };
    after = page.docs[page.docs.length - 1];
  }
}

/** The keys of the user documents that list the circle (ids only): retention compares them with its member list. */
export async function listersOf(db: Firestore, circleId: string): Promise<string[]> {
  const snapshot = await db.collection(USERS).where(CIRCLES_FIELD, "array-contains", circleId).select().get();
  return snapshot.docs.map((doc) => doc.id);
}

/** How many user documents list the circle: a count aggregation (retention compares it with the circle's list). */
export async function countCircleMembers(db: Firestore, circleId: string): Promise<number> {
  const snapshot = await db.collection(USERS).where(CIRCLES_FIELD, "array-contains", circleId).count().get();
  return snapshot.data().count;
}
