/** The boards resource: a period's board, with the caller's own place when it sends its id. */
import { send, type HttpOptions, type Outcome } from "../http";
import type { Leaderboard, Period } from "../types";

export function fetchBoard(http: HttpOptions, period: Period, limit: number, userId: string | undefined): Promise<Outcome<Leaderboard>> {
  return send<Leaderboard>(http, { method: "GET", path: `/leaderboard?period=${period}&limit=${limit}`, needs: "any", userId });
}
