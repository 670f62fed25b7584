/**
 * Who the caller is — the one way every route learns it, from the kind its declaration names:
 *   anyone                 — nobody in particular;
 *   user                   — `Authorization: Bearer <userId>`, required (401 when missing or malformed);
 *   user-if-sent           — the same when sent (a malformed one is 401), else anonymous;
 *   sync-user              — Bearer or `body.userId` (the seed brief's plain client); a malformed id is invalid
 *                            input there (400, as the contract lists it), both must match, none at all is 401;
 *   admin                  — `X-Admin-Key`, compared in constant time (401);
 *   api-key-if-configured  — `X-API-Key` when the server has one (401), else anyone.
 *
 * The userId is a bearer secret held in memory for one request; everything stored is keyed by `userKeyOf` (HMAC).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { AppError, invalid } from "../errors";

export type CallerKind = "anyone" | "user" | "user-if-sent" | "sync-user" | "admin" | "api-key-if-configured";

export interface Caller {
  /** The caller's userId (lower case), for the user kinds when one was sent. */
  userId?: string;
}

export interface CallerKeys {
  adminApiKey: string;
  challengesApiKey: string;
}

/** Version 4, RFC 4122 variant. The nil UUID and other versions do not match. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidV4(value: unknown): value is string {
  return typeof value === "string" && UUID_V4.test(value);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Constant-time comparison of a presented key with the configured one. Both are hashed first so the comparison
 * takes the same time whatever their lengths.
 */
export function keyMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== "string" || expected.length === 0) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The caller of a route whose declaration names `kind`; `body` is the validated body (for `sync-user`). */
export function identify(kind: CallerKind, req: Request, body: unknown, keys: CallerKeys): Caller {
  const header = req.headers.authorization;
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  switch (kind) {
    case "anyone":
      return {};
    case "admin":
      if (!keyMatches(req.headers["x-admin-key"], keys.adminApiKey)) throw new AppError("unauthorized", "A valid X-Admin-Key is required.");
      return {};
    case "api-key-if-configured":
      if (keys.challengesApiKey && !keyMatches(req.headers["x-api-key"], keys.challengesApiKey)) {
        throw new AppError("unauthorized", "A valid X-API-Key is required.");
      }
      return {};
    case "sync-user": {
      const bodyUserId = (body as { userId?: string } | undefined)?.userId;
      if (header !== undefined && token === undefined) throw new AppError("unauthorized", "Authorization must be `Bearer <userId>`.");
      if (token !== undefined && !isUuidV4(token)) {
        throw invalid("The request is not valid.", [{ path: "authorization", message: "must be Bearer <UUID v4>" }]);
      }
      if (token !== undefined && bodyUserId !== undefined && token.toLowerCase() !== bodyUserId.toLowerCase()) {
        throw invalid("The userId in the body and in Authorization differ.", [{ path: "userId", message: "differs from the Authorization header" }]);
      }
      const userId = token ?? bodyUserId;
      if (userId === undefined) throw new AppError("unauthorized", "Send your userId as `Authorization: Bearer <userId>` or in the body.");
      return { userId: userId.toLowerCase() };
    }
    case "user":
    case "user-if-sent": {
      if (header === undefined) {
        if (kind === "user") throw new AppError("unauthorized", "Send your userId as `Authorization: Bearer <userId>`.");
        return {};
      }
      if (token === undefined) throw new AppError("unauthorized", "Authorization must be `Bearer <userId>`.");
      if (!isUuidV4(token)) throw new AppError("unauthorized", "The bearer token is not a valid userId.");
      return { userId: token.toLowerCase() };
    }
  }
}

/** The key of everything stored about a user: HMAC-SHA256(pepper, userId), hex. */
export function userKeyOf(userId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`user:${userId.toLowerCase()}`).digest("hex");
}

/** Device ids are not secrets, but need not be stored in clear either: a short keyed hash names the slot. */
export function deviceKeyOf(userKey: string, deviceId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`device:${userKey}:${deviceId.toLowerCase()}`).digest("hex").slice(0, 20);
}
