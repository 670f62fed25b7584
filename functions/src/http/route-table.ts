/**
 * The route table. Each route of the API is one declaration — method, path, the schemas of what it reads (path
 * parameters, query, body), the schema of each response it gives, who may call it, its rate-limit class — plus one
 * handler. From the declarations this module builds the Express routes (App Check, caller, validation, rate limit,
 * reply), the OpenAPI paths, and, in tests, a check of every reply against its declared schema.
 *
 * A handler reads like the contract: it gets validated input and the caller, returns `{ status, body }`, and sets
 * headers of its own (cache policy, Vary) on `res`.
 */
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { ERROR_CODES, invalid, type FieldProblem } from "../errors";
import { identify, type Caller, type CallerKind, type CallerKeys } from "./identity";
import { fieldProblems } from "./validate";

export type Method = "get" | "post" | "put" | "delete";

/** Rate-limit classes beyond the per-IP limit every request counts against. */
export type RateClass = "syncs-per-user" | "account-per-user" | "claims-per-ip" | "admin-per-ip";

export interface ResponseSpec {
  description: string;
  /** The body's schema; absent for an empty body (204). */
  schema?: z.ZodType;
  /** A name under which the schema is published in `components.schemas` (and in the client's wire types). */
  name?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  req: Request;
  res: Response;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

export interface Route<P = any, Q = any, B = any> {
  method: Method;
  /** Express form (`/admin/challenges/:date`); OpenAPI gets `{date}`. */
  path: string;
  summary: string;
  description?: string;
  caller: CallerKind;
  /** App Check applies to client routes; admin routes and the API's own description are exempt. */
  appCheck?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  bodyDescription?: string;
  /** A name under which the body's schema is also published in `components.schemas` (for the client's types). */
  bodyName?: string;
  responses: Record<number, ResponseSpec>;
  /** Error statuses this route can answer (the body is always the contract's error shape). */
  errors: readonly number[];
  rateLimit?: RateClass;
  handle(input: RouteInput<P, Q, B>): Promise<Reply> | Reply;
}

/** Declares a route (types only: the declaration is the value). */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: Route<P, Q, B>): Route<P, Q, B> {
  return spec;
}

export interface MountOptions {
  keys: CallerKeys;
  appCheck: RequestHandler;
  /** A middleware per rate-limit class; it reads the caller from `callerOf(res)`. */
  limits: Record<RateClass, RequestHandler>;
  /** Tests: called with every reply that does not match its route's declaration. */
  onResponseMismatch?: (problem: string) => void;
}

const CALLER = Symbol("caller");

/** The caller a route identified, for middlewares that run after identification (per-user rate limits). */
export function callerOf(res: Response): Caller | undefined {
  return (res.locals as Record<symbol, Caller | undefined>)[CALLER];
}

const KEY_CALLERS: CallerKind[] = ["admin", "api-key-if-configured"];
const PER_IP: RateClass[] = ["claims-per-ip", "admin-per-ip"];

export function mountRoutes(router: Router, routes: readonly Route[], options: MountOptions): void {
  for (const r of routes) {
    const chain: RequestHandler[] = [];
    if (r.appCheck !== false && r.caller !== "admin") chain.push(options.appCheck);
    const setCaller = (req: Request, res: Response, body?: unknown) => {
      (res.locals as Record<symbol, Caller>)[CALLER] = identify(r.caller, req, body, options.keys);
    };
    // Per-IP limits count every attempt, wrong keys included; keys are checked before anything is read; a user
    // is identified from the validated request, and per-user limits count after that.
    if (r.rateLimit && PER_IP.includes(r.rateLimit)) chain.push(options.limits[r.rateLimit]);
    if (KEY_CALLERS.includes(r.caller)) chain.push((req, res, next) => (setCaller(req, res), next()));
    chain.push((req, res, next) => {
      // Every invalid field of the path, the query and the body is listed in one 400.
      const problems: FieldProblem[] = [];
      const parse = (schema: z.ZodType | undefined, value: unknown, empty: unknown) => {
        if (!schema) return empty;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        problems.push(...fieldProblems(result.error));
        return empty;
      };
      res.locals.input = { params: parse(r.params, req.params, {}), query: parse(r.query, req.query, {}), body: parse(r.body, req.body, undefined) };
      if (problems.length > 0) throw invalid("The request is not valid.", problems);
      if (!KEY_CALLERS.includes(r.caller)) setCaller(req, res, res.locals.input.body);
      next();
    });
    if (r.rateLimit && !PER_IP.includes(r.rateLimit)) chain.push(options.limits[r.rateLimit]);
    chain.push(async (req, res) => {
      const reply = await r.handle({ ...res.locals.input, caller: callerOf(res)!, req, res });
      const status = reply.status ?? 200;
      if (options.onResponseMismatch) {
        const problem = mismatch(r, status, reply.body);
        if (problem) options.onResponseMismatch(problem);
      }
      if (reply.body === undefined) res.status(status).end();
      else res.status(status).json(reply.body);
    });
    router[r.method](r.path, ...chain);
  }
}

/** Why a reply does not match its route's declaration, or undefined when it does. */
export function mismatch(r: Route, status: number, body: unknown): string | undefined {
  const declared = r.responses[status];
  const where = `${r.method.toUpperCase()} ${r.path} → ${status}`;
  if (!declared) return `${where}: status not declared`;
  if (!declared.schema) return body === undefined ? undefined : `${where}: a body where none is declared`;
  const result = declared.schema.safeParse(body);
  if (result.success) return undefined;
  return `${where}: ${result.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`;
}

// ---- OpenAPI ------------------------------------------------------------------------------------------------

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;

const SECURITY: Record<CallerKind, Array<Record<string, string[]>>> = {
  anyone: [],
  user: [{ userId: [] }],
  "user-if-sent": [{}, { userId: [] }],
  "sync-user": [{ userId: [] }, {}],
  admin: [{ adminKey: [] }],
  "api-key-if-configured": [{}, { challengesKey: [] }],
};

function parameters(s: z.ZodType | undefined, where: "path" | "query") {
  if (!s) return [];
  const doc = jsonSchema(s) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === "path" || (doc.required ?? []).includes(name),
    schema,
  }));
}

/** The `paths` and named `components.schemas` of the OpenAPI document, from the table alone. */
export function openApiFromRoutes(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { Error: jsonSchema(errorBodySchema) };
  const errorStatuses = new Set<number>();
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      if (!spec.schema) {
        responses[status] = { description: spec.description };
        continue;
      }
      if (spec.name) schemas[spec.name] = jsonSchema(spec.schema);
      const schema = spec.name ? { $ref: `#/components/schemas/${spec.name}` } : jsonSchema(spec.schema);
      responses[status] = { description: spec.description, content: { "application/json": { schema } } };
    }
    for (const status of r.errors) {
      errorStatuses.add(status);
      responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
    }
    if (r.body && r.bodyName) schemas[r.bodyName] = jsonSchema(r.body);
    const params = [...parameters(r.params, "path"), ...parameters(r.query, "query")];
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      ...(SECURITY[r.caller].length ? { security: SECURITY[r.caller] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? { requestBody: { required: true, description: r.bodyDescription, content: { "application/json": { schema: jsonSchema(r.body) } } } }
        : {}),
      responses,
    };
  }
  const errorResponses = Object.fromEntries(
    [...errorStatuses].sort().map((status) => [
      `Error${status}`,
      { description: `Error (${status})`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );
  return { paths, schemas, responses: errorResponses };
}
