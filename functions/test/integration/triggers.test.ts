/**
 * The Cloud Functions entry point (index.ts) as the platform runs it: the three scheduled triggers, invoked through
 * firebase-functions-test's `wrap()`, run their jobs against the Firestore emulator with the config read from the
 * environment; `onInit` runs before an instance's first invocation and stops it when a param is unreadable.
 */
import firebaseFunctionsTest from "firebase-functions-test";
import type { CloudEvent, CloudFunction } from "firebase-functions/v2";
import request from "supertest";
import { utcDay, addDays } from "../../src/domain/dates";
import { startFirestoreEmulator, type RunningEmulator } from "../helpers/firestore-emulator";

type Index = typeof import("../../src/index") & import("../../src/index").ScheduledTriggers;
type FirestoreModule = typeof import("../../src/firestore");

const fft = firebaseFunctionsTest({ projectId: "demo-breath-master" });
const SECRETS = { USER_ID_PEPPER: "triggers-test-pepper-0123456789", ADMIN_API_KEY: "triggers-test-admin-key-0123" };
let emulator: RunningEmulator;
const saved = { ...process.env };

/** A scheduled trigger through `wrap()`, as Cloud Scheduler's event would run it (its typings only know CloudEvents). */
const runScheduled = (trigger: Index["publishChallenges"]) =>
  fft.wrap(trigger as unknown as CloudFunction<CloudEvent<unknown>>)({}) as Promise<void>;

/** The HTTP form Cloud Scheduler invokes (what `onInit` precedes); resolves with the status it answered. */
function invokeOverHttp(trigger: Index["publishChallenges"]): Promise<number | undefined> {
  let status: number | undefined;
  const req = { header: () => undefined };
  const res = { status: (code: number) => ((status = code), { send: () => undefined }) };
  return (trigger as unknown as (req: unknown, res: unknown) => Promise<void>)(req, res).then(() => status);
}

/** index.ts and everything it loads (firebase-functions' init state included) in a registry of its own. */
function freshIndex(env: Record<string, string> = {}): { index: Index; firestore: FirestoreModule } {
  Object.assign(process.env, SECRETS, { FIRESTORE_EMULATOR_HOST: emulator.host }, env);
  let loaded!: { index: Index; firestore: FirestoreModule };
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy per test is the point
    loaded = { index: require("../../src/index") as Index, firestore: require("../../src/firestore") as FirestoreModule };
  });
  return loaded;
}

beforeAll(async () => {
  emulator = await startFirestoreEmulator();
});
afterEach(() => {
  // What a test put in the environment (a bad param) must not reach the next one.
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});
afterAll(async () => {
  fft.cleanup();
  // firebase-admin is loaded lazily (after the isolated registries are gone), so every fresh index shares the one
  // default app of this file: deleting it closes the Firestore client they all used.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the main registry's copy, the one the lazily loaded code used
  const { getApps, deleteApp } = require("firebase-admin/app") as typeof import("firebase-admin/app");
  await Promise.all(getApps().map((app) => deleteApp(app)));
  await emulator.stop();
});

test("the scheduled triggers run their jobs on the project's Firestore", async () => {
  const { index, firestore } = freshIndex();
  // The triggers run on the wall clock, as in production: the job's "today" is the day before or after it ran.
  const before = utcDay(new Date());
  await runScheduled(index.publishChallenges);
  const db = firestore.defaultFirestore();
  const published = (await db.collection("challenges").get()).docs.map((doc) => [doc.id, doc.get("source")]);
  const today = published[0]?.[0] === before ? before : utcDay(new Date());
  expect(published).toEqual([
    [today, "generated"],
    [addDays(today, 1), "generated"],
  ]);

  await runScheduled(index.rebuildLeaderboards);
  const boards = await db.collection("leaderboards").get();
  expect(boards.docs.map((doc) => doc.id).sort()).toEqual(["daily", "monthly", "weekly"]);

  await expect(runScheduled(index.purgeExpired)).resolves.toBeUndefined();
});

test("with a good config, onInit lets the instance serve: the API and a schedule's HTTP form", async () => {
  const { index } = freshIndex();
  const res = await request(index.api as unknown as import("express").Express).get("/api/v1/health").expect(200);
  expect(res.body.status).toBe("ok");
  expect(await invokeOverHttp(index.rebuildLeaderboards)).toBe(200);
});

test("onInit stops an instance whose param is unreadable, naming the param and never its value", async () => {
  const { index } = freshIndex({ RATE_LIMIT_PER_IP_PER_MINUTE: "abc" });
  // A job's own failure would be caught by the trigger and answered with a 500; only onInit, which runs before the
  // handler, makes the invocation itself fail — so a rejection here is onInit's doing.
  const failure = await invokeOverHttp(index.rebuildLeaderboards).then(
    (status) => `answered ${status}`,
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/RATE_LIMIT_PER_IP_PER_MINUTE must be a whole number/);
  expect(failure).not.toContain("abc");
});
