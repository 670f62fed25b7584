/**
 * Builds the Express app that serves /api/v1. It never listens: Cloud Functions (index.ts), the tests and the
 * container entry point (server.ts) each mount it their own way.
 */
import express, { Router, type Express, type Request } from "express";
import { accountRoutes } from "./account/account.routes";
import { challengeRoutes } from "./challenges/challenges.routes";
import { createContext, type ContextDeps } from "./context";
import { errorHandler, notFoundRoute } from "./errors";
import { appCheck, firebaseAppCheckVerifier, type AppCheckVerifier } from "./http/app-check";
import { cors } from "./http/cors";
import { bearerIfAny, isUuidV4 } from "./http/identity";
import { jsonBody } from "./http/json-body";
import { byClientIp, HOUR, MINUTE, rateLimit, RateLimiter } from "./http/rate-limit";
import { requestLog } from "./http/request-log";
import { leaderboardRoutes } from "./leaderboard/leaderboard.routes";
import { jobRoutes } from "./ops/jobs.routes";
import { pairingRoutes } from "./pairing/pairing.routes";
import { syncRoutes } from "./sync/sync.routes";

export const API_BASE = "/api/v1";

export interface AppDeps extends ContextDeps {
  appCheckVerifier?: AppCheckVerifier;
}

/** The caller's userId for per-user limits: the bearer token, or `body.userId` on /sync. Hashed by the limiter. */
function byUserId(req: Request): string | undefined {
  const candidate = bearerIfAny(req) ?? (req.body as { userId?: unknown } | undefined)?.userId;
  return isUuidV4(candidate) ? candidate.toLowerCase() : undefined;
}

export function createApp(deps: AppDeps): Express {
  const ctx = createContext(deps);
  const limits = ctx.config.rateLimits;
  const limiter = new RateLimiter(() => ctx.now().getTime());

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  // The client IP is the entry of X-Forwarded-For that our own proxies added, never one the client wrote.
  app.set("trust proxy", ctx.config.trustedProxyHops);
  app.use(requestLog(ctx, API_BASE));
  app.use((_req, res, next) => {
    // The Functions runtime's own Express layer sets X-Powered-By before ours runs.
    res.removeHeader("X-Powered-By");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  app.use(cors(ctx.config.corsAllowList));

  const v1 = Router();
  v1.use(rateLimit(limiter, { name: "requests per IP", limit: limits.perIpPerMinute, windowMs: MINUTE, key: byClientIp }));
  v1.use(jsonBody());
  v1.get("/health", (_req, res) => {
    res.json({ status: "ok", version: ctx.config.version });
  });
  let openApi: Record<string, unknown> | undefined;
  v1.get("/openapi.json", (_req, res) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    openApi ??= (require("./ops/openapi") as typeof import("./ops/openapi")).buildOpenApi(ctx.config.version);
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.json(openApi);
  });

  // Admin routes: server-to-server, guarded by their key and a tight per-IP limit (no App Check).
  v1.use("/admin", rateLimit(limiter, { name: "admin requests per IP", limit: limits.adminPerIpPerMinute, windowMs: MINUTE, key: byClientIp }));
  v1.use(jobRoutes(ctx));

  // Client routes.
  v1.use(appCheck(ctx, deps.appCheckVerifier ?? firebaseAppCheckVerifier));
  v1.use("/sync", rateLimit(limiter, { name: "syncs per user", limit: limits.syncPerUserPerMinute, windowMs: MINUTE, key: byUserId }));
  v1.use("/pairing/claim", rateLimit(limiter, { name: "pairing claims per IP", limit: limits.claimsPerIpPerHour, windowMs: HOUR, key: byClientIp }));
  const perUserAccount = rateLimit(limiter, {
    name: "account requests per user",
    limit: limits.accountPerUserPerMinute,
    windowMs: MINUTE,
    key: byUserId,
  });
  v1.use("/me", perUserAccount);
  v1.post("/pairing", perUserAccount);
  v1.use(syncRoutes(ctx));
  v1.use(leaderboardRoutes(ctx));
  v1.use(challengeRoutes(ctx));
  v1.use(pairingRoutes(ctx));
  v1.use(accountRoutes(ctx));

  app.use(API_BASE, v1);
  app.use(notFoundRoute);
  app.use(
    errorHandler((error) =>
      ctx.log({
        severity: "ERROR",
        message: "unexpected error",
        // Only the error's class and message: a stack or a request could carry what must not be logged.
        error: error instanceof Error ? `${error.name}: ${error.message}` : "non-Error thrown",
      }),
    ),
  );
  return app;
}
