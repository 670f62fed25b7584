/** The pairing resource: a one-time code for a second install, and claiming one. */
import { send, type HttpOptions, type Outcome } from "../http";

export type PairingCode = { code: string; expiresAt: string };

export function createCode(http: HttpOptions, userId: string): Promise<Outcome<PairingCode>> {
  return send<PairingCode>(http, { method: "POST", path: "/pairing", needs: "account", userId });
}

/** Claims a code; needs only privacy `export-allowed` (sync is turned on after the claim). */
export function claimCode(http: HttpOptions, code: string): Promise<Outcome<{ userId: string }>> {
  return send<{ userId: string }>(http, { method: "POST", path: "/pairing/claim", needs: "any", body: { code } });
}
