/**
 * Reads and checks a JSON request body before any route sees it.
 *
 * Why not `express.json()`: inside Cloud Functions the Functions Framework has already consumed and parsed the
 * stream (with a 32 MB limit), leaving `req.rawBody`. So this middleware works from the raw bytes in both worlds
 * and applies the contract's own rules: 64 KiB at most (413), `application/json` only (415), bounded nesting,
 * and no prototype-shaped keys anywhere (400). The parsed value replaces `req.body`.
 *
 * Where our code reads the stream itself (the container entry point, the tests), the limit holds while the body
 * arrives, chunked or not: reading stops at the first byte past 64 KiB, the 413 goes out with `Connection: close`,
 * and the connection is closed after it instead of being drained to the end of the upload.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
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
  return async (req, res, next) => {
    if (!METHODS_WITH_BODY.has(req.method)) return next();
    const raw = await readRawBody(req as RequestWithRawBody, res);
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

async function readRawBody(req: RequestWithRawBody, res: ServerResponse): Promise<Buffer> {
  if (Buffer.isBuffer(req.rawBody)) {
    // Cloud Functions: the platform has read (and parsed) the whole body before our code runs.
    if (req.rawBody.length > MAX_BODY_BYTES) throw tooLarge();
    return req.rawBody;
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw refuseRest(req, res);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      done();
      reject(refuseRest(req, res));
    };
    const onEnd = () => (done(), resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => (done(), reject(error));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * After a 413, what we still accept (and discard) so the client can read the answer before the socket closes.
 * It must exceed what the two kernels buffer while the stream is paused (the client's send buffer alone grows to
 * 4 MiB on Linux): all of that is read at once when the linger starts, and with a 1 MiB cap the reset went out
 * before a busy client had read the answer (12 of 30 uploads in a row lost their 413 on a loaded machine).
 */
export const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Stops reading an oversized body: the stream is paused (the socket stops being read once its small buffer is
 * full) and the 413 says `Connection: close`. Node then closes such a socket the moment the answer is written; but
 * closing a socket that still holds unread upload makes the kernel send a reset, which can destroy the answer in
 * the client's buffers before it is read (and Node's own client then reports only EPIPE). So the close lingers:
 * our side is shut (FIN) after the answer, what still arrives is discarded, and the socket is destroyed when the
 * client stops or after `LINGER_BYTES` more — never draining the upload to its end.
 */
function refuseRest(req: IncomingMessage, res: ServerResponse): AppError {
  req.pause();
  res.setHeader("Connection", "close");
  const socket = req.socket as IncomingMessage["socket"] & { destroySoon?: () => void };
  socket.destroySoon = () => {
    let discarded = 0;
    const close = () => socket.destroy();
    socket.end();
    socket.once("end", close);
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) close();
    });
    req.on("end", close);
    req.resume();
  };
  return tooLarge();
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
