/**
 * Guessing circle codes (docs/security.md, "Guessing a circle code"): every join with a well-formed code is counted
 * against the client's address before the code is looked at — strictly, as pairing claims are (per client, and
 * per the nearest proxy: `strictPerIp`) — and taken back when the code opened a circle. So only misses count: a
 * team joining from one office address is never limited, and a guesser gets RATE_LIMIT_CIRCLE_CODE_MISSES_PER_IP_
 * PER_HOUR wrong codes an hour. Counted before the lookup, so concurrent guesses cannot slip past the limit.
 */
import type { Request } from "express";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { RateLimiter, classRules } from "../http/rate-limit";

export function codeGuessing(ctx: AppContext) {
  const limiter = new RateLimiter({ clock: () => ctx.now().getTime() });
  const policy = { trustedHops: ctx.config.trustedProxyHops, ipv6PrefixBits: ctx.config.ipv6PrefixBits };
  const noUser = () => undefined; // the class counts per address only
  const rules = classRules("circle-code-misses-per-ip", ctx.config.rateLimits, policy, noUser);
  return {
    /** Counts one attempt (429 when the client has no misses left); `hit()` then takes it back. */
    attempt(req: Request): { hit: () => void } {
      const res = req.res;
      if (!res) throw new Error("an Express request carries its response");
      const counted: Array<{ rule: (typeof rules)[number]; identity: string }> = [];
      for (const rule of rules) {
        const identity = rule.key(req, res);
        if (identity === undefined) continue;
        const result = limiter.hit(rule, identity);
        counted.push({ rule, identity });
        if (!result.allowed) {
          throw new AppError("rate_limited", `Too many joins with a wrong code (${rule.name}); try again in ${result.resetSeconds} s.`, {
            retryAfterSeconds: result.resetSeconds,
          });
        }
      }
      return { hit: () => counted.forEach(({ rule, identity }) => limiter.refund(rule, identity)) };
    },
  };
}
