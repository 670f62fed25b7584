/** The challenges resource: the served set of a local day (public; no id is sent). */
import { send, type HttpOptions, type Outcome } from "../http";
import type { ServedSet } from "../types";

export function fetchChallenges(http: HttpOptions, date: string): Promise<Outcome<ServedSet>> {
  return send<ServedSet>(http, { method: "GET", path: `/challenges/daily?date=${encodeURIComponent(date)}`, needs: "any" });
}
