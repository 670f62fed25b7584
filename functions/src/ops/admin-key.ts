import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { AppError } from "../errors";

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

/** Admin routes need `X-Admin-Key`; a missing or wrong one is 401 and nothing else is said. */
export function requireAdminKey(adminApiKey: string): RequestHandler {
  return (req, _res, next) => {
    if (!keyMatches(req.headers["x-admin-key"], adminApiKey)) {
      throw new AppError("unauthorized", "A valid X-Admin-Key is required.");
    }
    next();
  };
}
