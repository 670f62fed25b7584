/** The "your data" resource: everything the server holds about the user, and its deletion (which retires the id). */
import { send, type HttpOptions, type Outcome } from "./http";

export function fetchExport(http: HttpOptions, userId: string): Promise<Outcome<unknown>> {
  return send<unknown>(http, { method: "GET", path: "/me/export", needs: "account", userId });
}

/** Deletes the user's data. Already deleted (410, from another install or a retried delete) is the same outcome. */
export async function deleteEverything(http: HttpOptions, userId: string): Promise<Outcome<void>> {
  const outcome = await send<void>(http, { method: "DELETE", path: "/me", needs: "account", userId });
  if (!outcome.ok && outcome.problem.kind === "refused" && outcome.problem.code === "gone") return { ok: true, value: undefined };
  return outcome;
}
