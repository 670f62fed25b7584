/**
 * Firebase App Check, in three modes (param APP_CHECK_MODE):
 *   off      — not looked at (the default: a VS Code extension has no attestation provider to get a token from);
 *   monitor  — verified when present, and a missing or invalid token is logged (never the token) but served;
 *   enforce  — a request without a valid `X-Firebase-AppCheck` token is refused with 401.
 * The verifier is injectable so tests need no Google servers; the default one uses firebase-admin, loaded lazily.
 */
import type { RequestHandler } from "express";
import { AppError } from "../errors";
import { defaultApp } from "../firestore";
import type { LogEntry } from "./request-log";

export type AppCheckVerifier = (token: string) => Promise<boolean>;

export const firebaseAppCheckVerifier: AppCheckVerifier = async (token) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import: a cold start loads only what it needs (App Check is off by default)
  const { getAppCheck } = require("firebase-admin/app-check") as typeof import("firebase-admin/app-check");
  try {
    await getAppCheck(defaultApp()).verifyToken(token);
    return true;
  } catch {
    return false;
  }
};

export interface AppCheckOptions {
  mode: "off" | "monitor" | "enforce";
  log: (entry: LogEntry) => void;
}

/** Takes what it needs (the mode, the log), not the app context: http/ sits below context.ts. */
export function appCheck({ mode, log }: AppCheckOptions, verify: AppCheckVerifier): RequestHandler {
  return async (req, _res, next) => {
    // Which routes App Check guards is declared per route (admin routes and the API's own description are not).
    if (mode === "off") return next();
    const token = req.headers["x-firebase-appcheck"];
    const valid = typeof token === "string" && token.length > 0 && token.length < 4096 && (await verify(token));
    if (!valid) {
      if (mode === "enforce") throw new AppError("unauthorized", "A valid X-Firebase-AppCheck token is required.");
      log({ severity: "WARNING", message: "app check failed (monitor mode)", hadToken: typeof token === "string" });
    }
    next();
  };
}
