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
 * The kind also types what the handler receives (`Callers[kind]`): a `user` or `sync-user` handler gets a
 * `userId: string`, a `user-if-sent` one a possibly absent userId, the others none at all — so no handler has to
 * assert that an id is there. The userId is a bearer secret held in memory for one request; everything stored is
 * keyed by its one-way hash (`users/user-keys.ts`).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { AppError, invalid } from "../errors";

/** A caller known by its userId (lower case). */
export interface UserCaller {
  readonly userId: string;
}
/** A caller who may have sent a userId. */
export interface MaybeUserCaller {
  readonly userId?: string;
}
/** Nobody in particular (or a key holder): there is no userId to read. */
export interface NoUserCaller {
  readonly userId?: never;
}

/** What a handler receives as `caller`, per the kind its route declares. */
export interface Callers {
  anyone: NoUserCaller;
  user: UserCaller;
  "user-if-sent": MaybeUserCaller;
  "sync-user": UserCaller;
  admin: NoUserCaller;
  "api-key-if-configured": NoUserCaller;
}

export type CallerKind = keyof Callers;
/** Any route's caller, as middlewares that serve every route (per-user rate limits) see it. */
export type Caller = Callers[CallerKind];

/** The caller kinds identified by a userId. */
export const USER_KINDS: readonly CallerKind[] = ["user", "user-if-sent", "sync-user"];

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
export function identify<K extends CallerKind>(kind: K, req: Request, body: unknown, keys: CallerKeys): Callers[K] {
  // Each branch below returns the shape `Callers` gives its kind; TypeScript cannot narrow K through the switch.
  return identifyKind(kind, req, body, keys) as Callers[K];
}

function identifyKind(kind: CallerKind, req: Request, body: unknown, keys: CallerKeys): Caller {
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
