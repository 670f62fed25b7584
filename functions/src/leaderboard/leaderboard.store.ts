/**
 * Firestore access for leaderboards. Scores live in each user's own document (`<period>Key` / `<period>Xp`,
 * written by the sync transaction); the rebuild reads the top 100 of each period with one indexed query and writes
 * one denormalised document per period, `leaderboards/{period}`, which the route serves.
 */
import type { Firestore } from "firebase-admin/firestore";
import type { Period } from "../domain/periods";
import { liveUser, readUserDocument, scoreFields, USERS } from "../sync/sync.store";
import type { PeriodBucket } from "../domain/board-gains";
import type { Ranked } from "./leaderboard.logic";

export const LEADERBOARDS = "leaderboards";
export const BOARD_SIZE = 100;

export interface Board {
  period: Period;
  periodKey: string;
  generatedAt: string;
  rankings: Ranked[];
  /** How many opted-in users scored in the period (one count aggregation per rebuild; absent on older boards). */
  participants?: number;
}

export interface Contender {
  userKey: string;
  anonymousId: string;
  xp: number;
}

/** The query every rebuild and every `me` count runs (its composite index is in firestore.indexes.json). */
function periodScores(db: Firestore, period: Period, periodKey: string) {
  return db.collection(USERS).where("leaderboardOptIn", "==", true).where(scoreFields(period).key, "==", periodKey);
}

export async function topContenders(db: Firestore, period: Period, periodKey: string): Promise<Contender[]> {
  const { xp } = scoreFields(period);
  const snapshot = await periodScores(db, period, periodKey)
    .orderBy(xp, "desc")
    .limit(BOARD_SIZE)
    .select("anonymousId", xp)
    .get();
  return snapshot.docs.map((doc) => ({
    userKey: doc.id,
    anonymousId: String(doc.get("anonymousId")),
    xp: Number(doc.get(xp)),
  }));
}

/** How many opted-in users scored in the period at all: a count aggregation over the same query. */
export async function countParticipants(db: Firestore, period: Period, periodKey: string): Promise<number> {
  const snapshot = await periodScores(db, period, periodKey).count().get();
  return snapshot.data().count;
}

/** How many opted-in users scored more than `xp` in the period: a count aggregation, not a read of each. */
export async function countAbove(db: Firestore, period: Period, periodKey: string, xp: number): Promise<number> {
  const snapshot = await periodScores(db, period, periodKey).where(scoreFields(period).xp, ">", xp).count().get();
  return snapshot.data().count;
}

export async function readBoard(db: Firestore, period: Period): Promise<Board | null> {
  const snapshot = await db.collection(LEADERBOARDS).doc(period).get();
  return snapshot.exists ? (snapshot.data() as Board) : null;
}

export async function writeBoard(db: Firestore, board: Board): Promise<void> {
  await db.collection(LEADERBOARDS).doc(board.period).set(board);
}

export interface RankedUser {
  anonymousId: string;
  leaderboardOptIn: boolean;
  bucket?: PeriodBucket;
}

/** The caller's board standing; 410 `gone` for a retired id. */
export async function readRankedUser(db: Firestore, userKey: string, period: Period): Promise<RankedUser | null> {
  const user = liveUser(await readUserDocument(db, userKey));
  if (!user) return null;
  return { anonymousId: user.anonymousId, leaderboardOptIn: user.leaderboardOptIn === true, bucket: user.periods[period] };
}
