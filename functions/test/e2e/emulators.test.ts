/**
 * End to end through the Firebase emulators: Hosting rewrites /api/** to the `api` function, which runs our
 * built code (functions/lib) with the params from functions/.env.local and .secret.local, on a real Firestore
 * emulator. This proves the wiring that unit and integration tests cannot: firebase.json, index.ts, params.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync, rmSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { startFirestoreEmulator, type RunningEmulator } from "../helpers/firestore-emulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, PROJECT_ID, FIREBASE_BIN, ensureLocalSecrets, localEnv } = require("../../../scripts/local-env.js");

jest.setTimeout(180_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let firestore: RunningEmulator;
let emulators: ChildProcess;
let configFile: string;
let base: string;
let output = "";

beforeAll(async () => {
  ensureLocalSecrets();
  firestore = await startFirestoreEmulator();
  const [hosting, functions, hub, logging] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const config = JSON.parse(readFileSync(path.join(ROOT, "firebase.json"), "utf8"));
  config.emulators = {
    hosting: { host: "127.0.0.1", port: hosting },
    functions: { host: "127.0.0.1", port: functions },
    hub: { host: "127.0.0.1", port: hub },
    logging: { host: "127.0.0.1", port: logging },
    ui: { enabled: false },
    singleProjectMode: true,
  };
  configFile = path.join(ROOT, `firebase.e2e-${process.pid}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  base = `http://127.0.0.1:${hosting}/api/v1`;

  emulators = spawn(
    process.execPath,
    [FIREBASE_BIN, "emulators:start", "--only", "functions,hosting", "--project", PROJECT_ID, "--config", configFile],
    { cwd: ROOT, env: localEnv({ FIRESTORE_EMULATOR_HOST: firestore.host }), detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  emulators.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  emulators.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 150_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || emulators.exitCode !== null) throw new Error(`emulators did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

afterAll(async () => {
  if (emulators && emulators.exitCode === null) {
    const exited = new Promise((resolve) => emulators.once("exit", resolve));
    process.kill(-emulators.pid!, "SIGINT");
    const force = setTimeout(() => process.kill(-emulators.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  }
  if (configFile) rmSync(configFile, { force: true });
  if (firestore) await firestore.stop();
});

test("health answers through the Hosting rewrite", async () => {
  const res = await fetch(`${base}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", version: expect.any(String) });
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
});

test("a sync through Hosting → Functions → Firestore merges two devices and stores no userId", async () => {
  const userId = randomUUID();
  const post = (body: unknown) =>
    fetch(`${base}/sync`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${userId}` },
      body: JSON.stringify(body),
    });
  const today = new Date().toISOString().slice(0, 10);
  expect((await post({ data: { meditation: { totalXP: 100 } } })).status).toBe(200);
  await post({ data: {}, device: { deviceId: randomUUID(), earned: { xp: 20 }, localDate: today } });
  const res = await post({ data: {}, device: { deviceId: randomUUID(), earned: { xp: 30 }, localDate: today } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { synced: boolean; serverData: { data: { meditation: { totalXP: number } } } };
  expect(body.synced).toBe(true);
  expect(body.serverData.data.meditation.totalXP).toBe(150);
  // The function's own log lines (in the emulator's output) never carry the userId.
  expect(output).not.toContain(userId);
});

test("bad input is a 400 in the contract's shape through the whole chain", async () => {
  const res = await fetch(`${base}/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: "00000000-0000-0000-0000-000000000000", data: {} }),
  });
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; details: Array<{ path: string }> } };
  expect(body.error.code).toBe("invalid_request");
  expect(body.error.details[0].path).toBe("userId");
});

test("unknown routes are a 404 in the contract's shape", async () => {
  const res = await fetch(`${base}/nope`);
  expect(res.status).toBe(404);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
});
