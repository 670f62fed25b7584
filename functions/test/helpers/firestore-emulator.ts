/**
 * Starts the embedded Firestore emulator (scripts/firestore-emulator.js) as a child process on a free port, the
 * same program `npm start` uses. Tests can stop it and start it again on the same port to simulate an outage.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";

const SCRIPT = path.resolve(__dirname, "../../../scripts/firestore-emulator.js");
/** Every query each test emulator evaluates, one JSON line each: checked against firestore.indexes.json. */
export const QUERY_LOG_DIR = path.resolve(__dirname, "../../../.tmp/test-queries");

export interface RunningEmulator {
  host: string;
  port: number;
  /** The file this emulator logs its queries to (scripts/query-log.js), if it logs them. */
  queryLog: string | undefined;
  stop(): Promise<void>;
  /** Starts again on the same port (after `stop`), empty. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): calls hang, as in a network partition; its data is kept. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
}

function launch(port: number, queryLog: string | undefined): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (queryLog) env.FIRESTORE_QUERY_LOG = queryLog;
    else delete env.FIRESTORE_QUERY_LOG;
    const child = spawn(process.execPath, [SCRIPT, String(port)], { stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    // Only a backstop that names the cause, below the hook's own timeout (30 s): the ready line decides.
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 25_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${output}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * `logQueries: false` is for the conformance suite, whose queries probe the emulator on collections of its own
 * and are not the code's (the index check reads only the code's queries).
 */
export async function startFirestoreEmulator(options: { logQueries?: boolean } = {}): Promise<RunningEmulator> {
  mkdirSync(QUERY_LOG_DIR, { recursive: true });
  const queryLog = options.logQueries === false ? undefined : path.join(QUERY_LOG_DIR, `${randomUUID()}.jsonl`);
  const first = await launch(0, queryLog);
  const { port } = first;
  let { child } = first;
  return {
    host: `127.0.0.1:${port}`,
    port,
    queryLog,
    stop: () => kill(child),
    restart: async () => {
      ({ child } = await launch(port, queryLog));
    },
    pause: () => {
      child.kill("SIGSTOP");
    },
    resume: () => {
      child.kill("SIGCONT");
    },
  };
}
