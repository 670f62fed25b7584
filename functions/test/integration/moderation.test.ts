/**
 * Moderation on the real app and a real Firestore emulator: an operator hides an entry and every instance stops
 * showing it without a rebuild (the one that took the request at once, another once its board cache expires),
 * ranks closed up; the user's data and circle boards are untouched; the user sees it (`me`, export); unhide brings
 * the entry back at the next rebuild; every action is in the audit log; bad input and wrong keys change nothing.
 */
import request from "supertest";
import type { Express } from "express";
import { snapshotCollection, startTestStack, newUserId, TEST_START, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { BOARD_CACHE_SECONDS } from "../../src/leaderboard/leaderboard.store";
import { MAX_HIDDEN } from "../../src/moderation/hidden.store";
import { userKeyOf } from "../../src/users/user-keys";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const PEPPER = testConfig().userIdPepper;
const TODAY = "2026-11-24";

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => stack.resetClock());

const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });
const sync = (userId: string, body: Record<string, unknown>) =>
  request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: {}, ...body }).expect(200);
const daily = (app: Express = stack.app, query = "") => request(app).get(`/api/v1/leaderboard?period=daily${query}`);
const hide = (name: string, body: unknown = { reason: "implausible-gains", note: "17,430 XP in one request" }, app: Express = stack.app) =>
  request(app).put(`/api/v1/admin/hidden/${name}`).set(ADMIN).send(body as object);
const unhide = (name: string) => request(stack.app).delete(`/api/v1/admin/hidden/${name}`).set(ADMIN);
const rebuild = () => request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
const plain = (rankings: Array<{ rank: number; xp: number; anonymousId: string }>) => rankings.map((r) => [r.rank, r.xp, r.anonymousId]);

/** Everything moderation and the boards store: "nothing changed" compares two of these. */
async function stored() {
  return {
    moderation: await snapshotCollection(stack.db, "moderation"),
    audit: await snapshotCollection(stack.db, "audit"),
    users: await snapshotCollection(stack.db, "users"),
    leaderboards: await snapshotCollection(stack.db, "leaderboards"),
  };
}

describe("hide, unhide, and what everyone sees meanwhile", () => {
  const ids = { ana: newUserId(), ben: newUserId(), cy: newUserId(), dee: newUserId() };
  const names: Record<string, string> = {};
  let other: Express; // a second instance on the same datastore: its own board cache and hidden list
  let circleId: string;

  beforeAll(async () => {
    const gains = { ana: 60, ben: 50, cy: 40, dee: 30 };
    for (const [name, userId] of Object.entries(ids)) {
      const res = await sync(userId, { data: { meditation: { totalXP: 1000 } }, leaderboard: { optIn: true } });
      names[name] = res.body.serverData.anonymousId;
      await sync(userId, { device: { deviceId: newUserId(), earned: { xp: gains[name as keyof typeof gains] }, localDate: TODAY } });
    }
    await rebuild();
    const created = await request(stack.app).post("/api/v1/circles").set(bearer(ids.ana)).expect(201);
    circleId = created.body.circleId;
    await request(stack.app).post("/api/v1/circles/join").set(bearer(ids.ben)).send({ code: created.body.code }).expect(200);
    other = stack.makeApp();
    // The other instance has the board and the (empty) hidden list in memory before the hide.
    expect(plain((await daily(other).expect(200)).body.rankings).map((r) => r[2])).toEqual([names.ana, names.ben, names.cy, names.dee]);
  });

  test("hide: gone at once on this instance, ranks closed up, participants one fewer — no rebuild", async () => {
    const benDoc = async () => (await stack.db.collection("users").doc(userKeyOf(ids.ben, PEPPER)).get()).updateTime?.toMillis();
    const benBefore = await benDoc();
    const res = await hide(names.ben).expect(200);
    expect(res.body).toEqual({ anonymousId: names.ben, reason: "implausible-gains", note: "17,430 XP in one request", hiddenAt: TEST_START });
    const board = (await daily().expect(200)).body;
    expect(plain(board.rankings)).toEqual([
      [1, 60, names.ana],
      [2, 40, names.cy],
      [3, 30, names.dee],
    ]);
    expect(board.participants).toBe(3);
    expect(board.generatedAt).toBe(TEST_START); // the same board document: nothing was rebuilt
    // The user's own document is untouched.
    expect(await benDoc()).toBe(benBefore);
  });

  test("the other instance: its warm copy within the board cache's lifetime, then without the entry", async () => {
    expect(plain((await daily(other).expect(200)).body.rankings).map((r) => r[2])).toEqual([names.ana, names.ben, names.cy, names.dee]);
    stack.clock.now = new Date(Date.parse(TEST_START) + (BOARD_CACHE_SECONDS + 1) * 1000);
    const board = (await daily(other).expect(200)).body;
    expect(plain(board.rankings)).toEqual([
      [1, 60, names.ana],
      [2, 40, names.cy],
      [3, 30, names.dee],
    ]);
    expect(board.participants).toBe(3);
  });

  test("the user sees it: their `me` says hidden, their export says why; around= finds nothing", async () => {
    const mine = (await daily(stack.app).set(bearer(ids.ben)).expect(200)).body;
    expect(mine.me).toEqual({ anonymousId: names.ben, notOnBoard: "hidden", hidden: true });
    const exported = (await request(stack.app).get("/api/v1/me/export").set(bearer(ids.ben)).expect(200)).body;
    expect(exported.hidden).toEqual({ reason: "implausible-gains", note: "17,430 XP in one request", hiddenAt: TEST_START });
    await daily(stack.app, `&around=${names.ben}`).expect(404);
    const cy = (await daily(stack.app, `&around=${names.cy}`).expect(200)).body.me;
    expect(cy).toMatchObject({ rank: 2, xp: 40, exact: true });
    expect(cy.neighbours.map((n: { anonymousId: string }) => n.anonymousId)).toEqual([names.ana, names.dee]);
    // Others' `me` and export carry nothing about hiding.
    expect((await request(stack.app).get("/api/v1/me/export").set(bearer(ids.cy)).expect(200)).body.hidden).toBeUndefined();
  });

  test("circle boards are untouched", async () => {
    const board = (await request(stack.app).get(`/api/v1/circles/${circleId}/leaderboard?period=daily`).set(bearer(ids.ana)).expect(200)).body;
    expect(board.rankings.map((r: { anonymousId: string }) => r.anonymousId)).toEqual([names.ana, names.ben]);
  });

  test("the operator's list; the rebuild leaves the entry out too", async () => {
    const list = (await request(stack.app).get("/api/v1/admin/hidden").set(ADMIN).expect(200)).body;
    expect(list).toEqual({ hidden: [{ anonymousId: names.ben, reason: "implausible-gains", note: "17,430 XP in one request", hiddenAt: TEST_START }] });
    const run = (await rebuild()).body;
    expect(run.summary.daily).toEqual({ periodKey: TODAY, ranked: 3, participants: 3 });
    expect(plain((await daily().expect(200)).body.rankings).map((r) => r[2])).toEqual([names.ana, names.cy, names.dee]);
  });

  test("unhide: back at the next rebuild, with its rank", async () => {
    await unhide(names.ben).expect(204);
    // An instance that reads the board now gets the one rebuilt while hidden: not on it until the next rebuild.
    expect(plain((await daily(stack.makeApp()).expect(200)).body.rankings).map((r) => r[2])).toEqual([names.ana, names.cy, names.dee]);
    await rebuild();
    stack.clock.now = new Date(Date.parse(TEST_START) + (BOARD_CACHE_SECONDS + 1) * 1000);
    const board = (await daily().expect(200)).body;
    expect(plain(board.rankings)).toEqual([
      [1, 60, names.ana],
      [2, 50, names.ben],
      [3, 40, names.cy],
      [4, 30, names.dee],
    ]);
    expect((await daily(stack.app).set(bearer(ids.ben)).expect(200)).body.me).toMatchObject({ rank: 2, xp: 50 });
    expect((await request(stack.app).get("/api/v1/me/export").set(bearer(ids.ben)).expect(200)).body.hidden).toBeUndefined();
    expect((await request(stack.app).get("/api/v1/admin/hidden").set(ADMIN).expect(200)).body).toEqual({ hidden: [] });
  });

  test("the audit log has every action, newest first, a page at a time, and never the key", async () => {
    const all = (await request(stack.app).get("/api/v1/admin/audit").set(ADMIN).expect(200)).body;
    const actions = all.entries.map((e: { action: string; object: string }) => `${e.action} ${e.object}`);
    expect(actions.slice(0, 4)).toEqual(["job.run leaderboards", "hidden.unhide " + names.ben, "job.run leaderboards", "hidden.hide " + names.ben]);
    expect(all.entries[3]).toMatchObject({ detail: "implausible-gains", at: TEST_START });
    expect(JSON.stringify(all)).not.toContain(ADMIN["X-Admin-Key"]);
    const first = (await request(stack.app).get("/api/v1/admin/audit?limit=2").set(ADMIN).expect(200)).body;
    expect(first.entries).toEqual(all.entries.slice(0, 2));
    const second = (await request(stack.app).get(`/api/v1/admin/audit?limit=2&before=${first.next}`).set(ADMIN).expect(200)).body;
    expect(second.entries).toEqual(all.entries.slice(2, 4));
    const last = (await request(stack.app).get(`/api/v1/admin/audit?limit=100&before=${all.entries[all.entries.length - 2].id}`).set(ADMIN).expect(200)).body;
    expect(last).toEqual({ entries: all.entries.slice(-1) });
  });

  test("deleting one's data takes one's hidden entry with it", async () => {
    await hide(names.dee).expect(200);
    await request(stack.app).delete("/api/v1/me").set(bearer(ids.dee)).expect(204);
    expect((await request(stack.app).get("/api/v1/admin/hidden").set(ADMIN).expect(200)).body).toEqual({ hidden: [] });
  });
});

describe("bad requests change nothing", () => {
  let name: string;
  beforeAll(async () => {
    name = (await sync(newUserId(), { data: { meditation: { totalXP: 10 } }, leaderboard: { optIn: true } })).body.serverData.anonymousId;
  });

  const routes = (anonymousId: string) => [
    ["put", `/api/v1/admin/hidden/${anonymousId}`],
    ["delete", `/api/v1/admin/hidden/${anonymousId}`],
    ["get", "/api/v1/admin/hidden"],
    ["get", "/api/v1/admin/audit"],
  ] as const;

  test("no key or a wrong key: 401 in the contract's error shape, on every moderation and audit route", async () => {
    const before = await stored();
    for (const [method, url] of routes(name)) {
      for (const headers of [{}, { "X-Admin-Key": "guess-guess-guess-guess" }]) {
        const res = await request(stack.app)[method](url).set(headers).send({ reason: "other" }).expect(401);
        expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      }
    }
    expect(await stored()).toEqual(before);
  });

  test("an unknown anonymousId: 404 to hide and to unhide; a known one that is not hidden: 404 to unhide", async () => {
    const before = await stored();
    const unknown = "calm-otter-0000";
    expect((await hide(unknown).expect(404)).body.error.code).toBe("not_found");
    expect((await unhide(unknown).expect(404)).body.error.code).toBe("not_found");
    expect((await unhide(name).expect(404)).body.error.code).toBe("not_found");
    expect(await stored()).toEqual(before);
  });

  test.each([
    ["no reason", {}, "reason"],
    ["an unknown reason", { reason: "spam" }, "reason"],
    ["a note over 200 characters", { reason: "other", note: "x".repeat(201) }, "note"],
    ["a note that is not text", { reason: "other", note: 7 }, "note"],
  ])("%s: 400 with the field named", async (_what, body, field) => {
    const before = await stored();
    const res = await hide(name, body).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await stored()).toEqual(before);
  });

  test("a malformed anonymousId or audit cursor: 400", async () => {
    const before = await stored();
    await hide("Not-A-Name").expect(400);
    await unhide("calm-otter").expect(400);
    await request(stack.app).get("/api/v1/admin/audit?before=yesterday").set(ADMIN).expect(400);
    await request(stack.app).get("/api/v1/admin/audit?limit=0").set(ADMIN).expect(400);
    expect(await stored()).toEqual(before);
  });

  test("a full hidden list: 403, nothing written", async () => {
    const entries = Object.fromEntries(
      Array.from({ length: MAX_HIDDEN }, (_, i) => [`key${i}`, { anonymousId: `calm-otter-${String(i).padStart(4, "0")}`, names: [], reason: "other", hiddenAt: TEST_START }]),
    );
    await stack.db.collection("moderation").doc("hidden").set({ entries });
    const before = await stored();
    expect((await hide(name).expect(403)).body.error.code).toBe("forbidden");
    expect(await stored()).toEqual(before);
    await stack.db.collection("moderation").doc("hidden").set({ entries: {} });
  });

  test("admin routes count against the admin limit per IP, wrong keys included", async () => {
    const app = stack.makeApp({ rateLimits: { ...testConfig().rateLimits, "admin-per-ip": 2 } });
    await request(app).get("/api/v1/admin/hidden").set(ADMIN).expect(200);
    await request(app).get("/api/v1/admin/audit").set({ "X-Admin-Key": "guess-guess-guess-guess" }).expect(401);
    const limited = await hide(name, { reason: "other" }, app).expect(429);
    expect(limited.headers["retry-after"]).toEqual(expect.stringMatching(/^\d+$/));
    expect(limited.body.error.code).toBe("rate_limited");
  });
});
