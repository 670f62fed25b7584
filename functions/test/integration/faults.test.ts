/**
 * Outages: the Firestore emulator frozen (calls hang, data kept) or killed and started again. Requests get a
 * bounded 503 `unavailable` with Retry-After, the service recovers by itself, and nothing is lost or counted twice.
 *
 * Decided by events, not by the wall clock: a request answered while the emulator is frozen can only have been
 * answered by our own deadline (FIRESTORE_TIMEOUT_MS), so "answered before we thaw it" is the bound. Requests meant
 * to succeed go through an app whose deadline covers a cold first request on a busy machine (loading the Admin SDK,
 * opening the gRPC channel); only the requests meant to meet the outage use the short one. So a retry here reaches
 * another instance than the request that met the outage (the cross-instance case: the transaction keeps them
 * apart); that within one instance a retry waits for the late transaction is KeyedLock's unit test (http-helpers).
 */
import request from "supertest";
import type { Express } from "express";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";

/** The deadline of the requests that meet the outage. */
const TIMEOUT_MS = 1500;
/** The deadline of every request meant to succeed: far above any cold start, far below jest's test timeout. */
const SERVED_MS = 20_000;
let stack: TestStack;
/** An instance with the short deadline (its own queue and caches), on the same datastore. */
let outage: Express;
beforeAll(async () => {
  stack = await startTestStack({ firestoreTimeoutMs: SERVED_MS });
  outage = stack.makeApp({ firestoreTimeoutMs: TIMEOUT_MS });
  // Warm the way to the datastore (the process's first request loads the Admin SDK and opens the channel that
  // every instance here shares), under the generous deadline.
  await request(stack.app).post("/api/v1/sync").set(bearer(newUserId())).send({ data: {} }).expect(200);
}, 60_000);
afterAll(async () => {
  stack.emulator.resume();
  await stack.close();
});

function bearer(userId: string) {
  return { Authorization: `Bearer ${userId}` };
}

test("Firestore frozen mid-test → 503 with Retry-After in bounded time; thawed → the retry lands once, nothing lost", async () => {
  const userId = newUserId();
  const deviceId = newUserId();
  await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 100 } } }).expect(200);
  const earn = { data: {}, device: { deviceId, earned: { xp: 20 }, localDate: "2026-11-24" } };

  stack.emulator.pause();
  try {
    // Answered while the emulator is frozen: by our deadline, so in bounded time.
    const res = await request(outage).post("/api/v1/sync").set(bearer(userId)).send(earn);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("unavailable");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    // a route that needs the datastore on a cold cache fails the same way
    const board = await request(stack.makeApp({ firestoreTimeoutMs: TIMEOUT_MS })).get("/api/v1/leaderboard?period=daily");
    expect(board.status).toBe(503);
  } finally {
    stack.emulator.resume();
  }

  // The client retries its request, as it would after a 503: the total is 120, not 100 and not 140.
  const retried = await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send(earn).expect(200);
  expect(retried.body.serverData.data.meditation.totalXP).toBe(120);
  const again = await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: {} }).expect(200);
  expect(again.body.serverData.data.meditation.totalXP).toBe(120);
});

test("Firestore frozen: 8 concurrent syncs of one user each answer by their own deadline; nothing acknowledged is lost", async () => {
  const userId = newUserId();
  const devices = Array.from({ length: 8 }, () => newUserId());
  await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 100 } } }).expect(200);
  const earn = (i: number) => ({ data: {}, device: { deviceId: devices[i], earned: { xp: 10 + i }, localDate: "2026-11-24" } });

  stack.emulator.pause();
  let answers: Array<{ status: number; retryAfter?: string }>;
  try {
    // All eight are answered while the emulator stays frozen: the ones queued behind the first (hung) sync give up
    // at their own deadlines instead of waiting for it (the queue's timing itself is unit-tested on a fake clock).
    answers = await Promise.all(
      devices.map(async (_, i) => {
        const result = await request(outage).post("/api/v1/sync").set(bearer(userId)).send(earn(i));
        return { status: result.status, retryAfter: result.headers["retry-after"] };
      }),
    );
  } finally {
    stack.emulator.resume();
  }
  for (const answer of answers) {
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  }
  // Each client retries once the datastore is back: every device's earnings count exactly once.
  for (let i = 0; i < devices.length; i++) {
    await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send(earn(i)).expect(200);
  }
  const final = await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: {} }).expect(200);
  expect(final.body.serverData.data.meditation.totalXP).toBe(100 + devices.reduce((sum, _, i) => sum + 10 + i, 0));
});

test("Firestore down (process gone) → 503 in bounded time; back up → the app recovers by itself, no restart", async () => {
  await stack.emulator.stop();
  // Answered while nothing listens: by our deadline or by the channel's own failure, never by a datastore.
  const down = await request(outage).post("/api/v1/sync").set(bearer(newUserId())).send({ data: { meditation: { totalXP: 5 } } });
  expect(down.status).toBe(503);
  expect(down.headers["retry-after"]).toBeDefined();

  await stack.emulator.restart();
  // gRPC reconnects with a short backoff of its own (we measured about 1.7 s). A client that retries as told by
  // Retry-After gets through: we retry the same request until it does — the 200 decides, not a stopwatch.
  const userId = newUserId();
  const send = () => request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 5 } } });
  let up = await send();
  for (let attempt = 1; up.status === 503 && attempt < 100; attempt++) {
    // eslint-disable-next-line no-restricted-syntax -- pacing between retries (as a client honouring Retry-After would), not a wait for work: the 200 decides
    await new Promise((resolve) => setTimeout(resolve, 200));
    up = await send();
  }
  expect(up.status).toBe(200);
  expect(up.body.serverData.data.meditation.totalXP).toBe(5);
  // and from then on every request is served
  for (let i = 0; i < 5; i++) await request(stack.app).get("/api/v1/challenges/daily").expect(200);
}, 60_000);
