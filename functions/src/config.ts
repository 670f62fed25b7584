/**
 * Every runtime setting of the service, declared once as a Firebase param.
 *
 * Params are read by `loadConfig()` when an instance starts (`onInit`) and when the API first handles a request,
 * and tests can build a `Config` with `testConfig()` (the declared defaults).
 * Locally the values come from `functions/.env.local` and `functions/.secret.local` (see README).
 */
import { defineInt, defineSecret, defineString } from "firebase-functions/params";
import { DEVICE_LIMIT_CEILING } from "./domain/progress";
import { RATE_CLASS_IDS, RATE_CLASSES, type RateClassId, type RateLimits } from "./rate-classes";

export type { RateLimits };

type Param<T> = { name: string; read(): T; fallback: T };

/**
 * Each param is declared once: its name, kind, default, description and check. `read()` gives its value (its
 * default where nothing set it: inside Cloud Functions Firebase sets every param, but the container entry point and
 * other plain Node processes only have what the environment gives) or stops the start with a message that names
 * the param and the expected form — never the value, which could be a secret mistyped into the wrong param.
 */
function whole(name: string, fallback: number, description: string, least = 1, most = Number.MAX_SAFE_INTEGER): Param<number> {
  const param = defineInt(name, { default: fallback, description });
  return {
    name,
    fallback,
    read() {
      const raw = process.env[name];
      if (raw === undefined) return fallback;
      // Firebase's int params turn "abc" into 0 (every request then 429s); a typo must stop the start instead.
      if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < least || Number(raw) > most) {
        const range = most === Number.MAX_SAFE_INTEGER ? `of at least ${least}` : `from ${least} to ${most}`;
        throw new Error(`${name} must be a whole number ${range} (default ${fallback}); the value set is not one.`);
      }
      return param.value();
    },
  };
}

function text<T = string>(name: string, fallback: string, description: string, parse: (value: string) => T = (v) => v as T): Param<T> {
  const param = defineString(name, { default: fallback, description });
  return { name, fallback: parse(fallback), read: () => parse(process.env[name] === undefined ? fallback : param.value()) };
}

function appCheckModeOf(value: string): "off" | "monitor" | "enforce" {
  if (value === "off" || value === "monitor" || value === "enforce") return value;
  throw new Error("APP_CHECK_MODE must be off, monitor or enforce");
}

const originsOf = (value: string) =>
  value
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);

export const adminApiKey = defineSecret("ADMIN_API_KEY");
export const userIdPepper = defineSecret("USER_ID_PEPPER");

/** The service's settings (besides the two secrets), one line each. */
const SETTINGS = {
  challengesApiKey: text("CHALLENGES_API_KEY", "", "When non-empty, GET /challenges/daily requires this value in X-API-Key."),
  retentionDays: whole("RETENTION_DAYS", 365, "A user with no sync for this many days is deleted."),
  firestoreTimeoutMs: whole("FIRESTORE_TIMEOUT_MS", 5000, "A request that waits longer than this for Firestore gets 503 unavailable."),
  // The bounds on merged totals assume at most DEVICE_LIMIT_CEILING devices (sync.schema), so no more are allowed.
  maxDevicesPerUser: whole(
    "MAX_DEVICES_PER_USER",
    20,
    `How many devices one user may sync from (each keeps its own counters); at most ${DEVICE_LIMIT_CEILING}.`,
    1,
    DEVICE_LIMIT_CEILING,
  ),
  // Why these defaults: docs/circles.md, "Limits".
  maxCirclesPerUser: whole("MAX_CIRCLES_PER_USER", 10, "How many circles one user may be a member of (created ones included)."),
  maxMembersPerCircle: whole("MAX_MEMBERS_PER_CIRCLE", 50, "How many members one circle may have (its creator included)."),
  corsAllowList: text("CORS_ALLOW_LIST", "", "Comma-separated origins that get CORS headers, besides vscode-webview://*.", originsOf),
  // 2 fits the intended deployment, Hosting → Functions (docs/security.md, "The client address"); the container
  // entry point starts from CONTAINER_DEFAULTS instead, since nothing is known to stand in front of it.
  trustedProxyHops: whole(
    "TRUSTED_PROXY_HOPS",
    2,
    "How many X-Forwarded-For entries, from the right, our own infrastructure appends; the client IP is the leftmost of them (Hosting → Functions: 2, Cloud Run: 1, a container straight on a host: 0).",
    0,
  ),
  ipv6PrefixBits: whole("RATE_LIMIT_IPV6_PREFIX_BITS", 64, "Per-IP limits key an IPv6 client by this many leading bits (one connection owns a /64).", 16, 128),
  appCheckMode: text("APP_CHECK_MODE", "off", "off | monitor | enforce (a VS Code extension has no attestation provider: keep off for it).", appCheckModeOf),
};

/** One int param per rate-limit class, from the class table (rate-classes.ts). */
const RATE_LIMITS = Object.fromEntries(
  RATE_CLASS_IDS.map((id) => [id, whole(RATE_CLASSES[id].param, RATE_CLASSES[id].default, RATE_CLASSES[id].description)]),
) as Record<RateClassId, Param<number>>;

type ValuesOf<T extends Record<string, Param<unknown>>> = { [K in keyof T]: T[K] extends Param<infer V> ? V : never };
const readAll = <T extends Record<string, Param<unknown>>>(table: T) =>
  Object.fromEntries(Object.entries(table).map(([key, param]) => [key, param.read()])) as ValuesOf<T>;
const defaultsOf = <T extends Record<string, Param<unknown>>>(table: T) =>
  Object.fromEntries(Object.entries(table).map(([key, param]) => [key, param.fallback])) as ValuesOf<T>;

/** The typed config, derived from the declarations above. */
export type Config = ValuesOf<typeof SETTINGS> & {
  adminApiKey: string;
  userIdPepper: string;
  rateLimits: RateLimits;
  version: string;
};

const MIN_SECRET_LENGTH = 16;

function requireSecret(name: string, value: string): string {
  // A short or missing pepper would make the stored user keys guessable; refuse to serve rather than weaken it.
  if (!value || value.length < MIN_SECRET_LENGTH) {
    throw new Error(`${name} must be set to at least ${MIN_SECRET_LENGTH} characters`);
  }
  return value;
}

/**
 * Defaults of the container entry point (server.ts) where they differ from the Functions deploy: run straight on a
 * host, a client-written X-Forwarded-For must not be believed unless TRUSTED_PROXY_HOPS says a proxy is in front.
 */
export const CONTAINER_DEFAULTS: Partial<ValuesOf<typeof SETTINGS>> = { trustedProxyHops: 0 };

export function loadConfig(defaults: Partial<ValuesOf<typeof SETTINGS>> = {}): Config {
  const settings = readAll(SETTINGS);
  for (const [key, value] of Object.entries(defaults) as Array<[keyof typeof SETTINGS, never]>) {
    if (process.env[SETTINGS[key].name] === undefined) settings[key] = value;
  }
  return {
    adminApiKey: requireSecret("ADMIN_API_KEY", adminApiKey.value()),
    userIdPepper: requireSecret("USER_ID_PEPPER", userIdPepper.value()),
    ...settings,
    rateLimits: readAll(RATE_LIMITS),
    version: packageVersion(),
  };
}

export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside rootDir, so it cannot be imported
  return (require("../package.json") as { version: string }).version;
}

/** A complete config with the declared defaults, for tests and tools; `overrides` win. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    adminApiKey: "test-admin-key-0123456789",
    userIdPepper: "test-pepper-0123456789abcdef",
    ...defaultsOf(SETTINGS),
    // Generous, so that only the tests about limits meet them.
    rateLimits: Object.fromEntries(RATE_CLASS_IDS.map((id) => [id, 100_000])) as RateLimits,
    version: packageVersion(),
    ...overrides,
  };
}
