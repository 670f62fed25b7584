/**
 * Fixed-window rate limits, in this instance's memory. Keys are salted hashes (a random salt per process), so not
 * even the heap holds a client's IP or userId; nothing about them is logged or stored in Firestore.
 *
 * Across instances each one counts on its own, so the effective limit is the configured one times the number of
 * instances serving a client: `maxInstances` bounds that factor (see docs/security.md, "Rate limits").
 *
 * Memory and work stay bounded under a flood of new keys (docs/security.md, "A flood of new addresses"): each rule
 * keeps its windows in creation order, which is expiry order since all windows of a rule have the same length. A
 * hit drops expired windows from the front (each window is dropped once: amortised O(1)), and a rule holding
 * `maxKeysPerRule` live windows evicts its oldest one — the window with the least time left — rather than refusing
 * newcomers or sweeping the whole map.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../errors";
import { RATE_CLASS_IDS, RATE_CLASSES, WINDOW_MS, type RateClassId, type RateLimits } from "../rate-classes";
import { clientKey, type AddressPolicy } from "./client-address";

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

/** ≈ 210 bytes a window (measured with a forced gc): 30,000 keys are about 6.4 MB per rule, and all seven rules flooded at once about 45 MB, inside a 256 MiB instance. */
export const DEFAULT_MAX_KEYS_PER_RULE = 30_000;

export interface RateLimiterOptions {
  clock?: () => number;
  maxKeysPerRule?: number;
  /** Tests: called once for every stored window a hit reads, creates or deletes (the work a hit does). */
  onTouch?: () => void;
}

/**
 * One rule's windows: a map for lookups and a queue in creation order (= expiry order, all windows of a rule being
 * equally long). The queue is a plain array with a moving head, not the map's own order: V8 leaves deleted map
 * entries in place until it rehashes, so walking the map from its start each hit would step over every window
 * deleted since, which is linear again.
 */
class RuleWindows {
  readonly byId = new Map<string, Window>();
  private queue: Array<{ id: string; window: Window }> = [];
  private head = 0;

  constructor(private readonly touch: () => void) {}

  push(id: string, window: Window): void {
    this.byId.set(id, window);
    this.queue.push({ id, window });
    this.touch();
  }

  /** Drops the windows that ended by `now`, oldest first; stops at the first live one. */
  dropExpired(now: number): void {
    while (this.head < this.queue.length) {
      const front = this.queue[this.head];
      this.touch();
      if (front.window.resetAt > now) break;
      this.removeFront(front);
    }
    this.compact();
  }

  /** Evicts the oldest live window: the one with the least time left. */
  evictOldest(): void {
    while (this.head < this.queue.length) {
      const front = this.queue[this.head];
      this.touch();
      const live = this.byId.get(front.id) === front.window;
      this.removeFront(front);
      if (live) break;
    }
    this.compact();
  }

  private removeFront(front: { id: string; window: Window }): void {
    if (this.byId.get(front.id) === front.window) this.byId.delete(front.id);
    this.head += 1;
  }

  private compact(): void {
    // Copy the live part once the dead part is larger: each entry is copied O(1) times on average.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

export class RateLimiter {
  private readonly rules = new Map<string, RuleWindows>();
  private readonly salt = randomBytes(16);
  private readonly clock: () => number;
  private readonly maxKeys: number;
  private readonly touch: () => void;

  constructor(options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeysPerRule ?? DEFAULT_MAX_KEYS_PER_RULE;
    this.touch = options.onTouch ?? (() => undefined);
  }

  /** Counts one hit for `rule`/`identity`; says whether it is allowed and what is left. */
  hit(rule: RateRule, identity: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const now = this.clock();
    const windows = this.windowsOf(rule);
    windows.dropExpired(now);
    // 16 bytes of a salted SHA-256 identify a key without holding the IP or userId, at a third of the memory.
    const id = createHash("sha256").update(this.salt).update(`${rule.name}\u0000${identity}`).digest().subarray(0, 16).toString("base64");
    let window = windows.byId.get(id);
    this.touch();
    if (!window || window.resetAt <= now) {
      // A window still here after its end (a clock set back) is replaced; its queue entry is skipped later.
      if (!window && windows.byId.size >= this.maxKeys) windows.evictOldest();
      window = { count: 0, resetAt: now + rule.windowMs };
      windows.push(id, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= rule.limit,
      remaining: Math.max(0, rule.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }

  /** Windows held for a rule (tests and the benchmark read it; it is never more than `maxKeysPerRule`). */
  size(rule: RateRule): number {
    return this.rules.get(ruleId(rule))?.byId.size ?? 0;
  }

  private windowsOf(rule: RateRule): RuleWindows {
    const id = ruleId(rule);
    let windows = this.rules.get(id);
    if (!windows) this.rules.set(id, (windows = new RuleWindows(this.touch)));
    return windows;
  }
}

const ruleId = (rule: RateRule) => `${rule.name}\u0000${rule.windowMs}`;

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

/**
 * The key of per-IP rules: the client address our own proxies appended (never one the client wrote), an IPv6
 * client by its /64 (see client-address.ts). Express's `trust proxy` is not used: it keys by the full address.
 */
export const byClientIp =
  (policy: AddressPolicy): RateRule["key"] =>
  (req) =>
    clientKey(req.socket.remoteAddress, req.headers["x-forwarded-for"], policy);

/**
 * A strict per-IP rule (pairing claims, admin keys: where guessing is the threat), counted twice when two or more
 * proxy hops are trusted: per client, and — with `NEAREST_PROXY_SHARE` times the limit — per the address our
 * nearest proxy saw. Behind Hosting that address is the CDN node the request came through, shared by its clients
 * (hence the larger share: one attacker cannot use up a node's budget for its neighbours); a caller who skips
 * Hosting for the function's own URL can write the "client" entry, but not this one, which is then their real
 * address. See docs/security.md, "The client address".
 */
export const NEAREST_PROXY_SHARE = 10;

export function strictPerIp(rule: Omit<RateRule, "key">, policy: AddressPolicy): RateRule[] {
  const perClient: RateRule = { ...rule, key: byClientIp(policy) };
  if (policy.trustedHops < 2) return [perClient];
  const perNearestProxy: RateRule = {
    ...rule,
    name: `${rule.name} (nearest proxy)`,
    limit: rule.limit * NEAREST_PROXY_SHARE,
    key: byClientIp({ ...policy, trustedHops: 1 }),
  };
  return [perClient, perNearestProxy];
}

/**
 * One middleware per rate-limit class of the class table (rate-classes.ts), on the app's one limiter: a class
 * counted per IP keys by the client address (a strict one also per nearest proxy), a per-user one by `byUser`.
 */
export function classLimits(
  limiter: RateLimiter,
  limits: RateLimits,
  policy: AddressPolicy,
  byUser: RateRule["key"],
): Record<RateClassId, RequestHandler> {
  const middlewareOf = (id: RateClassId): RequestHandler => {
    const spec = RATE_CLASSES[id];
    const rule = { name: spec.name, limit: limits[id], windowMs: WINDOW_MS[spec.window] };
    if (spec.per === "strict-ip") return rateLimit(limiter, ...strictPerIp(rule, policy));
    return rateLimit(limiter, { ...rule, key: spec.per === "user" ? byUser : byClientIp(policy) });
  };
  return Object.fromEntries(RATE_CLASS_IDS.map((id) => [id, middlewareOf(id)])) as Record<RateClassId, RequestHandler>;
}
