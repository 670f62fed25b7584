/**
 * Firestore access shared by every feature: a lazily created client (firebase-admin and gRPC load on first use,
 * not at import, so a cold start stays small) and `guarded()`, which bounds how long a request waits for the
 * datastore and turns its outages into the contract's 503 `unavailable`.
 */
import type { App } from "firebase-admin/app";
import type { Firestore } from "firebase-admin/firestore";
import { AppError } from "./errors";

export type FirestoreProvider = () => Firestore;

let defaultDb: Firestore | undefined;

/** The process's firebase-admin app (created on first use with the environment's project and credentials). */
export function defaultApp(): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import: a cold start loads only what it needs
  const { initializeApp, getApps } = require("firebase-admin/app") as typeof import("firebase-admin/app");
  return getApps()[0] ?? initializeApp();
}

/** The project's Firestore (the emulator's when FIRESTORE_EMULATOR_HOST is set, as firebase-admin decides). */
export const defaultFirestore: FirestoreProvider = () => {
  if (!defaultDb) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import: a cold start loads only what it needs
    const { getFirestore } = require("firebase-admin/firestore") as typeof import("firebase-admin/firestore");
    defaultDb = getFirestore(defaultApp());
  }
  return defaultDb;
};

/** firebase-admin's value types (Timestamp, FieldValue, ...), loaded on first use. */
export function firestoreTypes(): typeof import("firebase-admin/firestore") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import: a cold start loads only what it needs
  return require("firebase-admin/firestore") as typeof import("firebase-admin/firestore");
}

export const RETRY_AFTER_SECONDS = 5;

/** gRPC status codes that mean "the datastore is not there right now", not "your request is wrong". */
const TRANSIENT_GRPC_CODES = new Set([
  1, // CANCELLED
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  10, // ABORTED (a transaction that kept conflicting)
  13, // INTERNAL
  14, // UNAVAILABLE
]);

/** The contract's 503 for a datastore that did not answer in time. */
export function unavailable(): AppError {
  return new AppError("unavailable", "The datastore is unreachable right now; try again shortly.", {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

/**
 * The one place that applies FIRESTORE_TIMEOUT_MS: every datastore operation of a request or a job runs through
 * `ctx.data(op)`, which gives it the project's Firestore and the instant its deadline ends (for waits of its own,
 * such as the per-user queue), and answers 503 when the deadline passes.
 */
export type Datastore = <T>(operation: (db: Firestore, deadline: number) => Promise<T>) => Promise<T>;

export function datastore(db: FirestoreProvider, timeoutMs: number): Datastore {
  return (operation) => {
    const deadline = Date.now() + timeoutMs;
    return guarded(() => operation(db(), deadline), timeoutMs);
  };
}

/**
 * Runs one datastore operation with a deadline. An outage or timeout becomes 503 with Retry-After; every write
 * of ours is idempotent (a retry of a sync changes nothing), so an operation that still lands after we gave up
 * loses nothing and counts nothing twice.
 */
export async function guarded<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), timeoutMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number" && TRANSIENT_GRPC_CODES.has(code)) throw unavailable();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Deletes up to `limit` documents of `collection` whose `expireAt` has passed, oldest first, in one batch; returns
 * how many. The stores that own a collection expose it (users, pairing codes); the retention job pages through it.
 */
export async function deleteExpired(db: Firestore, collection: string, now: Date, limit: number): Promise<number> {
  const { Timestamp } = firestoreTypes();
  const expired = await db.collection(collection).where("expireAt", "<=", Timestamp.fromDate(now)).orderBy("expireAt").limit(limit).select().get();
  if (expired.empty) return 0;
  const batch = db.batch();
  for (const doc of expired.docs) batch.delete(doc.ref);
  await batch.commit();
  return expired.size;
}
