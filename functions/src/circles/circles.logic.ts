/**
 * Circles, pure: their generated names, their invite codes, and every membership decision (join, leave, removal,
 * the retention repair), as functions of the stored state. No I/O and no clock: circles.store.ts runs these inside
 * the transactions that read that state, so a race can neither break a limit nor leave a dangling member.
 *
 * A membership is written on two sides that always change together: the circle's `members` (user keys: who may
 * read the board, the creator's removals, the limits) and the member's user document's `circles` (what the board
 * queries, so that only members who scored in the period are read, and a sync costs nothing more).
 */
import { createHmac } from "node:crypto";
import { rank, type Ranked } from "../leaderboard/leaderboard.logic";
import { CIRCLE_CODE_PREFIX, normalizeCode } from "../domain/codes";
import { codeFromBytes } from "../pairing/pairing.logic";

export { CIRCLE_CODE_PREFIX };

// A circle is a place where people breathe together; its name is chosen from these, never typed by anyone.
const QUALITIES = [
  "Misty", "Still", "Gentle", "Quiet", "Steady", "Patient", "Soft", "Deep", "Slow", "Bright",
  "Clear", "Mossy", "Sunlit", "Rooted", "Airy", "Tidal", "Warm", "Cool", "Kind", "Hushed",
  "Serene", "Dewy", "Amber", "Silver", "Golden", "Wild", "Open", "Easy", "Lucid", "Calm",
  "Humble", "Ferny",
];
const PLACES = [
  "Grove", "Glade", "Meadow", "Cove", "Ridge", "Hollow", "Brook", "Dell", "Pines", "Fen",
  "Harbor", "Valley", "Orchard", "Canopy", "Spring", "Delta", "Thicket", "Clearing", "Shore", "Lagoon",
  "Heath", "Moor", "Terrace", "Garden", "Summit", "Marsh", "Basin", "Creek", "Knoll", "Tarn",
  "Willows", "Cedars",
];

/** "Misty Grove 7f3a" from 4 random bytes: 32 × 32 × 65,536 names, so two circles of one user rarely share one. */
export function circleNameFromBytes(bytes: Buffer): string {
  if (bytes.length !== 4) throw new Error("a circle name needs exactly 4 random bytes");
  return `${QUALITIES[bytes[0] % QUALITIES.length]} ${PLACES[bytes[1] % PLACES.length]} ${bytes.subarray(2, 4).toString("hex")}`;
}

/** A circle's invite code, `BC-XXXX-XXXX`: the pairing codes' alphabet and 40 bits, from 5 random bytes. */
export function circleCodeFromBytes(bytes: Buffer): string {
  return codeFromBytes(bytes, CIRCLE_CODE_PREFIX);
}

/** The canonical `BC-XXXX-XXXX` of a code as a person typed it (case, dashes, spaces), or undefined. */
export function normalizeCircleCode(input: string): string | undefined {
  return normalizeCode(input, CIRCLE_CODE_PREFIX);
}

/** The only form in which a code is stored: HMAC(pepper, code), distinct from the pairing codes' hashes. */
export function circleCodeKeyOf(code: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`circle-code:${code}`).digest("hex");
}

// ---- membership decisions ----------------------------------------------------------------------------------

export interface CircleMembers {
  /** User keys of the members, creator included while they are one. */
  members: readonly string[];
  /** The creator's user key; null once the creator left or deleted their data (nobody can replace the code). */
  creatorKey: string | null;
}

export interface Limits {
  maxCirclesPerUser: number;
  maxMembersPerCircle: number;
}

/** Both sides of one membership after a change. */
export interface MembershipChange {
  members: string[];
  creatorKey: string | null;
  /** The user's circle ids. */
  userCircles: string[];
}

export type JoinDecision =
  | ({ kind: "joined"; changed: boolean } & MembershipChange)
  | { kind: "circle-full" }
  | { kind: "too-many-circles" };

const without = (list: readonly string[], item: string) => list.filter((x) => x !== item);
const withItem = (list: readonly string[], item: string) => (list.includes(item) ? [...list] : [...list, item]);

/**
 * Joining: a no-op for a member (joining twice changes nothing), else both sides gain the membership. Each limit
 * applies only to the side that grows, so a half-written membership is completed rather than refused.
 */
export function decideJoin(circle: CircleMembers, circleId: string, userKey: string, userCircles: readonly string[], limits: Limits): JoinDecision {
  const inCircle = circle.members.includes(userKey);
  const listed = userCircles.includes(circleId);
  if (inCircle && listed) {
    return { kind: "joined", changed: false, members: [...circle.members], creatorKey: circle.creatorKey, userCircles: [...userCircles] };
  }
  if (!inCircle && circle.members.length >= limits.maxMembersPerCircle) return { kind: "circle-full" };
  if (!listed && userCircles.length >= limits.maxCirclesPerUser) return { kind: "too-many-circles" };
  return {
    kind: "joined",
    changed: true,
    members: withItem(circle.members, userKey),
    creatorKey: circle.creatorKey,
    userCircles: withItem(userCircles, circleId),
  };
}

/** Leaving (or being removed): both sides lose the membership; a creator who leaves is no longer the creator. */
export function decideLeave(circle: CircleMembers, circleId: string, userKey: string, userCircles: readonly string[]): MembershipChange & { empty: boolean } {
  const members = without(circle.members, userKey);
  return {
    members,
    creatorKey: circle.creatorKey === userKey ? null : circle.creatorKey,
    userCircles: without(userCircles, circleId),
    empty: members.length === 0,
  };
}

export type RemoveDecision =
  | { kind: "not-member" }
  | { kind: "not-creator" }
  | { kind: "unknown-member" }
  | { kind: "remove"; targetKey: string };

/**
 * The creator removes a member named by their anonymousId (as the board shows it, short or long form). Only a
 * member learns that the circle exists: anyone else gets "not-member" whatever they name.
 */
export function decideRemove(
  circle: CircleMembers,
  callerKey: string,
  anonymousId: string,
  namesOf: (userKey: string) => readonly string[],
): RemoveDecision {
  if (!circle.members.includes(callerKey)) return { kind: "not-member" };
  if (circle.creatorKey !== callerKey) return { kind: "not-creator" };
  const targetKey = circle.members.find((key) => namesOf(key).includes(anonymousId));
  return targetKey ? { kind: "remove", targetKey } : { kind: "unknown-member" };
}

/** What a member's user document says about the circle, as the retention repair reads it. */
export interface MemberRecord {
  /** The document exists and is not a tombstone. */
  live: boolean;
  circles: readonly string[];
}

/**
 * Members whose side of the membership is gone: their user document was deleted (retention, or Firestore's TTL
 * policy, which runs no code of ours), retired, or no longer lists the circle. Retention drops them.
 */
export function staleMembers(circleId: string, members: readonly string[], records: ReadonlyMap<string, MemberRecord>): string[] {
  return members.filter((key) => {
    const record = records.get(key);
    return !record || !record.live || !record.circles.includes(circleId);
  });
}

// ---- the board ---------------------------------------------------------------------------------------------

export interface NamedScore {
  userKey: string;
  /** The name shown: the short anonymousId, or its long form where two members share the short one. */
  anonymousId: string;
  xp: number;
}

/** The global boards' ranking (ties, order) over the circle's scorers; `me` is the caller's own row, if they scored. */
export function circleBoard(scores: readonly NamedScore[], callerKey: string): { rankings: Ranked[]; me?: Ranked } {
  const rankings = rank(scores);
  const mine = scores.find((s) => s.userKey === callerKey);
  const me = mine ? rankings.find((r) => r.anonymousId === mine.anonymousId) : undefined;
  return { rankings, ...(me ? { me } : {}) };
}
