/**
 * Cloud Functions entry point: declares the triggers and their options, nothing else. The Express app, zod,
 * firebase-admin and gRPC are loaded on first use, so an instance starts with only firebase-functions.
 */
import { onInit } from "firebase-functions/v2/core";
import { onRequest } from "firebase-functions/https";
import { onSchedule } from "firebase-functions/scheduler";
import { adminApiKey, userIdPepper, schedules } from "./config";

/* eslint-disable @typescript-eslint/no-require-imports -- the app, zod, firebase-admin and gRPC load on first use, so an instance starts with only firebase-functions */
type Handler = (req: import("express").Request, res: import("express").Response) => void;
let handler: Handler | undefined;

function getHandler(): Handler {
  if (!handler) {
    const { createApp } = require("./app") as typeof import("./app");
    const { loadConfig } = require("./config") as typeof import("./config");
    handler = createApp({ config: loadConfig() });
  }
  return handler;
}

async function runScheduledJob(name: string): Promise<void> {
  const { runJob } = require("./ops/jobs") as typeof import("./ops/jobs");
  const { createContext } = require("./context") as typeof import("./context");
  const { loadConfig } = require("./config") as typeof import("./config");
  await runJob(name, createContext({ config: loadConfig() }));
}
/* eslint-enable @typescript-eslint/no-require-imports */

// A param set to something unreadable (RATE_LIMIT_PER_IP_PER_MINUTE=abc) stops the instance at start with a
// message naming it, instead of serving with a silently wrong value.
onInit(() => {
  const { loadConfig } = require("./config") as typeof import("./config"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above: loaded when the instance starts, not at import
  loadConfig();
});

const secrets = [adminApiKey, userIdPepper];
const region = "us-central1";

export const api = onRequest(
  {
    region,
    secrets,
    invoker: "public",
    // Our own http/cors.ts is the only CORS policy: without this, firebase-functions wraps the handler in its
    // own permissive CORS under the emulator.
    cors: false,
    // Many concurrent requests per instance keep the in-memory caches and rate limits useful and the bill low.
    concurrency: 80,
    maxInstances: 10,
    memory: "256MiB",
    timeoutSeconds: 30,
  },
  (req, res) => getHandler()(req, res),
);

export const rebuildLeaderboards = onSchedule(
  { schedule: schedules.leaderboards, region, secrets, timeoutSeconds: 120, retryCount: 0 },
  () => runScheduledJob("leaderboards"),
);

export const purgeExpired = onSchedule(
  { schedule: schedules.retention, timeZone: "UTC", region, secrets, timeoutSeconds: 300, retryCount: 1 },
  () => runScheduledJob("retention"),
);

export const publishChallenges = onSchedule(
  { schedule: schedules.challenges, timeZone: "UTC", region, secrets, timeoutSeconds: 60, retryCount: 3 },
  () => runScheduledJob("challenges"),
);
