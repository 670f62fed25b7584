/** The "your data" resource: everything the server holds about the user, and its deletion (which retires the id). */
import type { Export } from "../../generated/wire";
import { isRetryable, send, type HttpOptions, type Outcome } from "../http";
import type { KitStore } from "../store";

export function fetchExport(http: HttpOptions, userId: string): Promise<Outcome<Export>> {
  return send<Export>(http, { method: "GET", path: "/me/export", needs: "account", userId });
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
