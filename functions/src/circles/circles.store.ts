/**
 * Firestore access for circles:
 *   `circles/{circleId}`: `{ circleId, name, creatorKey, codeKey, members, createdAt }` — `members` are user keys
 *     (keyed hashes, as the users documents' ids), `creatorKey` is null once the creator left or deleted their data;
 *   `circleCodes/{codeKey}`: `{ circleId, expireAt }` — the invite code, stored only as HMAC(pepper, code); it opens
 *     the circle until `expireAt` (CIRCLE_CODE_DAYS after it was made; also the TTL field that deletes it).
 * The member's side of a membership is the `circles` list on their user document (users/users.store.ts). Every
 * change reads the documents it decides on inside its transaction (documents, not queries: a transaction's reads
 * are what make a concurrent change retry), so limits hold and both sides always change together.
 */
import { randomBytes } from "node:crypto";
import { firestoreTypes } from "../firestore";
import type { DocumentData, Firestore, Transaction } from "firebase-admin/firestore";
import { circlesOf, listersOf, setUserCircles } from "../users/user-circles.store";
import { goneError, isRetired, userRef } from "../users/users.store";
import { decideJoin, decideLeave, decideRemove, staleMembers, type JoinDecision, type Limits, type MemberRecord, type RemoveDecision } from "./circles.logic";

export const CIRCLES = "circles";
export const CIRCLE_CODES = "circleCodes";

export interface StoredCircle {
  /** The document id again, as a field: the retention sweep pages on it. */
  circleId: string;
  name: string;
  creatorKey: string | null;
  codeKey: string;
  members: string[];
  createdAt: string;
}

/** A new circle id: 10 random bytes, hex (the route's `circleId` pattern). */
export const newCircleId = (): string => randomBytes(10).toString("hex");

const circleRef = (db: Firestore, circleId: string) => db.collection(CIRCLES).doc(circleId);
const codeRef = (db: Firestore, codeKey: string) => db.collection(CIRCLE_CODES).doc(codeKey);

/** A code document that opens the circle until `expiresAt`. */
const codeData = (circleId: string, expiresAt: Date) => ({ circleId, expireAt: firestoreTypes().Timestamp.fromDate(expiresAt) });

/** Whether a stored code still opens its circle at `now` (a code without an expiry, from before codes had one, does not). */
function codeIsLive(code: DocumentData, now: Date): boolean {
  const expireAt = code.expireAt as FirebaseFirestore.Timestamp | undefined;
  return typeof expireAt?.toMillis === "function" && expireAt.toMillis() > now.getTime();
}

/** The caller's user document in a transaction: undefined if they never synced; 410 `gone` if retired. */
async function liveUserData(tx: Transaction, db: Firestore, userKey: string): Promise<DocumentData | undefined> {
  const data = (await tx.get(userRef(db, userKey))).data();
  if (isRetired(data)) throw goneError();
  return data;
}

/** Writes a circle's side of a change; a circle left without members goes, with its code. */
function writeCircleSide(tx: Transaction, db: Firestore, circle: StoredCircle, change: { members: string[]; creatorKey: string | null }): void {
  if (change.members.length === 0) {
    tx.delete(circleRef(db, circle.circleId));
    tx.delete(codeRef(db, circle.codeKey));
  } else {
    tx.update(circleRef(db, circle.circleId), { members: change.members, creatorKey: change.creatorKey });
  }
}

export async function readCircle(db: Firestore, circleId: string): Promise<StoredCircle | null> {
  const snapshot = await circleRef(db, circleId).get();
  return snapshot.exists ? (snapshot.data() as StoredCircle) : null;
}

export type CreateOutcome = "created" | "no-user" | "too-many-circles";

/** Creates the circle with the caller as its first member and creator, and its code, in one transaction. */
export async function createCircle(
  db: Firestore,
  input: { circleId: string; name: string; codeKey: string; codeExpiresAt: Date; userKey: string; now: Date; limits: Limits },
): Promise<CreateOutcome> {
  return db.runTransaction(async (tx) => {
    const user = await liveUserData(tx, db, input.userKey);
    if (!user) return "no-user";
    const userCircles = circlesOf(user);
    if (userCircles.length >= input.limits.maxCirclesPerUser) return "too-many-circles";
    const circle: StoredCircle = {
      circleId: input.circleId,
      name: input.name,
      creatorKey: input.userKey,
      codeKey: input.codeKey,
      members: [input.userKey],
      createdAt: input.now.toISOString(),
    };
    // create(): an id or code that collides with a live one (1 in 2^80, 1 in 2^40 per live code) fails instead.
    tx.create(circleRef(db, input.circleId), circle);
    tx.create(codeRef(db, input.codeKey), codeData(input.circleId, input.codeExpiresAt));
    setUserCircles(tx, db, input.userKey, [...userCircles, input.circleId]);
    return "created";
  });
}

export type JoinOutcome = { kind: "no-user" } | { kind: "not-found" } | (JoinDecision & { circleId: string; name: string });

/** Joins the circle the code opens; the code, the circle and the user are read in the transaction that decides. */
export async function joinByCode(db: Firestore, input: { codeKey: string; userKey: string; limits: Limits; now: Date }): Promise<JoinOutcome> {
  return db.runTransaction(async (tx): Promise<JoinOutcome> => {
    // The caller first: whether they may join at all must not depend on (and so reveal) whether the code exists.
    const user = await liveUserData(tx, db, input.userKey);
    if (!user) return { kind: "no-user" };
    const code = (await tx.get(codeRef(db, input.codeKey))).data();
    if (!code || !codeIsLive(code, input.now)) return { kind: "not-found" };
    const snapshot = await tx.get(circleRef(db, String(code.circleId)));
    if (!snapshot.exists) return { kind: "not-found" };
    const circle = snapshot.data() as StoredCircle;
    // A code replaced after this transaction read it makes the commit retry (the code document changed).
    if (circle.codeKey !== input.codeKey) return { kind: "not-found" };
    const decision = decideJoin(circle, circle.circleId, input.userKey, circlesOf(user), input.limits);
    if (decision.kind === "joined" && decision.changed) {
      writeCircleSide(tx, db, circle, decision);
      setUserCircles(tx, db, input.userKey, decision.userCircles);
    }
    return { ...decision, circleId: circle.circleId, name: circle.name };
  });
}

/** Leaves a circle; "not-found" when it does not exist or the caller is not a member. */
export async function leaveCircle(db: Firestore, circleId: string, userKey: string): Promise<"left" | "not-found"> {
  return db.runTransaction(async (tx) => {
    const user = await liveUserData(tx, db, userKey);
    const snapshot = await tx.get(circleRef(db, circleId));
    const circle = snapshot.data() as StoredCircle | undefined;
    if (!circle || !circle.members.includes(userKey)) return "not-found";
    const change = decideLeave(circle, circleId, userKey, circlesOf(user));
    writeCircleSide(tx, db, circle, change);
    if (user) setUserCircles(tx, db, userKey, change.userCircles);
    return "left";
  });
}

/** The creator removes a member named by anonymousId; removing oneself is leaving. */
export async function removeMember(
  db: Firestore,
  input: { circleId: string; callerKey: string; anonymousId: string; namesOf: (userKey: string) => readonly string[] },
): Promise<RemoveDecision["kind"]> {
  return db.runTransaction(async (tx) => {
    await liveUserData(tx, db, input.callerKey);
    const snapshot = await tx.get(circleRef(db, input.circleId));
    const circle = snapshot.data() as StoredCircle | undefined;
    if (!circle) return "not-member";
    const decision = decideRemove(circle, input.callerKey, input.anonymousId, input.namesOf);
    if (decision.kind !== "remove") return decision.kind;
    const target = (await tx.get(userRef(db, decision.targetKey))).data();
    const targetLive = target !== undefined && !isRetired(target);
    const change = decideLeave(circle, input.circleId, decision.targetKey, circlesOf(target));
    writeCircleSide(tx, db, circle, change);
    if (targetLive) setUserCircles(tx, db, decision.targetKey, change.userCircles);
    return "remove";
  });
}

/** The creator replaces the code: the old one stops working in the same transaction that makes the new one. */
export async function replaceCode(
  db: Firestore,
  input: { circleId: string; callerKey: string; codeKey: string; codeExpiresAt: Date },
): Promise<"replaced" | "not-member" | "not-creator"> {
  return db.runTransaction(async (tx) => {
    await liveUserData(tx, db, input.callerKey);
    const snapshot = await tx.get(circleRef(db, input.circleId));
    const circle = snapshot.data() as StoredCircle | undefined;
    if (!circle || !circle.members.includes(input.callerKey)) return "not-member";
    if (circle.creatorKey !== input.callerKey) return "not-creator";
    tx.delete(codeRef(db, circle.codeKey));
    tx.create(codeRef(db, input.codeKey), codeData(input.circleId, input.codeExpiresAt));
    tx.update(circleRef(db, input.circleId), { codeKey: input.codeKey });
    return "replaced";
  });
}

/** The circles a user document lists, that still exist (one read each). */
export async function readCirclesOf(db: Firestore, user: DocumentData | undefined): Promise<StoredCircle[]> {
  const ids = circlesOf(user);
  if (ids.length === 0) return [];
  const snapshots = await db.getAll(...ids.map((id) => circleRef(db, id)));
  return snapshots.filter((s) => s.exists).map((s) => s.data() as StoredCircle);
}

/**
 * The account deletion's part, inside its transaction: reads the user's circles (call before any write of the
 * transaction) and returns the writes that take the user out of every one of them at once. The user's own side
 * goes with their document, which becomes a tombstone.
 */
export async function leaveEveryCircle(tx: Transaction, db: Firestore, userKey: string, user: DocumentData | undefined): Promise<{ circleIds: string[]; write: () => void }> {
  const ids = circlesOf(user);
  const snapshots = ids.length > 0 ? await tx.getAll(...ids.map((id) => circleRef(db, id))) : [];
  const circles = snapshots.filter((s) => s.exists).map((s) => s.data() as StoredCircle);
  return {
    circleIds: circles.map((c) => c.circleId),
    write: () => {
      for (const circle of circles) writeCircleSide(tx, db, circle, decideLeave(circle, circle.circleId, userKey, []));
    },
  };
}

// ---- stale circle ids in user records -------------------------------------------------------------------

/**
 * Drops from the user's record the ids among `circleIds` whose circle is gone or does not list the user: the
 * record is then what the circles say (a membership is written on both sides at once, so this only repairs what
 * an older bug or an interrupted write left behind). One transaction reading the user and those circles; returns
 * how many ids it dropped.
 */
export async function repairUserCircles(db: Firestore, userKey: string, circleIds: readonly string[]): Promise<number> {
  return db.runTransaction(async (tx) => {
    const user = (await tx.get(userRef(db, userKey))).data();
    const listed = circlesOf(user);
    const suspects = circleIds.filter((id) => listed.includes(id));
    if (isRetired(user) || suspects.length === 0) return 0;
    const circles = await tx.getAll(...suspects.map((id) => circleRef(db, id)));
    const stale = suspects.filter((_, i) => !((circles[i].data() as StoredCircle | undefined)?.members ?? []).includes(userKey));
    if (stale.length > 0) setUserCircles(tx, db, userKey, listed.filter((id) => !stale.includes(id)));
    return stale.length;
  });
}

/** Repairs every user record that lists the circle without being in its member list (or lists a deleted circle). */
export async function repairListers(db: Firestore, circleId: string): Promise<number> {
  const [listers, circle] = await Promise.all([listersOf(db, circleId), readCircle(db, circleId)]);
  const suspects = listers.filter((key) => !(circle?.members ?? []).includes(key));
  let repaired = 0;
  for (const key of suspects) repaired += await repairUserCircles(db, key, [circleId]);
  return repaired;
}

// ---- retention -------------------------------------------------------------------------------------------

/** Up to `limit` circles after `after`, in id order, with how many members each lists (the sweep's page). */
export async function circlesAfter(db: Firestore, after: string, limit: number): Promise<Array<{ circleId: string; members: number }>> {
  const snapshot = await db.collection(CIRCLES).where("circleId", ">", after).orderBy("circleId").limit(limit).select("circleId", "members").get();
  return snapshot.docs.map((doc) => ({ circleId: String(doc.get("circleId")), members: (doc.get("members") as unknown[] | undefined)?.length ?? 0 }));
}

/**
 * Drops the members whose user document is gone, retired or no longer lists the circle, and deletes the circle
 * (and its code) when nobody is left. One transaction; reads the circle and its members' documents.
 */
export async function repairCircle(db: Firestore, circleId: string): Promise<{ dropped: number; deleted: boolean }> {
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(circleRef(db, circleId));
    if (!snapshot.exists) return { dropped: 0, deleted: false };
    const circle = snapshot.data() as StoredCircle;
    const docs = circle.members.length > 0 ? await tx.getAll(...circle.members.map((key) => userRef(db, key))) : [];
    const records = new Map<string, MemberRecord>(
      docs.map((doc) => [doc.id, { live: doc.exists && !isRetired(doc.data()), circles: circlesOf(doc.data()) }]),
    );
    const stale = staleMembers(circleId, circle.members, records);
    if (stale.length === 0 && circle.members.length > 0) return { dropped: 0, deleted: false };
    const members = circle.members.filter((key) => !stale.includes(key));
    const creatorKey = circle.creatorKey !== null && stale.includes(circle.creatorKey) ? null : circle.creatorKey;
    writeCircleSide(tx, db, circle, { members, creatorKey });
    return { dropped: stale.length, deleted: members.length === 0 };
  });
}
