/**
 * The route table. Each route of the API is one declaration (http/route.ts) — method, path, the schemas of what
 * it reads (path parameters, query, body), the schema of each response it gives, who may call it, its rate-limit
 * class, whether it uses the datastore — plus one handler. From the declarations this module builds the Express
 * routes (per-IP limit, body parser, App Check, caller, validation, rate limit, reply), route-openapi.ts the
 * OpenAPI paths, and, in tests, every reply — error replies too — is checked against its declaration.
 *
 * A handler reads like the contract: it gets validated input and the caller (typed by the declared caller kind:
 * its userKey computed once here, and for a live kind the "retired id gets 410" check done here), returns
 * `{ status, body }`, and sets headers of its own (cache policy, Vary) on `res`.
 */
import type { Request, RequestHandler, Response, Router } from "express";
import type { z } from "zod";
import { invalid, type FieldProblem } from "../errors";
import { identify, LIVENESS, type Caller, type CallerKeys, type StoredUserDocument } from "./identity";
import { METHODS_WITH_BODY } from "./json-body";
import { countsPerIp } from "../rate-classes";
import { KEY_CALLERS, appCheckApplies, mismatch, type RateClass, type Route } from "./route";
import { fieldProblems } from "./validate";

export * from "./route";
export { openApiFromRoutes } from "./route-openapi";

export interface MountOptions {
  keys: CallerKeys;
  /** The per-IP limit every request under the API counts against (429). */
  perIp: RequestHandler;
  /** The body parser of POST/PUT requests (400, 413, 415). */
  jsonBody: RequestHandler;
  appCheck: RequestHandler;
  /** A middleware per rate-limit class; it reads the caller from `callerOf(res)`. */
  limits: Record<RateClass, RequestHandler>;
  /** The users' side of identification, from users/ (http/ sits below it). */
  users: UserDirectory;
  /** Tests: called with every reply, success or error, that does not match its route's declaration. */
  onResponseMismatch?: (problem: string) => void;
}

export interface UserDirectory {
  /** The key of everything stored about a user (users/user-keys.ts `userKeyOf`), computed once per request. */
  keyOf(userId: string): string;
  /** The user's stored document, undefined if they never synced; throws 410 `gone` for a retired id (and 503). */
  readLive(userKey: string): Promise<StoredUserDocument | undefined>;
}

const CALLER = Symbol("caller");

/** The caller a route identified, for middlewares that run after identification (per-user rate limits). */
export function callerOf(res: Response): Caller | undefined {
  return (res.locals as Record<symbol, Caller | undefined>)[CALLER];
}

/**
 * Mounts each route with its own middleware chain. Requests that match no route still count against the per-IP
 * limit (mount `options.perIp` after the table for them): a route's own chain answers or fails, so no request
 * counts twice.
 */
export function mountRoutes(router: Router, routes: readonly Route[], options: MountOptions): void {
  for (const r of routes) router[r.method](r.path, ...chainOf(r, options));
}

/** The middleware chain of one route, in the order `errorStatusesOf` (route.ts) assumes. */
function chainOf(r: Route, options: MountOptions): RequestHandler[] {
  const chain: RequestHandler[] = [];
  const check = options.onResponseMismatch;
  if (check) chain.push(checkErrorReplies(r, check));
  chain.push(options.perIp);
  if (METHODS_WITH_BODY.has(r.method.toUpperCase())) chain.push(options.jsonBody);
  if (appCheckApplies(r)) chain.push(options.appCheck);
  const setCaller = (req: Request, res: Response, body?: unknown) => {
    const { userId } = identify(r.caller, req, body, options.keys);
    (res.locals as Record<symbol, Caller>)[CALLER] = userId === undefined ? {} : { userId, userKey: options.users.keyOf(userId) };
  };
  // Per-IP limits count every attempt, wrong keys included; keys are checked before anything is read; a user
  // is identified from the validated request, and per-user limits count after that.
  if (r.rateLimit && countsPerIp(r.rateLimit)) chain.push(options.limits[r.rateLimit]);
  const byKey = KEY_CALLERS.includes(r.caller);
  if (byKey) chain.push((req, res, next) => (setCaller(req, res), next()));
  chain.push((req, res, next) => {
    res.locals.input = validated(r, req);
    if (!byKey) setCaller(req, res, (res.locals.input as { body: unknown }).body);
    next();
  });
  if (r.rateLimit && !countsPerIp(r.rateLimit)) chain.push(options.limits[r.rateLimit]);
  if (LIVENESS[r.caller] === "route-table") chain.push(liveUserCheck(options.users));
  chain.push(async (req, res) => {
    const reply = await r.handle({ ...(res.locals.input as object), caller: callerOf(res), req, res } as Parameters<Route["handle"]>[0]);
    const status = reply.status ?? 200;
    const problem = check && mismatch(r, status, reply.body);
    if (check && problem) check(problem);
    if (reply.body === undefined) res.status(status).end();
    else res.status(status).json(reply.body);
  });
  return chain;
}

/**
 * "A retired id gets 410", for every route whose caller kind says the route table checks it: one read of the
 * user's document, after the per-user limit (a flood is refused before it reads), handed to the handler.
 */
function liveUserCheck(users: UserDirectory): RequestHandler {
  return async (_req, res, next) => {
    const caller = callerOf(res);
    if (caller?.userKey !== undefined) {
      (res.locals as Record<symbol, Caller>)[CALLER] = { ...caller, stored: await users.readLive(caller.userKey) };
    }
    next();
  };
}

/** The path, query and body through their schemas; every invalid field of the three is listed in one 400. */
function validated(r: Route, req: Request): { params: unknown; query: unknown; body: unknown } {
  const problems: FieldProblem[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, empty: unknown) => {
    if (!schema) return empty;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    problems.push(...fieldProblems(result.error));
    return empty;
  };
  const input = { params: parse(r.params, req.params, {}), query: parse(r.query, req.query, {}), body: parse(r.body, req.body, undefined) };
  if (problems.length > 0) throw invalid("The request is not valid.", problems);
  return input;
}

/**
 * Tests: an error reply of this route — whichever middleware or handler failed, answered by the one error handler
 * — must be in the contract's error shape and have a status the declaration implies. Checked as it is sent, so a
 * mismatch fails the request itself (the error handler's reply becomes Express's bare 500).
 */
function checkErrorReplies(r: Route, check: (problem: string) => void): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode >= 400) {
        const problem = mismatch(r, res.statusCode, body);
        if (problem) check(problem);
      }
      return json(body);
    };
    next();
  };
}
