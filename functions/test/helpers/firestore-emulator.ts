/**
 * Starts the embedded Firestore emulator (scripts/firestore-emulator.js) as a child process on a free port, the
 * same program `npm start` uses. Tests can stop it and start it again on the same port to simulate an outage.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const SCRIPT = path.resolve(__dirname, "../../../scripts/firestore-emulator.js");

export interface RunningEmulator {
  host: string;
  port: number;
  stop(): Promise<void>;
  /** Starts again on the same port (after `stop`), empty. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): calls hang, as in a network partition; its data is kept. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
}

function launch(port: number): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
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

export async function startFirestoreEmulator(): Promise<RunningEmulator> {
  const first = await launch(0);
  const { port } = first;
  let { child } = first;
  return {
    host: `127.0.0.1:${port}`,
    port,
    stop: () => kill(child),
    restart: async () => {
      ({ child } = await launch(port));
    },
    pause: () => {
      child.kill("SIGSTOP");
    },
    resume: () => {
      child.kill("SIGCONT");
    },
  };
}
