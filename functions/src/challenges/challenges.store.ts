/**
 * `challenges/{date}` holds the set served for that date: generated (by the job, or on the first request if the
 * job has not run) or curated by an admin. Generated sets are written with create(), so instances racing to
 * write the same date cannot overwrite each other or a curated set; since generation is deterministic, whichever
 * wins wrote the same document.
 */
import type { Firestore } from "firebase-admin/firestore";
import type { Challenge } from "./challenges.logic";

export const CHALLENGES = "challenges";
const ALREADY_EXISTS = 6;

export interface ChallengeSet {
  date: string;
  source: "generated" | "curated";
  /** Which version of the generator wrote a generated set (absent: version 1, before issue 18). */
  generator?: number;
  challenges: Challenge[];
  updatedAt: string;
}

export async function readSet(db: Firestore, date: string): Promise<ChallengeSet | null> {
  const snapshot = await db.collection(CHALLENGES).doc(date).get();
  return snapshot.exists ? (snapshot.data() as ChallengeSet) : null;
}

/** Writes `set` unless the date already has one; returns what is stored either way. */
/** The stored sets of several dates in one round trip (`null` where a date has none), in the order asked. */
export async function readSets(db: Firestore, dates: readonly string[]): Promise<Array<ChallengeSet | null>> {
  const snapshots = await db.getAll(...dates.map((date) => db.collection(CHALLENGES).doc(date)));
  return snapshots.map((snapshot) => (snapshot.exists ? (snapshot.data() as ChallengeSet) : null));
}

export async function createSetIfAbsent(db: Firestore, set: ChallengeSet): Promise<{ set: ChallengeSet; created: boolean }> {
  try {
    await db.collection(CHALLENGES).doc(set.date).create(set);
    return { set, created: true };
  } catch (error) {
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
    return { set: (await readSet(db, set.date)) ?? set, created: false };
  }
}

export async function replaceSet(db: Firestore, set: ChallengeSet): Promise<void> {
  await db.collection(CHALLENGES).doc(set.date).set(set);
}
