/**
 * What every local run (npm start, the end-to-end test, the benchmark) needs before the emulators start:
 * the local-only secrets file, an environment that never reaches a Google server, and where firebase-tools is.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const PROJECT_ID = "demo-breath-master";

/** functions/.secret.local is not committed; a fresh clone gets the documented local values. */
function ensureLocalSecrets() {
  const target = path.join(ROOT, "functions", ".secret.local");
  if (!fs.existsSync(target)) fs.copyFileSync(path.join(ROOT, "functions", ".secret.local.example"), target);
}

function localEnv(extra = {}) {
  return {
    ...process.env,
    // No metadata-server probing, no update checks: the local stack talks to nothing but loopback.
    METADATA_SERVER_DETECTION: "none",
    NO_UPDATE_NOTIFIER: "1",
    GCLOUD_PROJECT: PROJECT_ID,
    ...extra,
  };
}

const FIREBASE_BIN = require.resolve("firebase-tools/lib/bin/firebase.js");

/** Reads the local admin key from functions/.secret.local (the launcher uses it to run the scheduled jobs). */
function localAdminKey() {
  const text = fs.readFileSync(path.join(ROOT, "functions", ".secret.local"), "utf8");
  const match = /^ADMIN_API_KEY=(.*)$/m.exec(text);
  return match ? match[1].trim() : "";
}

module.exports = { ROOT, PROJECT_ID, FIREBASE_BIN, ensureLocalSecrets, localEnv, localAdminKey };
