/**
 * One route's declaration and what follows from it alone: the input its handler receives (typed by the declared
 * caller kind), the error statuses it can answer (derived from what it declares, never listed by hand), and the
 * check of a reply — success or error — against the declaration. The route table (route-table.ts) mounts
 * declarations; route-openapi.ts describes them.
 */
import type { Request, Response } from "express";
import { z } from "zod";
import { ERROR_CODES } from "../errors";
import type { RateClass } from "../rate-classes";
import { LIVENESS, type CallerKind, type Callers } from "./identity";
import { BODY_ERROR_STATUSES, METHODS_WITH_BODY } from "./json-body";

export type Method = "get" | "post" | "put" | "delete";

/** Rate-limit classes beyond the per-IP limit every request counts against: the table in rate-classes.ts. */
export type { RateClass };

export interface ResponseSpec {
  description: string;
  /** The body's schema; absent for an empty body (204). */
  schema?: z.ZodType;
  /** A name under which the schema is published in `components.schemas` (and in the client's wire types). */
  name?: string;
}

export interface RouteInput<P, Q, B, C> {
  params: P;
  query: Q;
  body: B;
  /** Who called, as the declared caller kind identifies them (`Callers[kind]`). */
  caller: C;
  req: Request;
  res: Response;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

// `any` defaults let a table hold routes of every input and caller type: each declaration is checked on its own
// by `route()`, and the table only ever calls `handle` with what that route's own middleware produced.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the table's element type
export interface Route<P = any, Q = any, B = any, K extends CallerKind = CallerKind> {
  method: Method;
  /** Express form (`/admin/challenges/:date`); OpenAPI gets `{date}`. */
  path: string;
  summary: string;
  description?: string;
  /** Who may call; also types the handler's `caller` (see http/identity.ts). */
  caller: K;
  /** App Check applies to client routes; admin routes and the API's own description are exempt. */
  appCheck?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  bodyDescription?: string;
  /** A name under which the body's schema is also published in `components.schemas` (for the client's types). */
  bodyName?: string;
  responses: Record<number, ResponseSpec>;
  /** Whether the handler uses the datastore (default true): it can then answer 503 (outage or deadline). */
  datastore?: boolean;
  /**
   * Error statuses the handler itself answers beyond those its declaration implies (`errorStatusesOf`), e.g. 404
   * for an unknown code or 403 for a device limit. The body is always the contract's error shape.
   */
  errors?: readonly number[];
  rateLimit?: RateClass;
  handle(input: RouteInput<P, Q, B, Callers[K]>): Promise<Reply> | Reply;
}

/** Declares a route (types only: the declaration is the value). The caller kind is inferred from `caller`. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined, K extends CallerKind = CallerKind>(
  spec: Route<P, Q, B, K>,
): Route<P, Q, B, K> {
  return spec;
}

/** Caller kinds identified by a key header (checked before anything is read). */
export const KEY_CALLERS: readonly CallerKind[] = ["admin", "api-key-if-configured"];

/** Whether App Check guards the route (in `enforce` mode it answers 401). */
export const appCheckApplies = (r: Route): boolean => r.appCheck !== false && r.caller !== "admin";

/**
 * Every error status the route can answer, from what it declares — the same facts `mountRoutes` builds its
 * middleware chain from:
 *   every route      → 429 (the per-IP limit counts every request under /api/v1, and so does a class limit);
 *   POST/PUT         → 400, 413, 415 (the body parser runs for every such request, declared body or not);
 *   params/query/body → 400 (validation);
 *   a caller kind    → 401 (missing or wrong id or key; `sync-user` also 400 for a malformed id);
 *   App Check        → 401 (enforce mode);
 *   the datastore    → 503;
 *   a live caller kind → 410 (a retired id) and 503: checked by the route table, or by the handler's transaction
 *                      (`LIVENESS` in identity.ts);
 *   `errors`         → what the handler answers by itself.
 * A 500 (a bug) is possible everywhere and listed nowhere.
 */
export function errorStatusesOf(r: Route): number[] {
  const statuses = new Set<number>([429]);
  if (METHODS_WITH_BODY.has(r.method.toUpperCase())) BODY_ERROR_STATUSES.forEach((s) => statuses.add(s));
  if (r.params || r.query || r.body) statuses.add(400);
  if (r.caller !== "anyone") statuses.add(401);
  if (r.caller === "sync-user") statuses.add(400);
  if (appCheckApplies(r)) statuses.add(401);
  if (r.datastore !== false) statuses.add(503);
  if (LIVENESS[r.caller] !== "none") [410, 503].forEach((s) => statuses.add(s));
  for (const status of r.errors ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/** The contract's error body: `{ error: { code, message, details? } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** Why a reply does not match its route's declaration, or undefined when it does. Error replies included. */
export function mismatch(r: Route, status: number, body: unknown): string | undefined {
  const where = `${r.method.toUpperCase()} ${r.path} → ${status}`;
  if (status >= 400) {
    if (!errorStatusesOf(r).includes(status)) return `${where}: error status not derived from the declaration`;
    return problemsOf(where, errorBodySchema, body);
  }
  const declared = r.responses[status];
  if (!declared) return `${where}: status not declared`;
  if (!declared.schema) return body === undefined ? undefined : `${where}: a body where none is declared`;
  return problemsOf(where, declared.schema, body);
}

function problemsOf(where: string, schema: z.ZodType, body: unknown): string | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  return `${where}: ${result.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`;
}
