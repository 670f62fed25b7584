/**
 * The real Express app wired to a real Firestore emulator through the real Admin SDK, with an injectable clock
 * and a log collector. Nothing of ours is mocked.
 */
import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import type { Express } from "express";
import { createApp, type AppDeps } from "../../src/app";
import { testConfig, type Config } from "../../src/config";
import type { LogEntry } from "../../src/context";
import { startFirestoreEmulator, type RunningEmulator } from "./firestore-emulator";
import { failOnResponseMismatch, recordLogLine } from "./log-capture";

export interface TestStack {
  emulator: RunningEmulator;
  db: Firestore;
  app: Express;
  /** The app's clock; tests that move it restore it with `resetClock()` in an `afterEach`, so a failing test cannot leave it moved. */
  clock: { now: Date };
  resetClock(): void;
  logs: LogEntry[];
  /** A second app instance (its own in-memory state) on the same datastore, with other settings if given. */
  makeApp(overrides?: Partial<Config>, deps?: Partial<AppDeps>): Express;
  close(): Promise<void>;
}

/** Where every test stack's clock starts (a Tuesday, 10:00 UTC). */
export const TEST_START = "2026-11-24T10:00:00.000Z";

export async function startTestStack(overrides: Partial<Config> = {}): Promise<TestStack> {
  const emulator = await startFirestoreEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const adminApp: App = initializeApp({ projectId: "demo-breath-master" }, `test-${randomUUID()}`);
  const db = getFirestore(adminApp);
  const clock = { now: new Date(TEST_START) };
  const logs: LogEntry[] = [];
  const makeApp = (more: Partial<Config> = {}, deps: Partial<AppDeps> = {}) =>
    createApp({
      // Firestore gets a minute before a 503 (the service's 5 s unless a test sets it, as the fault tests do): on
      // a machine shared with other work the emulator's answers can take longer, and only fault tests are about that.
      config: testConfig({ firestoreTimeoutMs: 60_000, ...overrides, ...more }),
      db: () => db,
      now: () => new Date(clock.now),
      log: (entry) => {
        logs.push(entry);
        recordLogLine(entry);
      },
      onResponseMismatch: failOnResponseMismatch,
      ...deps,
    });
  return {
    emulator,
    db,
    app: makeApp(),
    clock,
    resetClock: () => {
      clock.now = new Date(TEST_START);
    },
    logs,
    makeApp,
    close: async () => {
      // Terminate the client first, so no call of this file is still retrying when the next file runs.
      await db.terminate();
      await deleteApp(adminApp);
      await emulator.stop();
    },
  };
}

/** Every document of a collection, by id, with its update time, for "nothing changed" assertions. */
export async function snapshotCollection(db: Firestore, name: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const snapshot = await db.collection(name).get();
  for (const doc of snapshot.docs) {
    result[doc.id] = { data: doc.data(), updateTime: doc.updateTime.toDate().toISOString() };
  }
  return result;
}

export const newUserId = (): string => randomUUID();
