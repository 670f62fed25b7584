/**
 * Fixed-window rate limits, in this instance's memory. Keys are salted hashes (a random salt per process), so not
 * even the heap holds a client's IP or userId; nothing about them is logged or stored in Firestore.
 *
 * Across instances each one counts on its own, so the effective limit is the configured one times the number of
 * instances serving a client: `maxInstances` bounds that factor (see README, "Rate limits").
 */
import { createHash, randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../errors";

export interface RateRule {
  /** Names the counter (and says what is limited in the 429's message). */
  name: string;
  limit: number;
  windowMs: number;
  /** The caller's identity for this rule, or undefined when the rule does not apply to this request. */
  key: (req: Request, res: Response) => string | undefined;
}

interface Window {
  count: number;
  resetAt: number;
}

const SWEEP_ABOVE = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly salt = randomBytes(16);

  constructor(private readonly clock: () => number = Date.now) {}

  /** Counts one hit for `rule`/`identity`; says whether it is allowed and what is left. */
  hit(rule: RateRule, identity: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const now = this.clock();
    const id = createHash("sha256").update(this.salt).update(`${rule.name}\u0000${identity}`).digest("base64url");
    let window = this.windows.get(id);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > SWEEP_ABOVE) this.sweep(now);
      window = { count: 0, resetAt: now + rule.windowMs };
      this.windows.set(id, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= rule.limit,
      remaining: Math.max(0, rule.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.resetAt <= now) this.windows.delete(id);
  }
}

/**
 * Applies `rules` in order; the first exceeded one answers 429 with Retry-After. Every response carries the
 * `RateLimit-Limit / -Remaining / -Reset` trio of the rule closest to its limit.
 */
export function rateLimit(limiter: RateLimiter, ...rules: RateRule[]): RequestHandler {
  return (req, res, next) => {
    for (const rule of rules) {
      const identity = rule.key(req, res);
      if (identity === undefined) continue;
      const result = limiter.hit(rule, identity);
      setHeaders(res, rule.limit, result.remaining, result.resetSeconds);
      if (!result.allowed) {
        throw new AppError("rate_limited", `Too many requests (${rule.name}); try again in ${result.resetSeconds} s.`, {
          retryAfterSeconds: result.resetSeconds,
        });
      }
    }
    next();
  };
}

function setHeaders(res: Response, limit: number, remaining: number, reset: number): void {
  const current = Number(res.getHeader("RateLimit-Remaining") ?? Infinity);
  if (remaining > current) return;
  res.setHeader("RateLimit-Limit", String(limit));
  res.setHeader("RateLimit-Remaining", String(remaining));
  res.setHeader("RateLimit-Reset", String(reset));
}

/** The client's IP as Express derives it from the trusted part of X-Forwarded-For (`trust proxy` = hops). */
export const byClientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? "unknown";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
