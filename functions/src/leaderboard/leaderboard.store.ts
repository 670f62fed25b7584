/**
 * Firestore access for leaderboards: the served boards, one document per period in `leaderboards/{period}`,
 * written by the rebuild. The scores themselves live in each user's document (users/users.store.ts).
 */
import type { Firestore } from "firebase-admin/firestore";
import type { Period } from "../domain/periods";
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

export async function readBoard(db: Firestore, period: Period): Promise<Board | null> {
  const snapshot = await db.collection(LEADERBOARDS).doc(period).get();
  return snapshot.exists ? (snapshot.data() as Board) : null;
}

export async function writeBoard(db: Firestore, board: Board): Promise<void> {
  await db.collection(LEADERBOARDS).doc(board.period).set(board);
}
