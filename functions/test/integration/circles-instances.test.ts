/**
 * Circles keep their promises on every instance and on Firestore's semantics, whatever an instance has cached:
 * two app instances on one emulator; removals read back from the datastore; a board that filters its query's
 * answer loses no member to the query's limit; stale circle ids in user records are repaired; a crowd racing for
 * the last places of a circle ends with exactly the limit and consistent records.
 */
import request from "supertest";
import type { Express } from "express";
import { startTestStack, newUserId, TEST_START, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { userKeyOf } from "../../src/users/user-keys";

jest.setTimeout(120_000);

let stack: TestStack;
let other: Express; // a second instance: its own caches, the same datastore
const PEPPER = testConfig().userIdPepper;
const TODAY = TEST_START.slice(0, 10);
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };

beforeAll(async () => {
  stack = await startTestStack();
  other = stack.makeApp();
});
afterAll(async () => {
  await stack.close();
});

const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });
const api = (app: Express = stack.app) => request(app);
const devices = new Map<string, string>();
const deviceOf = (userId: string) => devices.get(userId) ?? devices.set(userId, newUserId()).get(userId);
/** A sync whose device earned `xp` today (the day's and week's scores). */
const syncXp = (userId: string, xp: number, app?: Express) =>
  api(app).post("/api/v1/sync").set(bearer(userId)).send({ data: {}, device: { deviceId: deviceOf(userId), earned: { xp }, localDate: TODAY } }).expect(200);
const create = async (userId: string) => (await api().post("/api/v1/circles").set(bearer(userId)).expect(201)).body as { circleId: string; code: string };
const join = (userId: string, code: string, app?: Express) => api(app).post("/api/v1/circles/join").set(bearer(userId)).send({ code });
const leave = (userId: string, circleId: string, app?: Express) => api(app).delete(`/api/v1/circles/${circleId}/members/me`).set(bearer(userId));
const board = (userId: string, circleId: string, app?: Express) => api(app).get(`/api/v1/circles/${circleId}/leaderboard?period=weekly`).set(bearer(userId));
const scores = (res: request.Response) => (res.body.rankings as Array<{ xp: number }>).map((r) => r.xp);

/** A user who has synced once (with no XP yet). */
async function newUser(): Promise<string> {
  const userId = newUserId();
  await syncXp(userId, 0);
  return userId;
}
const userDoc = async (userId: string) => (await stack.db.collection("users").doc(userKeyOf(userId, PEPPER)).get()).data();
const circleDoc = async (circleId: string) => (await stack.db.collection("circles").doc(circleId).get()).data();

test("A 100 XP this week and B 60 in a circle, E joins with 30, B leaves: A's board shows 100, 30 (read back: B's record lists no circle)", async () => {
  const [a, b, e] = [await newUser(), await newUser(), await newUser()];
  const { circleId, code } = await create(a);
  await join(b, code).expect(200);
  await syncXp(a, 100);
  await syncXp(b, 60);
  await join(e, code).expect(200);
  await syncXp(e, 30);
  await leave(b, circleId).expect(204);

  expect(scores(await board(a, circleId).expect(200))).toEqual([100, 30]);
  expect(scores(await board(a, circleId, other).expect(200))).toEqual([100, 30]);
  // The removal itself, read back: the field is gone from B's record, B is gone from the member list.
  expect(await userDoc(b)).not.toHaveProperty("circles");
  expect((await circleDoc(circleId))?.members).toEqual([userKeyOf(a, PEPPER), userKeyOf(e, PEPPER)]);
});

test("export after leaving the last circle lists none (read back: the circle and its code are gone, the record lists nothing)", async () => {
  const u = await newUser();
  const { circleId } = await create(u);
  const codeKey = String((await circleDoc(circleId))?.codeKey);
  await leave(u, circleId).expect(204);
  const exported = await api().get("/api/v1/me/export").set(bearer(u)).expect(200);
  expect(exported.body.circles).toEqual([]);
  expect(exported.body.progress).not.toHaveProperty("circles");
  expect(await userDoc(u)).not.toHaveProperty("circles");
  expect(await circleDoc(circleId)).toBeUndefined();
  expect((await stack.db.collection("circleCodes").doc(codeKey).get()).exists).toBe(false);
});

test("a removal by the creator, read back: the member's record and the member list both lose it", async () => {
  const [owner, member] = [await newUser(), await newUser()];
  const { circleId, code } = await create(owner);
  const joined = await join(member, code).expect(200);
  expect(joined.body.circleId).toBe(circleId);
  await syncXp(member, 10);
  const name = (await board(owner, circleId).expect(200)).body.rankings[0].anonymousId as string;
  await api().delete(`/api/v1/circles/${circleId}/members/${name}`).set(bearer(owner)).expect(204);
  expect(await userDoc(member)).not.toHaveProperty("circles");
  expect((await circleDoc(circleId))?.members).toEqual([userKeyOf(owner, PEPPER)]);
});

describe("two instances: what one instance changes, the other's cached board answers for at once", () => {
  let circleId: string;
  let code: string;
  let owner: string;
  let leaver: string;
  let deleter: string;

  beforeAll(async () => {
    [owner, leaver, deleter] = [await newUser(), await newUser(), await newUser()];
    ({ circleId, code } = await create(owner));
    for (const u of [leaver, deleter]) await join(u, code).expect(200);
    for (const u of [owner, leaver, deleter]) await syncXp(u, 20);
    // Every member warms the other instance's cache of the board.
    for (const u of [owner, leaver, deleter]) expect((await board(u, circleId, other).expect(200)).body.members).toBe(3);
  });

  test("after DELETE /me on one instance, the board on the other answers 410", async () => {
    await api().delete("/api/v1/me").set(bearer(deleter)).expect(204);
    const res = await board(deleter, circleId, other).expect(410);
    expect(res.body.error.code).toBe("gone");
  });

  test("a member who left on one instance gets 404 from the other", async () => {
    await leave(leaver, circleId).expect(204);
    expect((await board(leaver, circleId, other).expect(404)).body.error.code).toBe("not_found");
  });

  test("a member who joined on one instance reads the board on the other at once, which counts exactly the members", async () => {
    const newcomer = await newUser();
    await join(newcomer, code).expect(200);
    const res = await board(newcomer, circleId, other).expect(200);
    expect(res.body.members).toBe((await circleDoc(circleId))?.members.length);
    expect(res.body.members).toBe(2);
  });
});

test("stale circle ids in user records are left off the board, cost no member their place, and are repaired", async () => {
  const [a, b, stale] = [await newUser(), await newUser(), await newUser()];
  const { circleId, code } = await create(a);
  await join(b, code).expect(200);
  await syncXp(a, 50);
  await syncXp(b, 40);
  // A record that lists the circle without being a member (left behind by an older bug), and scores more.
  await stack.db.collection("users").doc(userKeyOf(stale, PEPPER)).update({ circles: [circleId] });
  await syncXp(stale, 90);
  const res = await board(a, circleId, other).expect(200);
  expect(scores(res)).toEqual([50, 40]);
  expect(res.body.members).toBe(2);
  expect(await userDoc(stale)).not.toHaveProperty("circles");
  // The stale member themself gets 404, and their record stays repaired.
  await stack.db.collection("users").doc(userKeyOf(stale, PEPPER)).update({ circles: [circleId, "0".repeat(20)] });
  await board(stale, circleId).expect(404);
  expect((await userDoc(stale))?.circles).toEqual(["0".repeat(20)]);
  // The board of a circle that does not exist repairs the record too (failed before: 404, the id kept).
  await board(stale, "0".repeat(20)).expect(404);
  expect(await userDoc(stale)).not.toHaveProperty("circles");
  await stack.db.collection("users").doc(userKeyOf(stale, PEPPER)).update({ circles: ["0".repeat(20)] });
  // GET /circles drops the id of a circle that does not exist.
  expect((await api().get("/api/v1/circles").set(bearer(stale)).expect(200)).body.circles).toEqual([]);
  expect(await userDoc(stale)).not.toHaveProperty("circles");
  // The retention job finds and repairs stale records of any circle.
  await stack.db.collection("users").doc(userKeyOf(stale, PEPPER)).update({ circles: [circleId] });
  const job = await api().post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
  expect(job.body.summary.recordsRepaired).toBeGreaterThanOrEqual(1);
  expect(await userDoc(stale)).not.toHaveProperty("circles");
});

test("60 users racing on two instances to join a circle of 50: exactly 50 members, every record consistent with the member list", async () => {
  const owner = await newUser();
  const { circleId, code } = await create(owner);
  const crowd: string[] = [];
  for (let i = 0; i < 60; i++) crowd.push(await newUser());
  // Each joins as a client does: a 503 (the datastore busy past the deadline) is retried, anything else is final.
  const joinUntilAnswered = async (userId: string, app: Express): Promise<number> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await join(userId, code, app);
      if (res.status !== 503) return res.status;
    }
    throw new Error("a join kept answering 503");
  };
  const statuses = await Promise.all(crowd.map((u, i) => joinUntilAnswered(u, i % 2 === 0 ? stack.app : other)));
  expect(statuses.filter((s) => s === 200)).toHaveLength(49); // the owner holds the 50th place
  expect(statuses.filter((s) => s === 403)).toHaveLength(11);
  const members = (await circleDoc(circleId))?.members as string[];
  expect(new Set(members).size).toBe(50);
  for (const [i, u] of [owner, ...crowd].entries()) {
    const listed = ((await userDoc(u))?.circles as string[] | undefined)?.includes(circleId) ?? false;
    expect({ i, listed }).toEqual({ i, listed: members.includes(userKeyOf(u, PEPPER)) });
  }
});
