/**
 * The one error class and the one error handler: every error body the API sends is produced here, in the
 * contract's shape `{ error: { code, message, details? } }`, never with a stack trace.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from "express";

/** The contract's closed list of error codes (the OpenAPI document and the client's types come from it). */
export const ERROR_CODES = [
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "gone",
  "payload_too_large",
  "rate_limited",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  path: string;
  message: string;
}

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { status?: number; details?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  readonly details?: FieldProblem[];
  readonly retryAfterSeconds?: number;
}

export function invalid(message: string, details?: FieldProblem[]): AppError {
  return new AppError("invalid_request", message, { details });
}

export const notFoundRoute: RequestHandler = (_req, _res, next) => {
  next(new AppError("not_found", "No such route."));
};

/** Turns anything thrown into the contract's error body. Unknown errors become a bare 500. */
export function errorHandler(onUnexpected: (error: unknown, req: Request) => void): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = toAppError(error);
    if (appError.code === "internal") onUnexpected(error, req);
    if (appError.retryAfterSeconds !== undefined) {
      res.setHeader("Retry-After", String(appError.retryAfterSeconds));
    }
    const body: { code: ErrorCode; message: string; details?: FieldProblem[] } = {
      code: appError.code,
      message: appError.message,
    };
    if (appError.details?.length) body.details = appError.details;
    res.status(appError.status).json({ error: body });
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal", "Something went wrong on our side.");
}
