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
 * `userId: string` and its `userKey` (computed once, by the route table), a `user-if-sent` one both or neither, the
 * others none at all — so no handler has to assert that an id is there. The userId is a bearer secret held in
 * memory for one request; everything stored is keyed by its one-way hash (`users/user-keys.ts`).
 *
 * A kind also says where "a retired id gets 410" is checked (`LIVENESS`): for `user` and `user-if-sent` by the
 * route table, once, before the handler (which gets the document that check read as `caller.stored`); for
 * `sync-user` by the sync's own transaction, which reads the user's document anyway (a sync stays one read).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { AppError, invalid } from "../errors";

/** A user's stored document as the live-user check read it: never a tombstone. */
export type StoredUserDocument = Readonly<Record<string, unknown>>;

/** A caller known by its userId (lower case) and the key of everything stored about them. */
export interface UserCaller {
  readonly userId: string;
  readonly userKey: string;
}
/** A user the route table found not retired, with the document it read (undefined: they never synced). */
export interface LiveUserCaller extends UserCaller {
  readonly stored: StoredUserDocument | undefined;
}
/** Nobody in particular (or a key holder): there is no userId to read. */
export interface NoUserCaller {
  readonly userId?: undefined;
  readonly userKey?: undefined;
  readonly stored?: undefined;
}

/** What a handler receives as `caller`, per the kind its route declares. */
export interface Callers {
  anyone: NoUserCaller;
  user: LiveUserCaller;
  "user-if-sent": LiveUserCaller | NoUserCaller;
  "sync-user": UserCaller;
  admin: NoUserCaller;
  "api-key-if-configured": NoUserCaller;
}

export type CallerKind = keyof Callers;
/** Any route's caller, as middlewares that serve every route (per-user rate limits) see it. */
export type Caller = Callers[CallerKind];

/**
 * Where a kind's "a retired id gets 410" check happens: `route-table` — once, before the handler (http/route-table.ts);
 * `transaction` — in the handler's own transaction, which reads the user's document anyway (`sync-user`: the sync
 * transaction, users/users.store.ts `updateUser`); `none` — the kind has no user. The 410 a route documents is
 * derived from this, never declared by hand.
 */
export const LIVENESS: Record<CallerKind, "route-table" | "transaction" | "none"> = {
  anyone: "none",
  user: "route-table",
  "user-if-sent": "route-table",
  "sync-user": "transaction",
  admin: "none",
  "api-key-if-configured": "none",
};

/** What `identify` finds: the userId, before the route table adds its key (and, for a live kind, the document). */
type Identified = { userId: string } | Record<string, never>;

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

/** The userId (if any) of a route's caller whose declaration names `kind`; `body` is the validated body (for `sync-user`). */
export function identify(kind: CallerKind, req: Request, body: unknown, keys: CallerKeys): Identified {
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
