/**
 * Builds the Express app that serves /api/v1. It never listens: Cloud Functions (index.ts), the tests and the
 * container entry point (server.ts) each mount it their own way. Every route comes from the route table
 * (`apiRoutes`): one declaration per route, in the feature folders.
 */
import express, { Router, type Express } from "express";
import { accountRoutes } from "./account/account.routes";
import { auditRoutes } from "./audit/audit.routes";
import { challengeRoutes } from "./challenges/challenges.routes";
import { circleRoutes } from "./circles/circles.routes";
import { createContext, type AppContext, type ContextDeps } from "./context";
import { errorHandler, notFoundRoute } from "./errors";
import { appCheck, firebaseAppCheckVerifier, type AppCheckVerifier } from "./http/app-check";
import { cors } from "./http/cors";
import { jsonBody } from "./http/json-body";
import { classLimits, RateLimiter } from "./http/rate-limit";
import type { AddressPolicy } from "./http/client-address";
import { requestLog } from "./http/request-log";
import { callerOf, mountRoutes, type Route } from "./http/route-table";
import { leaderboardRoutes } from "./leaderboard/leaderboard.routes";
import { moderationRoutes } from "./moderation/moderation.routes";
import { opsRoutes } from "./ops/ops.routes";
import { statsRoutes } from "./ops/stats.routes";
import { pairingRoutes } from "./pairing/pairing.routes";
import { syncRoutes } from "./sync/sync.routes";
import { userKeyOf } from "./users/user-keys";
import { readLiveUserDocument } from "./users/users.store";

export const API_BASE = "/api/v1";

export interface AppDeps extends ContextDeps {
  appCheckVerifier?: AppCheckVerifier;
  /** Tests: called with every reply that does not match its route's declared schema. */
  onResponseMismatch?: (problem: string) => void;
}

/** The route table: every route of the API, declared in its feature folder. */
export function apiRoutes(ctx: AppContext): Route[] {
  const routes: Route[] = [];
  routes.push(
    ...opsRoutes(ctx, () => routes),
    ...syncRoutes(ctx),
    ...leaderboardRoutes(ctx),
    ...challengeRoutes(ctx),
    ...pairingRoutes(ctx),
    ...accountRoutes(ctx),
    ...circleRoutes(ctx),
    ...moderationRoutes(ctx),
    ...auditRoutes(ctx),
    ...statsRoutes(ctx),
  );
  return routes;
}

export function createApp(deps: AppDeps): Express {
  const ctx = createContext(deps);
  const limiter = new RateLimiter({ clock: () => ctx.now().getTime() });
  const addresses: AddressPolicy = { trustedHops: ctx.config.trustedProxyHops, ipv6PrefixBits: ctx.config.ipv6PrefixBits };

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(requestLog(ctx.log, API_BASE));
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
  const { "requests-per-ip": perIp, ...limits } = classLimits(limiter, ctx.config.rateLimits, addresses, (_req, res) => callerOf(res)?.userId);
  mountRoutes(v1, apiRoutes(ctx), {
    keys: { adminApiKey: ctx.config.adminApiKey, challengesApiKey: ctx.config.challengesApiKey },
    perIp,
    jsonBody: jsonBody(),
    appCheck: appCheck({ mode: ctx.config.appCheckMode, log: ctx.log }, deps.appCheckVerifier ?? firebaseAppCheckVerifier),
    limits,
    users: {
      keyOf: (userId) => userKeyOf(userId, ctx.config.userIdPepper),
      readLive: (userKey) => ctx.data((db) => readLiveUserDocument(db, userKey)),
    },
    onResponseMismatch: deps.onResponseMismatch,
  });
  // A request that matched no route (an unknown path, a wrong method) counts against the per-IP limit too.
  v1.use(perIp);

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
