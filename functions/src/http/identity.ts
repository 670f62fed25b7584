/**
 * The anonymous identity: a UUID v4 the extension made, used as a bearer secret. It is only ever held in memory
 * for the length of a request; everything stored is keyed by an HMAC of it (see `userKeyOf`).
 */
import { createHmac } from "node:crypto";
import type { Request } from "express";
import { AppError } from "../errors";

/** Version 4, RFC 4122 variant. The nil UUID and other versions do not match. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidV4(value: unknown): value is string {
  return typeof value === "string" && UUID_V4.test(value);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of a well-formed `Authorization: Bearer <token>` header, else undefined (never throws). */
export function bearerIfAny(req: Request): string | undefined {
  return BEARER.exec(req.headers.authorization ?? "")?.[1];
}

/** Returns the bearer token if an Authorization header is present, `undefined` if not; 401 if it is malformed. */
export function bearerToken(req: Request): string | undefined {
  if (req.headers.authorization === undefined) return undefined;
  const token = bearerIfAny(req);
  if (token === undefined) throw new AppError("unauthorized", "Authorization must be `Bearer <userId>`.");
  return token;
}

/** The caller's userId from `Authorization: Bearer` if one is sent (401 if it is malformed), else undefined. */
export function optionalBearerUserId(req: Request): string | undefined {
  const token = bearerToken(req);
  if (token === undefined) return undefined;
  if (!isUuidV4(token)) throw new AppError("unauthorized", "The bearer token is not a valid userId.");
  return token.toLowerCase();
}

/** The caller's userId from `Authorization: Bearer`, required and valid, else 401. */
export function requireBearerUserId(req: Request): string {
  const userId = optionalBearerUserId(req);
  if (userId === undefined) throw new AppError("unauthorized", "Send your userId as `Authorization: Bearer <userId>`.");
  return userId;
}

/** The key of everything stored about a user: HMAC-SHA256(pepper, userId), hex. */
export function userKeyOf(userId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`user:${userId.toLowerCase()}`).digest("hex");
}

/** Device ids are not secrets, but need not be stored in clear either: a short keyed hash names the slot. */
export function deviceKeyOf(userKey: string, deviceId: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`device:${userKey}:${deviceId.toLowerCase()}`).digest("hex").slice(0, 20);
}
