/**
 * The container entry point (functions/lib/server.js, what the Dockerfile runs) as a real process: it reads its
 * settings from the environment, listens on PORT and reaches Firestore through the Admin SDK.
 * (Docker itself cannot run on this project's machines; this tests everything inside the image.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { startFirestoreEmulator, type RunningEmulator } from "../helpers/firestore-emulator";
import { streamChunkedUpload } from "../helpers/streaming-upload";

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
      RATE_LIMIT_CLAIMS_PER_IP_PER_HOUR: "3",
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

test("straight on a host (TRUSTED_PROXY_HOPS unset: 0), a client-written X-Forwarded-For changes no limit", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${base}/pairing/claim`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}, 2001:db8:${i}::1` },
      body: JSON.stringify({ code: "BM-AAAA-AAAA" }),
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
});

test("a 64 MB chunked upload gets the 413 and its connection closed, not drained", async () => {
  const outcome = await streamChunkedUpload(`${base}/sync`, 64 * 1024 * 1024, "polite");
  expect(outcome.status).toBe(413);
  expect(JSON.parse(outcome.body).error.code).toBe("payload_too_large");
  expect(outcome.closedEarly).toBe(true);
  expect(outcome.sentBytes).toBeLessThan(16 * 1024 * 1024);
  // A client that writes on whatever the answer is cut off as well: after the linger and the kernels' buffers.
  const blind = await streamChunkedUpload(`${base}/sync`, 256 * 1024 * 1024, "blind");
  expect(blind.closedEarly).toBe(true);
  expect(blind.sentBytes).toBeLessThan(64 * 1024 * 1024);
});

test("every one of 20 oversized uploads in a row gets its 413: the linger outlasts what the kernels buffered", async () => {
  // With a 1 MiB linger, the upload buffered while reading was paused passed the cap as soon as the linger began,
  // and the reset reached a busy client before it had read the answer: 12 of 30 lost their 413 on a loaded machine.
  // (A client in the server's own process cannot see this race: it only reads between the server's steps.)
  const statuses: Array<number | undefined> = [];
  for (let i = 0; i < 20; i++) statuses.push((await streamChunkedUpload(`${base}/sync`, 64 * 1024 * 1024, "polite")).status);
  expect(statuses).toEqual(Array(20).fill(413));
});

test("stops cleanly on SIGTERM", async () => {
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
  server.kill("SIGTERM");
  expect(await exited).toBe(0);
});
