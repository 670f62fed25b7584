/**
 * Reads and checks a JSON request body before any route sees it.
 *
 * Why not `express.json()`: inside Cloud Functions the Functions Framework has already consumed and parsed the
 * stream (with a 32 MB limit), leaving `req.rawBody`. So this middleware works from the raw bytes in both worlds
 * and applies the contract's own rules: 64 KiB at most (413), `application/json` only (415), bounded nesting,
 * and no prototype-shaped keys anywhere (400). The parsed value replaces `req.body`.
 */
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { AppError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 12;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** The methods whose body this middleware reads, whether or not their route declares one. */
export const METHODS_WITH_BODY: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"]);
/** What this middleware itself can answer: 400 (not JSON, too deep, forbidden key), 413 (too large), 415. */
export const BODY_ERROR_STATUSES: readonly number[] = [400, 413, 415];

type RequestWithRawBody = IncomingMessage & { rawBody?: Buffer; body?: unknown };

export function jsonBody(): RequestHandler {
  return async (req, _res, next) => {
    if (!METHODS_WITH_BODY.has(req.method)) return next();
    const raw = await readRawBody(req as RequestWithRawBody);
    if (raw.length === 0) {
      req.body = undefined;
      return next();
    }
    if (!isJsonContentType(req.headers["content-type"])) {
      throw new AppError("invalid_request", "Send the body as application/json.", { status: 415 });
    }
    req.body = parseJson(raw.toString("utf8"));
    next();
  };
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.toLowerCase().split(";").map((part) => part.trim());
  if (type !== "application/json") return false;
  const charset = params.find((param) => param.startsWith("charset="));
  return !charset || charset === "charset=utf-8";
}

async function readRawBody(req: RequestWithRawBody): Promise<Buffer> {
  if (Buffer.isBuffer(req.rawBody)) {
    if (req.rawBody.length > MAX_BODY_BYTES) throw tooLarge();
    return req.rawBody;
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Keep draining but stop collecting: the client gets a 413, and the socket stays usable.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw tooLarge();
  return Buffer.concat(chunks);
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The body is not valid JSON.");
  }
  checkShape(value);
  return value;
}

/** Iterative walk (no recursion, so hostile nesting cannot blow the stack) for depth and forbidden keys. */
function checkShape(root: unknown): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: "" }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new AppError("invalid_request", `The body nests deeper than ${MAX_JSON_DEPTH} levels.`, {
        details: [{ path: path || "(root)", message: "nested too deeply" }],
      });
    }
    for (const key of Object.keys(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new AppError("invalid_request", `The key "${key}" is not allowed.`, {
          details: [{ path: childPath, message: "forbidden key" }],
        });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: childPath });
    }
  }
}
