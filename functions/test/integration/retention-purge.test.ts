/**
 * The retention purge on a real Firestore emulator: paged, oldest first, one query per page and nothing per user,
 * and a run stopped after one page is resumed by the next run where it ended.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { purgeExpired } from "../../src/ops/retention.job";

let stack: TestStack;
const DAY = 86_400_000;
const T0 = new Date("2026-11-24T10:00:00.000Z");

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const sync = (userId: string, xp: number) =>
  request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: { meditation: { totalXP: xp } } }).expect(200);
const context = () => createContext({ config: testConfig(), db: () => stack.db, now: () => new Date(stack.clock.now), log: () => {} });
const userCount = async () => (await stack.db.collection("users").count().get()).data().count;

test("a run stopped after one page is resumed by the next run, oldest first, and nothing live is touched", async () => {
  // Five users whose last sync was 370..366 days ago (oldest first), two active ones, and a pairing code of an
  // expired user made just before its last sync.
  const expired = [370, 369, 368, 367, 366].map((daysAgo) => ({ userId: newUserId(), daysAgo }));
  for (const { userId, daysAgo } of expired) {
    stack.clock.now = new Date(T0.getTime() - daysAgo * DAY);
    await sync(userId, daysAgo);
  }
  stack.clock.now = new Date(T0.getTime() - 366 * DAY);
  await request(stack.app).post("/api/v1/pairing").set("Authorization", `Bearer ${expired[4].userId}`).expect(201);
  stack.clock.now = new Date(T0.getTime() - 10 * DAY);
  const active = [newUserId(), newUserId()];
  for (const userId of active) await sync(userId, 1);
  stack.clock.now = new Date(T0);
  expect(await userCount()).toBe(7);

  const first = await purgeExpired(context(), { pageSize: 2, maxPages: 1 });
  expect(first).toMatchObject({ usersDeleted: 2, pairingCodesDeleted: 1, pages: 2, more: true });
  // The two oldest went first.
  const exportOf = (userId: string) => request(stack.app).get("/api/v1/me/export").set("Authorization", `Bearer ${userId}`);
  expect((await exportOf(expired[0].userId)).status).toBe(404);
  expect((await exportOf(expired[1].userId)).status).toBe(404);
  expect((await exportOf(expired[2].userId)).status).toBe(200);
  expect(await userCount()).toBe(5);

  const second = await purgeExpired(context(), { pageSize: 2 });
  expect(second).toMatchObject({ usersDeleted: 3, pairingCodesDeleted: 0, more: false });
  expect(await userCount()).toBe(2);
  for (const userId of active) expect((await exportOf(userId)).status).toBe(200);
  expect((await stack.db.collection("pairingCodes").count().get()).data().count).toBe(0);

  const third = await purgeExpired(context(), { pageSize: 2 });
  expect(third).toMatchObject({ usersDeleted: 0, pairingCodesDeleted: 0, more: false });
});
