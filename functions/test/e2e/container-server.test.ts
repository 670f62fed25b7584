/**
 * The container entry point (functions/lib/server.js, what the Dockerfile runs) as a real process: it reads its
 * settings from the environment, listens on PORT and reaches Firestore through the Admin SDK.
 * (Docker itself cannot run on this project's machines; this tests everything inside the image.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { startFirestoreEmulator, type RunningEmulator } from "../helpers/firestore-emulator";

let firestore: RunningEmulator;
let server: ChildProcess;
let base: string;

beforeAll(async () => {
  firestore = await startFirestoreEmulator();
  server = spawn(process.execPath, [path.resolve(__dirname, "../../lib/server.js")], {
    env: {
      ...process.env,
      // The server picks its own port and reports it: nothing can take it between a probe and the listen.
      PORT: "0",
      FIRESTORE_EMULATOR_HOST: firestore.host,
      GCLOUD_PROJECT: "demo-breath-master",
      METADATA_SERVER_DETECTION: "none",
      USER_ID_PEPPER: "container-test-pepper-0123456789",
      ADMIN_API_KEY: "container-test-admin-key",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // The whole line, newline included: a chunk may end in the middle of it.
      const listening = /"message":"listening","port":(\d+)\}\n/.exec(output);
      if (listening) resolve(Number(listening[1]));
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  base = `http://127.0.0.1:${port}/api/v1`;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (firestore) await firestore.stop();
});

test("serves health and a sync end to end, with settings from the environment", async () => {
  expect((await fetch(`${base}/health`)).status).toBe(200);
  const res = await fetch(`${base}/sync`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${randomUUID()}` },
    body: JSON.stringify({ data: { meditation: { totalXP: 42 } } }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { serverData: { data: { meditation: { totalXP: number } } } }).serverData.data.meditation.totalXP).toBe(42);
  const admin = await fetch(`${base}/admin/jobs/challenges`, { method: "POST", headers: { "x-admin-key": "container-test-admin-key" } });
  expect(admin.status).toBe(200);
});

test("stops cleanly on SIGTERM", async () => {
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  server.kill("SIGTERM");
  expect(await exited).toBe(0);
});
