/** The challenges resource: the served set of a local day (public; no id is sent). */
import type { Root } from "../deps";
import { localDay } from "../days";
import { send, type HttpOptions, type Outcome } from "../http";
import type { ServedSet } from "../types";

/** The one request for a served set (the sync resource fetches the local day's before it syncs). */
export function fetchChallenges(http: HttpOptions, date: string): Promise<Outcome<ServedSet>> {
  return send<ServedSet>(http, { method: "GET", path: `/challenges/daily?date=${encodeURIComponent(date)}`, needs: "any" });
}

export class Challenges {
  constructor(private readonly root: Root) {}

  /** The shared challenges of the user's *local* day (or `date`). */
  daily(date = localDay(this.root.deps.now())): Promise<Outcome<ServedSet>> {
    return fetchChallenges(this.root.deps.http, date);
  }
}
