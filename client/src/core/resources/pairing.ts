/** The pairing resource: a one-time code for a second install, and joining with one. */
import type { PairingClaim, PairingCode } from "../../generated/wire";
import type { Root } from "../deps";
import { send, type Outcome } from "../http";
import { startCounting } from "../marker";
import { randomUuid } from "../store";
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
   */
  async join(code: string, mode: JoinMode): Promise<Outcome<void>> {
    const { deps } = this.root;
    const claimed = await send<PairingClaim>(deps.http, { method: "POST", path: "/pairing/claim", needs: "any", body: { code } });
    if (!claimed.ok) return claimed;
    const { userId } = claimed.value;
    const retiring = await deps.store.exclusive(async () => {
      const oldId = await deps.store.userId();
      const old = deps.store.read();
      // A code of the progress this install already syncs: it is joined already, and starting over would bring
      // its totals (the user's) a second time ("merge") or leave its slot's count behind. Nothing changes.
      if (oldId === userId && old && !old.cleared) return undefined;
      this.root.stopRetries();
      await deps.store.setUserId(userId);
      // A new device on the server: a slot it had there before (it synced this user once, then joined another)
      // holds counts from then, which a new count from zero would stay below.
      await startCounting(deps, randomUuid(), mode, { shared: true });
      // An id only this install ever had (made here, never given a code) is of no use to anyone now: its record
      // goes. Bookkeeping that cannot say (from an older kit, or an id found without it) keeps the record.
      return oldId && oldId !== userId && old?.syncedOnce && old.shared === false ? oldId : undefined;
    });
    if (retiring) await retireSoloRecord(deps.http, deps.store, retiring);
    return { ok: true, value: undefined };
  }
}
