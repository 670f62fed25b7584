/**
 * Builds the Express app that serves /api/v1. It never listens: Cloud Functions (index.ts), the tests and the
 * container entry point (server.ts) each mount it their own way.
 */
import express, { Router, type Express } from "express";
import { challengeRoutes } from "./challenges/challenges.routes";
import { createContext, type ContextDeps } from "./context";
import { errorHandler, notFoundRoute } from "./errors";
import { jsonBody } from "./http/json-body";
import { requestLog } from "./http/request-log";
import { jobRoutes } from "./ops/jobs.routes";
import { leaderboardRoutes } from "./leaderboard/leaderboard.routes";
import { syncRoutes } from "./sync/sync.routes";

export const API_BASE = "/api/v1";

export function createApp(deps: ContextDeps): Express {
  const ctx = createContext(deps);

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
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

  const v1 = Router();
  v1.use(jsonBody());
  v1.get("/health", (_req, res) => {
    res.json({ status: "ok", version: ctx.config.version });
  });
  v1.use(syncRoutes(ctx));
  v1.use(leaderboardRoutes(ctx));
  v1.use(challengeRoutes(ctx));
  v1.use(jobRoutes(ctx));

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
