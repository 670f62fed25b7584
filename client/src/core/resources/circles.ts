/**
 * The circles resource (private boards, contract "Circles"): create one, join with its code, list yours, read a
 * circle's board, leave. Every route needs the Bearer id of a user who has synced once, sync on and privacy
 * `export-allowed` (read before each request, as for every request of the kit).
 */
import { send, valueOf, type HttpOptions } from "../http";
import type { Period } from "../types";

import type { CircleBoard, CircleList, CreatedCircle, JoinedCircle } from "../../generated/wire";

export type { CircleBoard, CircleList, CreatedCircle, JoinedCircle };

/** Circles for one install; `userId` hands the id after making sure the user has synced once. */
export class CircleClient {
  constructor(
    private readonly http: HttpOptions,
    private readonly userId: () => Promise<string>,
  ) {}

  async create(): Promise<CreatedCircle> {
    return valueOf(await send<CreatedCircle>(this.http, { method: "POST", path: "/circles", needs: "account", userId: await this.userId() }));
  }

  async join(code: string): Promise<JoinedCircle> {
    const userId = await this.userId();
    return valueOf(await send<JoinedCircle>(this.http, { method: "POST", path: "/circles/join", needs: "account", body: { code }, userId }));
  }

  async list(): Promise<CircleList["circles"]> {
    return valueOf(await send<CircleList>(this.http, { method: "GET", path: "/circles", needs: "account", userId: await this.userId() })).circles;
  }

  async board(circleId: string, period: Period = "weekly"): Promise<CircleBoard> {
    const path = `/circles/${encodeURIComponent(circleId)}/leaderboard?period=${period}`;
    return valueOf(await send<CircleBoard>(this.http, { method: "GET", path, needs: "account", userId: await this.userId() }));
  }

  async leave(circleId: string): Promise<void> {
    const path = `/circles/${encodeURIComponent(circleId)}/members/me`;
    valueOf(await send<void>(this.http, { method: "DELETE", path, needs: "account", userId: await this.userId() }));
  }
}
