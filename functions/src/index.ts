/**
 * Cloud Functions entry point: declares the triggers and their options, nothing else. The Express app, zod,
 * firebase-admin and gRPC are loaded on the first request, so an instance starts with only firebase-functions.
 */
import { onRequest } from "firebase-functions/https";
import { adminApiKey, userIdPepper } from "./config";

type Handler = (req: import("express").Request, res: import("express").Response) => void;
let handler: Handler | undefined;

function getHandler(): Handler {
  if (!handler) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createApp } = require("./app") as typeof import("./app");
    const { loadConfig } = require("./config") as typeof import("./config");
    /* eslint-enable @typescript-eslint/no-require-imports */
    handler = createApp({ config: loadConfig() });
  }
  return handler;
}

export const api = onRequest(
  {
    region: "us-central1",
    secrets: [adminApiKey, userIdPepper],
    invoker: "public",
    // Many concurrent requests per instance keep the in-memory caches and rate limits useful and the bill low.
    concurrency: 80,
    maxInstances: 10,
    memory: "256MiB",
    timeoutSeconds: 30,
  },
  (req, res) => getHandler()(req, res),
);
