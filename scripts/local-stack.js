#!/usr/bin/env node
/**
 * `npm start`: the whole local stack, as in production but on this machine.
 *   - a Firestore emulator: the official one when firebase-tools has it and Java 21+ can run it, otherwise the
 *     embedded Node one (@firestore-emulator/server, scripts/firestore-emulator.js) on 127.0.0.1:8080;
 *   - the Firebase emulators for Functions (the `api` function) and Hosting, which rewrites /api/** to it, so the
 *     API is at http://127.0.0.1:5000/api/v1 exactly as it will be at https://<site>/api/v1.
 *   - the scheduled jobs, run through POST /api/v1/admin/jobs/{job} on their production schedules (the Functions
 *     emulator fires no schedules): once at start, then on the intervals of the job table's schedules
 *     (functions/src/ops/jobs.ts, read from the build: the one place they are written).
 * Ctrl-C (or SIGTERM) stops every child process group; nothing is left listening.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ROOT, PROJECT_ID, FIREBASE_BIN, ensureLocalSecrets, localEnv, localAdminKey } = require("./local-env");

const API = "http://127.0.0.1:5000/api/v1";
const FIRESTORE_PORT = Number(process.env.FIRESTORE_PORT ?? 8080);
const children = [];
/** Each job's production schedule (the job table, functions/src/ops/jobs.ts), in milliseconds. */
function jobIntervals() {
  const { JOBS, scheduleIntervalMs } = require(path.join(ROOT, "functions/lib/ops/jobs.js"));
  return Object.fromEntries(Object.entries(JOBS).map(([job, { schedule }]) => [job, scheduleIntervalMs(schedule)]));
}

function officialFirestoreEmulatorRunnable() {
  const cache = path.join(os.homedir(), ".cache", "firebase", "emulators");
  const jar = fs.existsSync(cache) && fs.readdirSync(cache).some((f) => /^cloud-firestore-emulator.*\.jar$/.test(f));
  if (!jar) return false;
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  const match = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`);
  return Boolean(match && Number(match[1]) >= 21);
}

function start(label, args, env) {
  // Each child leads its own process group, so stopping it also stops what it started (the functions runtime).
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  child.label = label;
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[local-stack] ${label} exited (${signal ?? code}); stopping the stack.`);
      stop(1);
    }
  });
  return child;
}

let stopping = false;
function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of alive) {
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {
      /* already gone */
    }
  }
  const force = setTimeout(() => {
    for (const child of alive) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }, 8000);
  Promise.all(alive.map((child) => new Promise((resolve) => child.once("exit", resolve)))).then(() => {
    clearTimeout(force);
    process.exit(exitCode);
  });
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`${API}/health`);
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  ensureLocalSecrets();
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  const only = ["functions", "hosting"];
  const extraEnv = {};
  if (officialFirestoreEmulatorRunnable()) {
    only.push("firestore");
    console.log("[local-stack] using the official Firestore emulator");
  } else {
    extraEnv.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${FIRESTORE_PORT}`;
    console.log(`[local-stack] using the embedded Firestore emulator on 127.0.0.1:${FIRESTORE_PORT}`);
    start("firestore emulator", [path.join(__dirname, "firestore-emulator.js"), String(FIRESTORE_PORT)], localEnv());
  }
  start(
    "firebase emulators",
    [FIREBASE_BIN, "emulators:start", "--only", only.join(","), "--project", PROJECT_ID],
    localEnv(extraEnv),
  );

  if (!(await waitForHealth(120000))) {
    console.error("[local-stack] the API did not come up within 2 minutes");
    return stop(1);
  }
  console.log(`\n[local-stack] ready: ${API}  (try: curl ${API}/health)  — Ctrl-C stops everything\n`);
  for (const [job, interval] of Object.entries(jobIntervals())) {
    await runJob(job);
    setInterval(() => runJob(job), interval).unref();
  }
}

async function runJob(job) {
  try {
    const res = await fetch(`${API}/admin/jobs/${job}`, { method: "POST", headers: { "x-admin-key": localAdminKey() } });
    const body = await res.json();
    console.log(`[local-stack] job ${job}: ${res.status} ${JSON.stringify(body.summary ?? body.error)}`);
  } catch (error) {
    console.error(`[local-stack] job ${job} failed: ${error.message}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    stop(1);
  });
}

module.exports = { jobIntervals };
