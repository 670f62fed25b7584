/**
 * Firestore access for leaderboards: the served boards, one document per period in `leaderboards/{period}`,
 * written by the rebuild. The scores themselves live in each user's document (users/users.store.ts).
 */
import type { Firestore } from "firebase-admin/firestore";
import type { Period } from "../domain/periods";
import type { Ranked, ScoreBucket } from "./leaderboard.logic";

export const LEADERBOARDS = "leaderboards";
/**
 * How long an instance serves a board (and the hidden list) from memory: a warm read costs nothing, a rebuild or
 * a hide reaches every instance within it.
 */
export const BOARD_CACHE_SECONDS = 30;
/** Entries a board serves (`limit` at most). */
export const BOARD_SIZE = 100;
/** Entries a board knows in order, for exact ranks and neighbours without a query: the best 1,000. */
export const BOARD_DEPTH = 1000;

export interface Board {
  period: Period;
  periodKey: string;
  generatedAt: string;
  rankings: Ranked[];
  /** How many opted-in users scored in the period (counted at the rebuild; absent on older boards). */
  participants?: number;
  /** The entries after `rankings`, down to BOARD_DEPTH, in board order (absent on older boards). */
  deeper?: Ranked[];
  /** Counts of all participants' scores, highest bucket first, each at most 1 % of participants once settled. */
  histogram?: ScoreBucket[];
}

export async function readBoard(db: Firestore, period: Period): Promise<Board | null> {
  const snapshot = await db.collection(LEADERBOARDS).doc(period).get();
  return snapshot.exists ? (snapshot.data() as Board) : null;
}

export async function writeBoard(db: Firestore, board: Board): Promise<void> {
  await db.collection(LEADERBOARDS).doc(board.period).set(board);
}
