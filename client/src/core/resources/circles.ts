/**
 * The circles resource (private boards, contract "Circles"): create one, join with its code, list yours, read a
 * circle's board, make a new invite code (the creator), leave. Every route needs the Bearer id of a user who has
 * synced once (the first use syncs once if this install never has), sync on and privacy `export-allowed` (read
 * before each request, as for every request of the kit).
 */
import type { Root } from "../deps";
import { send, type Outcome } from "../http";
import type { Period } from "../types";

import type { CircleBoard, CircleCode, CircleList, CreatedCircle, JoinedCircle } from "../../generated/wire";

export type { CircleBoard, CircleCode, CircleList, CreatedCircle, JoinedCircle };

export class Circles {
  constructor(private readonly root: Root) {}

  create(): Promise<Outcome<CreatedCircle>> {
    return this.send<CreatedCircle>("POST", "/circles");
  }

  join(code: string): Promise<Outcome<JoinedCircle>> {
    return this.send<JoinedCircle>("POST", "/circles/join", { code });
  }

  async list(): Promise<Outcome<CircleList["circles"]>> {
    const listed = await this.send<CircleList>("GET", "/circles");
    return listed.ok ? { ok: true, value: listed.value.circles } : listed;
  }

  board(circleId: string, period: Period = "weekly"): Promise<Outcome<CircleBoard>> {
    return this.send<CircleBoard>("GET", `/circles/${encodeURIComponent(circleId)}/leaderboard?period=${period}`);
  }

  /** The creator's new invite code; the old one stops working at once. */
  newCode(circleId: string): Promise<Outcome<CircleCode>> {
    return this.send<CircleCode>("POST", `/circles/${encodeURIComponent(circleId)}/code`);
  }

  leave(circleId: string): Promise<Outcome<void>> {
    return this.send<void>("DELETE", `/circles/${encodeURIComponent(circleId)}/members/me`);
  }

  private async send<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Outcome<T>> {
    const userId = await this.root.syncedUserId();
    if (!userId.ok) return userId;
    return send<T>(this.root.deps.http, { method, path, needs: "account", userId: userId.value, ...(body === undefined ? {} : { body }) });
  }
}
