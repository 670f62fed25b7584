/** The pairing resource: a one-time code for a second install, and claiming one. */
import type { PairingClaim, PairingCode } from "../../generated/wire";
import { send, type HttpOptions, type Outcome } from "../http";

export type { PairingCode };

export function createCode(http: HttpOptions, userId: string): Promise<Outcome<PairingCode>> {
  return send<PairingCode>(http, { method: "POST", path: "/pairing", needs: "account", userId });
}

/** Claims a code; needs only privacy `export-allowed` (sync is turned on after the claim). */
export function claimCode(http: HttpOptions, code: string): Promise<Outcome<PairingClaim>> {
  return send<PairingClaim>(http, { method: "POST", path: "/pairing/claim", needs: "any", body: { code } });
}
