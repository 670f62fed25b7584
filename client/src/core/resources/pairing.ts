/** The pairing resource: a one-time code for a second install, and joining with one. */
import type { PairingClaim, PairingCode } from "../../generated/wire";
import type { Root } from "../deps";
import { send, type Outcome } from "../http";
import { joinUser } from "../marker";
import type { JoinMode } from "../types";
import { retireSoloRecord } from "./your-data";

export type { PairingCode };

export class Pairing {
  constructor(private readonly root: Root) {}

  /**
   * A one-time code (valid 10 minutes) for a second install. Syncs first if this install never has, so the
   * other install finds this one's progress on the server whichever way it joins.
   */
  async createCode(): Promise<Outcome<PairingCode>> {
    const { http, store } = this.root.deps;
    const userId = await this.root.syncedUserId();
    if (!userId.ok) return userId;
    const made = await send<PairingCode>(http, { method: "POST", path: "/pairing", needs: "account", userId: userId.value });
    if (!made.ok) return made;
    await store.exclusive(async () => {
      const state = store.read();
      // Another install may now hold this id: it is no longer this install's alone (see join).
      if (state && !state.shared) await store.save({ ...state, shared: true });
    });
    return made;
  }

  /**
   * Joins the progress of the install that made `code`, in one step: claim the code and take over that userId
   * with this install's progress brought along (`merge`) or not (`adopt`). Ask the user for the mode *before*
   * calling (the code works once); then turn sync on and `sync()`. The claim needs only privacy `export-allowed`.
   * A code of the progress this install already syncs changes nothing. What the engine completed before the join
   * is never reported (marker.ts, joinUser).
   */
  async join(code: string, mode: JoinMode): Promise<Outcome<void>> {
    const { deps } = this.root;
    const claimed = await send<PairingClaim>(deps.http, { method: "POST", path: "/pairing/claim", needs: "any", body: { code } });
    if (!claimed.ok) return claimed;
    const { userId } = claimed.value;
    const retiring = await deps.store.exclusive(async () => {
      const switched = await joinUser(deps, userId, mode);
      if (switched) this.root.stopRetries();
      return switched?.retiring;
    });
    if (retiring) await retireSoloRecord(deps.http, deps.store, retiring);
    return { ok: true, value: undefined };
  }
}
