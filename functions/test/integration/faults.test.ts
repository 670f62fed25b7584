/**
 * Outages: the Firestore emulator frozen (calls hang, data kept) or killed and started again. Requests get a
 * bounded 503 `unavailable` with Retry-After, the service recovers by itself, and nothing is lost or counted twice.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";

const TIMEOUT_MS = 1500;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ firestoreTimeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  stack.emulator.resume();
  await stack.close();
});

const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });

async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await action();
  return { result, ms: Date.now() - started };
}

test("Firestore frozen mid-test → 503 with Retry-After in bounded time; thawed → the retry lands once, nothing lost", async () => {
  const userId = newUserId();
  const deviceId = newUserId();
  await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 100 } } }).expect(200);
  const earn = { data: {}, device: { deviceId, earned: { xp: 20 }, localDate: "2026-11-24" } };

  stack.emulator.pause();
  try {
    const { result: res, ms } = await timed(() => request(stack.app).post("/api/v1/sync").set(bearer(userId)).send(earn));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("unavailable");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(TIMEOUT_MS + 2000);
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

test("Firestore frozen: 8 concurrent syncs of one user each answer within FIRESTORE_TIMEOUT_MS + 1 s; nothing acknowledged is lost", async () => {
  const userId = newUserId();
  const devices = Array.from({ length: 8 }, () => newUserId());
  await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 100 } } }).expect(200);
  const earn = (i: number) => ({ data: {}, device: { deviceId: devices[i], earned: { xp: 10 + i }, localDate: "2026-11-24" } });

  stack.emulator.pause();
  let answers: Array<{ status: number; ms: number; retryAfter?: string }>;
  try {
    answers = await Promise.all(
      devices.map(async (_, i) => {
        const { result, ms } = await timed(() => request(stack.app).post("/api/v1/sync").set(bearer(userId)).send(earn(i)));
        return { status: result.status, ms, retryAfter: result.headers["retry-after"] };
      }),
    );
  } finally {
    stack.emulator.resume();
  }
  for (const answer of answers) {
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(TIMEOUT_MS + 1000);
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
  const { result: down, ms } = await timed(() =>
    request(stack.app).post("/api/v1/sync").set(bearer(newUserId())).send({ data: { meditation: { totalXP: 5 } } }),
  );
  expect(down.status).toBe(503);
  expect(down.headers["retry-after"]).toBeDefined();
  expect(ms).toBeLessThan(TIMEOUT_MS + 2000);

  await stack.emulator.restart();
  // gRPC reconnects with a short backoff (we measured about 1.7 s), so a client that retries as told by
  // Retry-After gets through; we poll faster than that and allow 6 s.
  const userId = newUserId();
  const started = Date.now();
  let up = await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 5 } } });
  while (up.status === 503 && Date.now() - started < 6000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    up = await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 5 } } });
  }
  expect(up.status).toBe(200);
  expect(up.body.serverData.data.meditation.totalXP).toBe(5);
  // and from then on every request is served at once
  for (let i = 0; i < 5; i++) await request(stack.app).get("/api/v1/challenges/daily").expect(200);
});
