/**
 * Every runtime setting of the service, declared once as a Firebase param.
 *
 * Params are read by `loadConfig()` when the API first handles a request (not at import), so a cold start
 * pays nothing for them and tests can build a `Config` by hand with `testConfig()`.
 * Locally the values come from `functions/.env.local` and `functions/.secret.local` (see README).
 */
import { defineInt, defineSecret, defineString } from "firebase-functions/params";

/** Every param's default, used by Firebase at deploy time and by loadConfig() wherever no value is set. */
const DEFAULTS = {
  CHALLENGES_API_KEY: "",
  RETENTION_DAYS: 365,
  FIRESTORE_TIMEOUT_MS: 5000,
  MAX_DEVICES_PER_USER: 20,
  CORS_ALLOW_LIST: "",
  TRUSTED_PROXY_HOPS: 1,
  RATE_LIMIT_PER_IP_PER_MINUTE: 120,
  RATE_LIMIT_SYNC_PER_USER_PER_MINUTE: 12,
  RATE_LIMIT_ACCOUNT_PER_USER_PER_MINUTE: 10,
  RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR: 10,
  RATE_LIMIT_ADMIN_PER_IP_PER_MINUTE: 30,
  APP_CHECK_MODE: "off",
};

export const adminApiKey = defineSecret("ADMIN_API_KEY");
export const userIdPepper = defineSecret("USER_ID_PEPPER");

export const challengesApiKey = defineString("CHALLENGES_API_KEY", {
  default: DEFAULTS.CHALLENGES_API_KEY,
  description: "When non-empty, GET /challenges/daily requires this value in X-API-Key.",
});
export const retentionDays = defineInt("RETENTION_DAYS", {
  default: DEFAULTS.RETENTION_DAYS,
  description: "A user with no sync for this many days is deleted.",
});
export const firestoreTimeoutMs = defineInt("FIRESTORE_TIMEOUT_MS", {
  default: DEFAULTS.FIRESTORE_TIMEOUT_MS,
  description: "A request that waits longer than this for Firestore gets 503 unavailable.",
});
export const maxDevicesPerUser = defineInt("MAX_DEVICES_PER_USER", {
  default: DEFAULTS.MAX_DEVICES_PER_USER,
  description: "How many devices one user may sync from (each keeps its own counters).",
});
export const corsAllowList = defineString("CORS_ALLOW_LIST", {
  default: DEFAULTS.CORS_ALLOW_LIST,
  description: "Comma-separated origins that get CORS headers, besides vscode-webview://*.",
});
export const trustedProxyHops = defineInt("TRUSTED_PROXY_HOPS", {
  default: DEFAULTS.TRUSTED_PROXY_HOPS,
  description:
    "How many X-Forwarded-For entries, from the right, our own infrastructure appends; the client IP is the leftmost of them.",
});
export const rateLimitPerIpPerMinute = defineInt("RATE_LIMIT_PER_IP_PER_MINUTE", {
  default: DEFAULTS.RATE_LIMIT_PER_IP_PER_MINUTE,
  description: "Requests per minute from one client IP, on every route.",
});
export const rateLimitSyncPerUserPerMinute = defineInt("RATE_LIMIT_SYNC_PER_USER_PER_MINUTE", {
  default: DEFAULTS.RATE_LIMIT_SYNC_PER_USER_PER_MINUTE,
  description: "Syncs per minute for one user, from all their devices together.",
});
export const rateLimitAccountPerUserPerMinute = defineInt("RATE_LIMIT_ACCOUNT_PER_USER_PER_MINUTE", {
  default: DEFAULTS.RATE_LIMIT_ACCOUNT_PER_USER_PER_MINUTE,
  description: "Export, delete and pairing-code requests per minute for one user.",
});
export const rateLimitClaimsPerIpPerHour = defineInt("RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR", {
  default: DEFAULTS.RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR,
  description: "Pairing-code claims per hour from one client IP (guessing a code must be hopeless).",
});
export const rateLimitAdminPerIpPerMinute = defineInt("RATE_LIMIT_ADMIN_PER_IP_PER_MINUTE", {
  default: DEFAULTS.RATE_LIMIT_ADMIN_PER_IP_PER_MINUTE,
  description: "Admin requests per minute from one client IP.",
});
export const appCheckMode = defineString("APP_CHECK_MODE", {
  default: DEFAULTS.APP_CHECK_MODE,
  description: "off | monitor | enforce (a VS Code extension has no attestation provider: keep off for it).",
});

/**
 * Schedules are fixed when the functions are deployed (onSchedule takes a plain string), so they are read from the
 * environment at deploy time: put e.g. `LEADERBOARD_SCHEDULE=every 10 minutes` in functions/.env.<project>.
 */
export const schedules = {
  leaderboards: process.env.LEADERBOARD_SCHEDULE || "every 5 minutes",
  // Hourly, so a failed run or a new deployment never leaves a day without its set for long.
  challenges: process.env.CHALLENGES_SCHEDULE || "every 60 minutes",
  retention: process.env.RETENTION_SCHEDULE || "every day 03:30",
};

export interface Config {
  adminApiKey: string;
  userIdPepper: string;
  challengesApiKey: string;
  retentionDays: number;
  firestoreTimeoutMs: number;
  maxDevicesPerUser: number;
  corsAllowList: string[];
  appCheckMode: "off" | "monitor" | "enforce";
  trustedProxyHops: number;
  rateLimits: RateLimits;
  version: string;
}

export interface RateLimits {
  perIpPerMinute: number;
  syncPerUserPerMinute: number;
  accountPerUserPerMinute: number;
  claimsPerIpPerHour: number;
  adminPerIpPerMinute: number;
}

const MIN_SECRET_LENGTH = 16;

function requireSecret(name: string, value: string): string {
  // A short or missing pepper would make the stored user keys guessable; refuse to serve rather than weaken it.
  if (!value || value.length < MIN_SECRET_LENGTH) {
    throw new Error(`${name} must be set to at least ${MIN_SECRET_LENGTH} characters`);
  }
  return value;
}

function parseAppCheckMode(value: string): Config["appCheckMode"] {
  if (value === "off" || value === "monitor" || value === "enforce") return value;
  throw new Error(`APP_CHECK_MODE must be off, monitor or enforce, not ${JSON.stringify(value)}`);
}

/**
 * A param's value, or its default where nothing set it: inside Cloud Functions Firebase sets every param, but the
 * container entry point (server.ts) and other plain Node processes only have what the environment gives.
 */
function read<T>(param: { name: string; value(): T }, fallback: T): T {
  const raw = process.env[param.name];
  if (raw === undefined) return fallback;
  if (typeof fallback === "number") {
    // Firebase's int params turn "abc" into 0 (every request then 429s); a typo must stop the start instead.
    const least = param.name === "TRUSTED_PROXY_HOPS" ? 0 : 1;
    if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < least) {
      throw new Error(`${param.name} must be a whole number of at least ${least} (default ${fallback}); the value set is not one.`);
    }
  }
  return param.value();
}

export function loadConfig(): Config {
  return {
    adminApiKey: requireSecret("ADMIN_API_KEY", adminApiKey.value()),
    userIdPepper: requireSecret("USER_ID_PEPPER", userIdPepper.value()),
    challengesApiKey: read(challengesApiKey, DEFAULTS.CHALLENGES_API_KEY),
    retentionDays: read(retentionDays, DEFAULTS.RETENTION_DAYS),
    firestoreTimeoutMs: read(firestoreTimeoutMs, DEFAULTS.FIRESTORE_TIMEOUT_MS),
    maxDevicesPerUser: read(maxDevicesPerUser, DEFAULTS.MAX_DEVICES_PER_USER),
    corsAllowList: read(corsAllowList, DEFAULTS.CORS_ALLOW_LIST)
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    appCheckMode: parseAppCheckMode(read(appCheckMode, DEFAULTS.APP_CHECK_MODE)),
    trustedProxyHops: read(trustedProxyHops, DEFAULTS.TRUSTED_PROXY_HOPS),
    rateLimits: {
      perIpPerMinute: read(rateLimitPerIpPerMinute, DEFAULTS.RATE_LIMIT_PER_IP_PER_MINUTE),
      syncPerUserPerMinute: read(rateLimitSyncPerUserPerMinute, DEFAULTS.RATE_LIMIT_SYNC_PER_USER_PER_MINUTE),
      accountPerUserPerMinute: read(rateLimitAccountPerUserPerMinute, DEFAULTS.RATE_LIMIT_ACCOUNT_PER_USER_PER_MINUTE),
      claimsPerIpPerHour: read(rateLimitClaimsPerIpPerHour, DEFAULTS.RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR),
      adminPerIpPerMinute: read(rateLimitAdminPerIpPerMinute, DEFAULTS.RATE_LIMIT_ADMIN_PER_IP_PER_MINUTE),
    },
    version: packageVersion(),
  };
}

export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../package.json") as { version: string }).version;
}

/** A complete config with local defaults, for tests and tools; `overrides` win. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    adminApiKey: "test-admin-key-0123456789",
    userIdPepper: "test-pepper-0123456789abcdef",
    challengesApiKey: "",
    retentionDays: 365,
    firestoreTimeoutMs: 5000,
    maxDevicesPerUser: 20,
    corsAllowList: [],
    appCheckMode: "off",
    trustedProxyHops: 1,
    // Generous, so that only the tests about limits meet them.
    rateLimits: {
      perIpPerMinute: 100_000,
      syncPerUserPerMinute: 100_000,
      accountPerUserPerMinute: 100_000,
      claimsPerIpPerHour: 100_000,
      adminPerIpPerMinute: 100_000,
    },
    version: packageVersion(),
    ...overrides,
  };
}
