/**
 * Cloud Functions entry point: declares the triggers and their options, nothing else. The Express app, zod,
 * firebase-admin and gRPC are loaded on first use, so an instance starts with only firebase-functions.
 */
import { onInit } from "firebase-functions/v2/core";
import { onRequest } from "firebase-functions/https";
import { onSchedule } from "firebase-functions/scheduler";
import { adminApiKey, userIdPepper } from "./config";
import { JOB_NAMES, JOBS, type JobName } from "./ops/jobs";

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

async function runScheduledJob(name: JobName): Promise<void> {
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

/** A job of the table (ops/jobs.ts) as a scheduled trigger. */
const scheduled = (name: JobName) =>
  onSchedule({ schedule: JOBS[name].schedule, region, secrets, ...JOBS[name].options }, () => runScheduledJob(name));

/** The scheduled triggers, one per job, each exported under its trigger name (the function Firebase deploys). */
export type ScheduledTriggers = { [N in JobName as (typeof JOBS)[N]["trigger"]]: ReturnType<typeof scheduled> };
for (const name of JOB_NAMES) (exports as Record<string, unknown>)[JOBS[name].trigger] = scheduled(name);
