/**
 * The kit's one door to the network: fetch with a deadline, the permission read right before a request leaves,
 * and every failure as a value from one closed set (`Problem`). Nothing here throws for an expected outcome.
 */
import { consentFor, type Needs } from "./consent";
import type { ErrorBody } from "../generated/wire";
import type { Awaitable, ErrorCode, SkipReason, SyncPermission } from "./types";

/** Why a request did not give an answer. Closed: every caller switches over `kind`. */
export type Problem =
  /** The kit itself sent nothing: the user's settings forbid it, there is no id, or sync is paused by a wipe. */
  | { kind: "not-sent"; reason: SkipReason }
  /** No answer: network trouble or the deadline passed. Worth retrying. */
  | { kind: "unreachable"; message: string }
  /** The server answered with an error reply (the contract's shape). */
  | { kind: "refused"; status: number; code: ErrorCode; message: string; details?: ErrorBody["error"]["details"]; retryAfterSeconds?: number };

/** What every request, and every public method of a resource, answers: a value or a problem, never a throw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const NOT_SENT: Record<SkipReason, string> = {
  privacy: "Nothing was sent: data privacy is set to local-only.",
  "sync-off": "Nothing was sent: sync is turned off.",
  "not-set-up": "Sync has not been turned on on this install.",
  "local-data-cleared": "Nothing was sent: sync is paused since this device's data was cleared.",
};

/** A sentence for the user. */
export function describeProblem(problem: Problem): string {
  switch (problem.kind) {
    case "not-sent":
      return NOT_SENT[problem.reason];
    case "unreachable":
      return problem.message;
    case "refused":
      return problem.message;
  }
}

/** Network trouble, 408, 429 and 5xx are worth retrying later; any other answer is final for that request. */
export function isRetryable(problem: Problem): boolean {
  if (problem.kind === "unreachable") return true;
  return problem.kind === "refused" && (problem.status === 408 || problem.status === 429 || problem.status >= 500);
}

/** Whether the server refused with this contract code (e.g. `not_found` for an unknown code). */
export function refusedAs(problem: Problem, code: ErrorCode): boolean {
  return problem.kind === "refused" && problem.code === code;
}

/** The API base from the endpoint setting: `https://host` and `https://host/api/v1` both work. */
export function apiBase(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, "");
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

/** The delay before retry number `attempt` (0-based): full jitter under an exponential ceiling, never before Retry-After. */
export function retryDelay(attempt: number, problem: Problem, random: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  const retryAfter = problem.kind === "refused" ? (problem.retryAfterSeconds ?? 0) * 1000 : 0;
  return Math.max(Math.round(random * ceiling), retryAfter);
}

export interface HttpOptions {
  endpoint: () => string;
  permission: () => Awaitable<SyncPermission>;
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface Request {
  method: "GET" | "POST" | "DELETE";
  path: string;
  needs: Needs;
  body?: unknown;
  userId?: string;
}

/** Reads the permission; `true` when a request of this kind may leave now. */
export async function permits(permission: HttpOptions["permission"], needs: Needs): Promise<ReturnType<typeof consentFor>> {
  return consentFor(await permission(), needs);
}

/** One request. The permission is read right before it leaves, whatever scheduled it. */
export async function send<T>(options: HttpOptions, request: Request): Promise<Outcome<T>> {
  const allowed = await permits(options.permission, request.needs);
  if (allowed !== true) return { ok: false, problem: { kind: "not-sent", reason: allowed } };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(`${apiBase(options.endpoint())}${request.path}`, {
      method: request.method,
      headers: {
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...(request.userId ? { authorization: `Bearer ${request.userId}` } : {}),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    });
  } catch (error) {
    const message = `The sync server could not be reached: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problem: { kind: "unreachable", message } };
  } finally {
    clearTimeout(timer);
  }
  return read<T>(response);
}

async function read<T>(response: Response): Promise<Outcome<T>> {
  if (response.status === 204) return { ok: true, value: undefined as T };
  const payload = (await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
  if (response.ok) return { ok: true, value: payload as T };
  const error = payload?.error;
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    ok: false,
    problem: {
      kind: "refused",
      status: response.status,
      code: error?.code ?? (response.status >= 500 ? "unavailable" : "invalid_request"),
      message: error?.message ?? `HTTP ${response.status}`,
      ...(error?.details ? { details: error.details } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    },
  };
}
