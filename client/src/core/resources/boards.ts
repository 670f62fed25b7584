/** The boards resource: a period's board, with the caller's own place when this install has an id. */
import type { Root } from "../deps";
import { send, type Outcome } from "../http";
import type { Leaderboard, Period } from "../types";

export class Boards {
  constructor(private readonly root: Root) {}

  /** Public; the id goes along only so that the board can show the user's own place. */
  async get(period: Period, limit = 10): Promise<Outcome<Leaderboard>> {
    const { http, store } = this.root.deps;
    return send<Leaderboard>(http, { method: "GET", path: `/leaderboard?period=${period}&limit=${limit}`, needs: "any", userId: await store.userId() });
  }
}
