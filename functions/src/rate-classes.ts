/**
 * The rate-limit classes: the one table of them. Each class is one entry — what it counts, per whom, over which
 * window, its param and default — and everything else is derived from it: the `RateClass` a route may declare,
 * the params (config.ts), the middlewares (http/rate-limit.ts `classLimits`), which classes count before the caller
 * is identified (per IP) and which after (per user), and the generous limits of `testConfig()`. `.env.local` and
 * docs/security.md are checked against it (test/repo/rate-classes-drift.test.ts).
 *
 * Adding a class: one entry here, then `rateLimit: "<class>"` on its routes (docs/architecture.md, "Recipes").
 */

/** Whom a class counts: the client IP (strictly: also per nearest proxy, see http/rate-limit.ts), or the user. */
export type RateScope = "every-ip" | "strict-ip" | "user";

export interface RateClassSpec {
  /** Names the counter in a 429's message. */
  name: string;
  per: RateScope;
  window: "minute" | "hour";
  /** The param that sets the limit (config.ts reads it; `.env.local` and docs/security.md list it). */
  param: string;
  default: number;
  /** The param's description; also what docs/security.md's row says is limited. */
  description: string;
  /** Set when no route declares the class: the code that counts it itself (a route cannot declare it). */
  countedBy?: string;
}

export const RATE_CLASSES = {
  // Applied to every request under the API (unknown routes too), not declared by routes.
  "requests-per-ip": {
    name: "requests per IP",
    per: "every-ip",
    window: "minute",
    param: "RATE_LIMIT_PER_IP_PER_MINUTE",
    default: 120,
    description: "Requests per minute from one client IP, on every route.",
  },
  "syncs-per-user": {
    name: "syncs per user",
    per: "user",
    window: "minute",
    param: "RATE_LIMIT_SYNC_PER_USER_PER_MINUTE",
    default: 12,
    description: "Syncs per minute for one user, from all their devices together.",
  },
  "account-per-user": {
    name: "account requests per user",
    per: "user",
    window: "minute",
    param: "RATE_LIMIT_ACCOUNT_PER_USER_PER_MINUTE",
    default: 10,
    description: "Export, delete, pairing-code and circle requests per minute for one user.",
  },
  "claims-per-ip": {
    name: "pairing claims per IP",
    per: "strict-ip",
    window: "hour",
    param: "RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR",
    default: 10,
    description: "Pairing-code claims per hour from one client IP (guessing a code must be hopeless).",
  },
  "admin-per-ip": {
    name: "admin requests per IP",
    per: "strict-ip",
    window: "minute",
    param: "RATE_LIMIT_ADMIN_PER_IP_PER_MINUTE",
    default: 30,
    description: "Admin requests per minute from one client IP.",
  },
  // Counted by the join route itself, before the code is looked at, and taken back when the code opened a circle
  // (circles/circles.guessing.ts): only misses count, so it is never a route's `rateLimit`.
  "circle-code-misses-per-ip": {
    countedBy: "circles/circles.guessing.ts",
    name: "circle code misses per IP",
    per: "strict-ip",
    window: "hour",
    param: "RATE_LIMIT_CIRCLE_CODE_MISSES_PER_IP_PER_HOUR",
    default: 10,
    description:
      "Circle joins with a code that opens nothing, per hour from one client IP (guessing a code must be hopeless; joins that work cost nothing).",
  },
} as const satisfies Record<string, RateClassSpec>;

export type RateClassId = keyof typeof RATE_CLASSES;
/**
 * The classes a route may declare (`rateLimit`): not "every-ip" ("requests-per-ip" applies to every request by
 * itself), and none that its own code counts (`countedBy`).
 */
export type RateClass = {
  [K in RateClassId]: (typeof RATE_CLASSES)[K] extends { per: "every-ip" } | { countedBy: string } ? never : K;
}[RateClassId];
/** Every class's limit, by class. */
export type RateLimits = Record<RateClassId, number>;

export const RATE_CLASS_IDS = Object.keys(RATE_CLASSES) as RateClassId[];

export const WINDOW_MS: Record<RateClassSpec["window"], number> = { minute: 60_000, hour: 3_600_000 };

/** Classes counted per IP run before the caller is identified (wrong keys count too); per-user ones after. */
export const countsPerIp = (id: RateClassId): boolean => RATE_CLASSES[id].per !== "user";
