/**
 * Starts the Firebase emulators for Functions and Hosting on free ports, against a Firestore emulator at
 * `firestoreHost`, and waits until the API answers through the Hosting rewrite. Used by the end-to-end test and
 * the benchmark (npm start uses the fixed ports of firebase.json instead).
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const { freePort } = require("./free-port");
const path = require("node:path");
const { ROOT, PROJECT_ID, FIREBASE_BIN, ensureLocalSecrets, localEnv } = require("./local-env");


/** firebase-tools' words when a port it was given is taken (by then another process won the race for it). */
const PORT_TAKEN = /is not open on|EADDRINUSE|port .* (taken|in use)/i;
/**
 * What it prints, and nothing more, when a listen fails after its own port check (the same race, lost a moment
 * later); it keeps running without ever answering, so this is a failed start too, retried like a taken port.
 */
const UNEXPECTED = /An unexpected error has occurred/;

async function startFirebaseEmulators(options, attempts = 3) {
  try {
    return await startOnce(options);
  } catch (error) {
    if (attempts > 1 && (PORT_TAKEN.test(error.message) || UNEXPECTED.test(error.message))) return startFirebaseEmulators(options, attempts - 1);
    throw error;
  }
}

async function startOnce({ firestoreHost, timeoutMs = 150000, env = {} }) {
  ensureLocalSecrets();
  const [hosting, functions, hub, logging, eventarc, tasks] = await Promise.all(Array.from({ length: 6 }, freePort));
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "firebase.json"), "utf8"));
  config.emulators = {
    hosting: { host: "127.0.0.1", port: hosting },
    functions: { host: "127.0.0.1", port: functions },
    hub: { host: "127.0.0.1", port: hub },
    logging: { host: "127.0.0.1", port: logging },
    // The Functions emulator starts these two beside itself. Left to their defaults (9299, 9499), two stacks starting
    // at once both move to the next port and one dies of EADDRINUSE, hidden behind "An unexpected error has
    // occurred" and a health check that never answers: a port of their own, like every other emulator.
    eventarc: { host: "127.0.0.1", port: eventarc },
    tasks: { host: "127.0.0.1", port: tasks },
    ui: { enabled: false },
    singleProjectMode: true,
  };
  // The config file must sit in the project root: firebase-tools resolves `functions` and `public` from it.
  const configFile = path.join(ROOT, `firebase.e2e-${process.pid}-${hosting}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const base = `http://127.0.0.1:${hosting}/api/v1`;

  const child = spawn(
    process.execPath,
    [FIREBASE_BIN, "emulators:start", "--only", "functions,hosting", "--project", PROJECT_ID, "--config", configFile],
    { cwd: ROOT, env: localEnv({ FIRESTORE_EMULATOR_HOST: firestoreHost, ...env }), detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk.toString()));
  child.stderr.on("data", (chunk) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        /* gone */
      }
      const force = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 10000);
      await exited;
      clearTimeout(force);
    }
    fs.rmSync(configFile, { force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null || UNEXPECTED.test(output)) {
      await stop();
      throw new Error(`the Firebase emulators did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { base, stop, output: () => output };
}

module.exports = { startFirebaseEmulators, freePort };
