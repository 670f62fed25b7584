/**
 * Leaderboards on the real app and a real Firestore emulator: syncs record the XP gained per UTC period, the
 * rebuild job (run on demand, as the launcher does) writes the boards, and the route serves them.
 */
import request from "supertest";
import { startTestStack, newUserId, TEST_START, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { BREATHING_XP_PER_MINUTE, NEW_DEVICE_ALLOWANCE_XP } from "../../src/domain/board-gains";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const YESTERDAY = new Date("2026-11-23T09:00:00.000Z"); // Monday of ISO week 48
const TODAY = new Date(TEST_START);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
// A test that moves the clock cannot leave it moved for the next one, even when it fails half-way.
afterEach(() => stack.resetClock());

function sync(userId: string, body: Record<string, unknown>) {
  return request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, ...body }).expect(200);
}
const earn = (deviceId: string, xp: number, localDate: string) => ({ device: { deviceId, earned: { xp }, localDate } });

async function rebuild() {
  const res = await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
  return res.body;
}
function board(period: string, userId?: string, app = stack.app) {
  const req = request(app).get(`/api/v1/leaderboard?period=${period}&limit=100`);
  if (userId) req.set("Authorization", `Bearer ${userId}`);
  return req;
}

describe("five users, four opted in, gains spread over yesterday and today", () => {
  const users = { ana: newUserId(), ben: newUserId(), cy: newUserId(), dee: newUserId(), shy: newUserId() };
  const device = { ana: newUserId(), ben: newUserId(), cy: newUserId(), dee: newUserId(), shy: newUserId() };
  const names: Record<string, string> = {};

  beforeAll(async () => {
    // Yesterday: everyone enables sync; four opt in. ana earns 30, ben 50; shy (not opted in) earns 500.
    stack.clock.now = new Date(YESTERDAY);
    for (const [name, userId] of Object.entries(users)) {
      const res = await sync(userId, { data: { meditation: { totalXP: 1000 } }, leaderboard: { optIn: name !== "shy" } });
      names[name] = res.body.serverData.anonymousId;
    }
    stack.clock.now = new Date(YESTERDAY.getTime() + 60 * 60_000);
    await sync(users.ana, earn(device.ana, 30, "2026-11-23"));
    await sync(users.ben, earn(device.ben, 50, "2026-11-23"));
    await sync(users.shy, earn(device.shy, 500, "2026-11-23"));
    // Today: ana +40 (70 in all), cy 40, dee 20; ben nothing new; a retry of ana's sync adds nothing.
    stack.clock.now = new Date(TODAY);
    await sync(users.ana, earn(device.ana, 70, "2026-11-24"));
    await sync(users.ana, earn(device.ana, 70, "2026-11-24"));
    await sync(users.cy, earn(device.cy, 40, "2026-11-24"));
    await sync(users.dee, earn(device.dee, 20, "2026-11-24"));
    const summary = await rebuild();
    expect(summary.summary.daily).toEqual({ periodKey: "2026-11-24", ranked: 3, participants: 3 });
  });

  test("daily: only today's gains, ties share a rank", async () => {
    const res = await board("daily").expect(200);
    expect(res.body).toEqual({
      period: "daily",
      periodKey: "2026-11-24",
      generatedAt: TODAY.toISOString(),
      rankings: [
        ...[
          { rank: 1, xp: 40, anonymousId: names.ana },
          { rank: 1, xp: 40, anonymousId: names.cy },
        ].sort((a, b) => a.anonymousId.localeCompare(b.anonymousId)),
        { rank: 3, xp: 20, anonymousId: names.dee },
      ],
      participants: 3,
    });
  });

  test("participants: everyone who scored in the period, counted at the rebuild, whatever the limit", async () => {
    const res = await request(stack.app).get("/api/v1/leaderboard?period=weekly&limit=1").expect(200);
    expect(res.body.rankings).toHaveLength(1);
    expect(res.body.participants).toBe(4);
  });

  test("weekly and monthly: yesterday and today together, opted-in users only", async () => {
    for (const [period, periodKey] of [["weekly", "2026-W48"], ["monthly", "2026-11"]]) {
      const res = await board(period).expect(200);
      expect(res.body.periodKey).toBe(periodKey);
      expect(res.body.rankings).toEqual([
        { rank: 1, xp: 70, anonymousId: names.ana },
        { rank: 2, xp: 50, anonymousId: names.ben },
        { rank: 3, xp: 40, anonymousId: names.cy },
        { rank: 4, xp: 20, anonymousId: names.dee },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(names.shy);
    }
  });

  test("the rankings carry only rank, xp and anonymousId — no userId, no hash of it", async () => {
    const res = await board("weekly").expect(200);
    for (const entry of res.body.rankings) expect(Object.keys(entry).sort()).toEqual(["anonymousId", "rank", "xp"]);
    const text = JSON.stringify(res.body);
    for (const userId of Object.values(users)) expect(text).not.toContain(userId);
    const userKeys = (await stack.db.collection("users").get()).docs.map((doc) => doc.id);
    for (const key of userKeys) expect(text).not.toContain(key.slice(0, 12));
  });

  test("me: rank, xp and neighbours for a ranked caller, why for an opted-in one with no gain, absent for an anonymous caller or one who did not opt in", async () => {
    expect((await board("weekly", users.ben).expect(200)).body.me).toEqual({
      rank: 2,
      xp: 50,
      anonymousId: names.ben,
      exact: true,
      neighbours: [
        { rank: 1, xp: 70, anonymousId: names.ana },
        { rank: 3, xp: 40, anonymousId: names.cy },
        { rank: 4, xp: 20, anonymousId: names.dee },
      ],
    });
    const tiedAtTop = [names.ana, names.cy].sort().map((anonymousId) => ({ rank: 1, xp: 40, anonymousId }));
    expect((await board("daily", users.dee).expect(200)).body.me).toEqual({ rank: 3, xp: 20, anonymousId: names.dee, exact: true, neighbours: tiedAtTop });
    expect((await board("weekly").expect(200)).body.me).toBeUndefined();
    expect((await board("weekly", users.shy).expect(200)).body.me).toBeUndefined();
    // Opted in, live, nothing gained today: the board says so rather than leaving `me` out.
    expect((await board("daily", users.ben).expect(200)).body.me).toEqual({ anonymousId: names.ben, notOnBoard: "no-gain-yet" });
    expect((await board("weekly", newUserId()).expect(200)).body.me).toBeUndefined(); // unknown user
  });

  test("an anonymous board may be cached by the CDN; one with `me` may not", async () => {
    expect((await board("daily").expect(200)).headers["cache-control"]).toMatch(/^public, max-age=\d+/);
    expect((await board("daily", users.ana).expect(200)).headers["cache-control"]).toBe("private, no-store");
  });

  test("a +1,000,000 XP jump is kept in the user's total but counts on the board only what the device's time allows", async () => {
    // An honest user breathes for an hour today, syncing every 10 minutes: +80 XP each time, all of it counts.
    const eve = newUserId();
    const eveDevice = newUserId();
    await sync(eve, { leaderboard: { optIn: true } });
    for (let i = 1; i <= 6; i++) {
      stack.clock.now = new Date(TODAY.getTime() + i * 10 * 60_000);
      await sync(eve, earn(eveDevice, i * 80, "2026-11-24"));
    }
    // dee's device, new at TODAY with +20, syncs again an hour later and then jumps by a million XP a minute after.
    await sync(users.dee, earn(device.dee, 20, "2026-11-24"));
    stack.clock.now = new Date(stack.clock.now.getTime() + 60_000);
    const res = await sync(users.dee, earn(device.dee, 1_000_020, "2026-11-24"));
    expect(res.body.serverData.data.meditation.totalXP).toBe(1_000 + 1_000_020);
    await rebuild();
    const fresh = await board("daily", undefined, stack.makeApp()).expect(200);
    const xpOf = (name: string) => fresh.body.rankings.find((r: { anonymousId: string }) => r.anonymousId === name)?.xp;
    const eveName = (await sync(eve, {})).body.serverData.anonymousId;
    expect(xpOf(eveName)).toBe(480);
    // dee's device has existed for 61 minutes: one new-device allowance plus 61 minutes of the fastest breathing.
    expect(xpOf(names.dee)).toBe(NEW_DEVICE_ALLOWANCE_XP + 61 * BREATHING_XP_PER_MINUTE);
  });

  test("opting out removes the user from the next rebuild", async () => {
    await sync(users.ben, { leaderboard: { optIn: false } });
    await rebuild();
    const res = await board("weekly", users.ben, stack.makeApp()).expect(200);
    expect(JSON.stringify(res.body.rankings)).not.toContain(names.ben);
    expect(res.body.me).toBeUndefined();
  });
});

describe("me for an opted-in caller who is not on the board", () => {
  test("opted in with no gain in any period: no-gain-yet on every board, nothing else in it", async () => {
    const fresh = newUserId();
    const { anonymousId } = (await sync(fresh, { leaderboard: { optIn: true } })).body.serverData;
    for (const period of ["daily", "weekly", "monthly"]) {
      const res = await board(period, fresh).expect(200);
      expect(res.body.me).toEqual({ anonymousId, notOnBoard: "no-gain-yet" });
      expect(res.headers["cache-control"]).toBe("private, no-store");
    }
  });

  test("a gain newer than the served board (after a UTC midnight, before the rebuild) is not called no gain", async () => {
    const early = newUserId();
    await sync(early, { leaderboard: { optIn: true } });
    await rebuild();
    // Just after midnight the served daily board is still yesterday's; the caller gains in the new day.
    stack.clock.now = new Date(Date.UTC(TODAY.getUTCFullYear(), TODAY.getUTCMonth(), TODAY.getUTCDate() + 1, 0, 1));
    await sync(early, earn(newUserId(), 30, "2026-11-25"));
    const res = await board("daily", early, stack.makeApp()).expect(200);
    expect(res.body.periodKey).toBe("2026-11-24");
    expect(res.body.me).toBeUndefined();
  });
});

describe("bad leaderboard queries", () => {
  test.each([
    ["", "period"],
    ["?period=yearly", "period"],
    ["?period=daily&period=weekly", "period"],
    ["?period=daily&limit=0", "limit"],
    ["?period=daily&limit=101", "limit"],
    ["?period=daily&limit=abc", "limit"],
    ["?period=daily&limit=5&limit=6", "limit"],
    ["?period=daily&limit=1.5", "limit"],
  ])("GET /leaderboard%s → 400 naming %s", async (query, field) => {
    const res = await request(stack.app).get(`/api/v1/leaderboard${query}`).expect(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  test("a malformed bearer token is 401", async () => {
    const res = await request(stack.app).get("/api/v1/leaderboard?period=daily").set("Authorization", "Bearer nope").expect(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});

describe("admin jobs route", () => {
  test("no or wrong admin key → 401; unknown job → 404", async () => {
    await request(stack.app).post("/api/v1/admin/jobs/leaderboards").expect(401);
    await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set("X-Admin-Key", "wrong").expect(401);
    const res = await request(stack.app).post("/api/v1/admin/jobs/nope").set(ADMIN).expect(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
