/**
 * The document keys of a user's data. The userId is a bearer secret held in memory for one request; everything
 * stored is keyed by these one-way hashes, so the `users/` module (their owner) builds them, not the HTTP layer.
 */
import { createHmac } from "node:crypto";

/** The key of everything stored about a user: HMAC-SHA256(pepper, userId), hex. */
export function userKeyOf(userId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`user:${userId.toLowerCase()}`).digest("hex");
}

/** Device ids are not secrets, but need not be stored in clear either: a short keyed hash names the slot. */
export function deviceKeyOf(userKey: string, deviceId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`device:${userKey}:${deviceId.toLowerCase()}`).digest("hex").slice(0, 20);
}
