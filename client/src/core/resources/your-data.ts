/** The "your data" resource: everything the server holds about the user, and its deletion (which retires the id). */
import type { Export } from "../../generated/wire";
import type { Root } from "../deps";
import { isRetryable, send, type HttpOptions, type Outcome } from "../http";
import type { KitStore } from "../store";

export class YourData {
  constructor(private readonly root: Root) {}

  /** Everything the server holds about the user. */
  async export(): Promise<Outcome<Export>> {
    const userId = await this.root.userId();
    if (!userId.ok) return userId;
    return send<Export>(this.root.deps.http, { method: "GET", path: "/me/export", needs: "account", userId: userId.value });
  }

  /**
   * Deletes everything the server holds and retires the id on every install (they get 410 and stop). This
   * install forgets the id; its local progress stays. Turning sync on again starts a new id.
   */
  async delete(): Promise<Outcome<void>> {
    const userId = await this.root.userId();
    if (!userId.ok) return userId;
    const deleted = await deleteEverything(this.root.deps.http, userId.value);
    if (deleted.ok) await this.root.forget();
    return deleted;
  }
}

/** Deletes the user's data. Already deleted (410, from another install or a retried delete) is the same outcome. */
export async function deleteEverything(http: HttpOptions, userId: string): Promise<Outcome<void>> {
  const outcome = await send<void>(http, { method: "DELETE", path: "/me", needs: "account", userId });
  if (!outcome.ok && outcome.problem.kind === "refused" && outcome.problem.code === "gone") return { ok: true, value: undefined };
  return outcome;
}

/**
 * Deletes the record of an id that only this install ever had, after the install joined another user (its
 * progress went along with "merge", or the user chose "adopt"). When the server cannot be reached now, the id is
 * kept (in SecretStorage) and the deletion is tried again after later syncs; retention removes it in any case.
 */
export async function retireSoloRecord(http: HttpOptions, store: KitStore, userId: string): Promise<void> {
  const outcome = await deleteEverything(http, userId);
  const again = !outcome.ok && isRetryable(outcome.problem);
  await store.setRetiringUserId(again ? userId : undefined);
}
