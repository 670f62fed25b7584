/** Your data: export, deletion, retention, and pairing a second device, on the real app and Firestore emulator. */
import request from "supertest";
import { snapshotCollection, startTestStack, newUserId, TEST_START, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const T0 = new Date(TEST_START);
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
// Every test starts at T0 (the stack's start), whatever the one before it did or where it failed.
afterEach(() => stack.resetClock());

const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });
const sync = (userId: string, body: Record<string, unknown>) =>
  request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: {}, ...body }).expect(200);

describe("export and deletion", () => {
  test("export after two syncs holds the merged data and nothing that was sent outside the contract", async () => {
    const userId = newUserId();
    const deviceId = newUserId();
    await sync(userId, {
      data: {
        meditation: { totalXP: 150, totalMeditationTime: 60_000, sessions: [{ id: "sess-1", cycles: 9, secretNote: "x" }], mood: "sunny" },
        onboarding: { hasSeenTour: true, gamificationOptIn: true, userPreferences: { reminderStyle: "gentle" } },
      },
      leaderboard: { optIn: true },
      nickname: "Ada",
    });
    stack.clock.now = new Date(T0.getTime() + 10 * 60_000);
    await sync(userId, { device: { deviceId, earned: { xp: 25 }, localDate: "2026-11-24", activeDays: ["2026-11-23", "2026-11-24"] } });
    const res = await request(stack.app).get("/api/v1/me/export").set(bearer(userId)).expect(200);
    expect(res.body.progress).toMatchObject({
      totals: { xp: 175, meditationMs: 60_000, challengesCompleted: 0 },
      baseline: { xp: 150 },
      currentStreak: 2,
      onboarding: { hasSeenTour: true, gamificationOptIn: true },
      leaderboardOptIn: true,
      periods: { daily: { key: "2026-11-24", xp: 25 } },
    });
    // The end of the UTC day RETENTION_DAYS after the last sync (the expiry moves at most once a day).
    expect(res.body.retention.deleteAfter).toBe("2027-11-25T00:00:00.000Z");
    const text = JSON.stringify(res.body);
    for (const unsent of ["sess-1", "secretNote", "sunny", "mood", "Ada", "nickname", "reminderStyle", userId, deviceId]) {
      expect(text).not.toContain(unsent);
    }
  });

  test("DELETE /me removes everything and retires the id: every later request with it is 410 gone", async () => {
    const userId = newUserId();
    await sync(userId, { data: { meditation: { totalXP: 500 } }, leaderboard: { optIn: true } });
    stack.clock.now = new Date(T0.getTime() + 10 * 60_000);
    await sync(userId, { device: { deviceId: newUserId(), earned: { xp: 40 }, localDate: "2026-11-24" } });
    await request(stack.app).post("/api/v1/pairing").set(bearer(userId)).expect(201);
    const name = (await sync(userId, {})).body.serverData.anonymousId;
    await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    const before = await request(stack.makeApp()).get("/api/v1/leaderboard?period=daily&limit=100").expect(200);
    expect(JSON.stringify(before.body)).toContain(name);

    await request(stack.app).delete("/api/v1/me").set(bearer(userId)).expect(204);
    expect(await snapshotCollection(stack.db, "pairingCodes")).toEqual({});
    // What is left is a tombstone under the keyed hash: no progress, no name, no scores.
    const users = await snapshotCollection(stack.db, "users");
    const tombstones = Object.values(users).filter((doc) => (doc as { data: { retired?: boolean } }).data.retired);
    expect(tombstones).toHaveLength(1);
    expect(Object.keys((tombstones[0] as { data: object }).data).sort()).toEqual(["expireAt", "retired", "retiredAt"]);
    await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    const after = await request(stack.makeApp()).get("/api/v1/leaderboard?period=daily&limit=100").expect(200);
    expect(JSON.stringify(after.body)).not.toContain(name);

    // Another install with the same id learns that it is gone, from every route, and nothing comes back.
    const gone = [
      request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: { meditation: { totalXP: 800 } } }),
      request(stack.app).post("/api/v1/sync").send({ userId, data: {}, device: { deviceId: newUserId(), earned: { xp: 800 }, localDate: "2026-11-24" } }),
      request(stack.app).get("/api/v1/me/export").set(bearer(userId)),
      request(stack.app).post("/api/v1/pairing").set(bearer(userId)),
      request(stack.makeApp()).get("/api/v1/leaderboard?period=daily").set(bearer(userId)),
      request(stack.app).delete("/api/v1/me").set(bearer(userId)),
    ];
    for (const res of await Promise.all(gone)) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe("gone");
    }
    expect(await snapshotCollection(stack.db, "users")).toEqual(users);
  });

  test("the tombstone of a retired id is purged after RETENTION_DAYS, like any idle user", async () => {
    const userId = newUserId();
    stack.clock.now = new Date(T0);
    await sync(userId, { data: { meditation: { totalXP: 5 } } });
    await request(stack.app).delete("/api/v1/me").set(bearer(userId)).expect(204);
    stack.clock.now = new Date(T0.getTime() + 366 * DAY);
    await request(stack.app).post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
    const fresh = await sync(userId, { data: { meditation: { totalXP: 7 } } });
    expect(fresh.body.serverData.data.meditation.totalXP).toBe(7);
  });

  test.each([
    ["no Authorization", {}],
    ["a malformed bearer", { Authorization: "Bearer 1234" }],
    ["another scheme", { Authorization: `Basic ${newUserId()}` }],
  ])("%s → 401 on export and delete", async (_name, headers) => {
    expect((await request(stack.app).get("/api/v1/me/export").set(headers).expect(401)).body.error.code).toBe("unauthorized");
    await request(stack.app).delete("/api/v1/me").set(headers).expect(401);
  });

  test("an unknown user's export is 404", async () => {
    await request(stack.app).get("/api/v1/me/export").set(bearer(newUserId())).expect(404);
  });
});

describe("retention", () => {
  test("a user idle RETENTION_DAYS + 1 days is purged; one idle RETENTION_DAYS − 1 days is kept", async () => {
    const idleLong = newUserId();
    const idleShort = newUserId();
    stack.clock.now = new Date(T0.getTime() - 366 * DAY);
    await sync(idleLong, { data: { meditation: { totalXP: 10 } } });
    stack.clock.now = new Date(T0.getTime() - 364 * DAY);
    await sync(idleShort, { data: { meditation: { totalXP: 20 } } });
    await request(stack.app).post("/api/v1/pairing").set(bearer(idleShort)).expect(201); // expires long before T0

    stack.clock.now = new Date(T0);
    const res = await request(stack.app).post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
    expect(res.body.summary.usersDeleted).toBeGreaterThanOrEqual(1);
    await request(stack.app).get("/api/v1/me/export").set(bearer(idleLong)).expect(404);
    const kept = await request(stack.app).get("/api/v1/me/export").set(bearer(idleShort)).expect(200);
    expect(kept.body.progress.totals.xp).toBe(20);
    expect(kept.body.pairingCodes).toEqual([]);
  });

  test("a sync on a later day moves the deletion date forward, to the end of the UTC day RETENTION_DAYS on", async () => {
    const userId = newUserId();
    await sync(userId, {});
    stack.clock.now = new Date(T0.getTime() + 100 * DAY);
    await sync(userId, {});
    const res = await request(stack.app).get("/api/v1/me/export").set(bearer(userId)).expect(200);
    expect(res.body.retention.deleteAfter).toBe("2028-03-04T00:00:00.000Z"); // T0 + 100 days + 365 days, end of that day
  });
});

describe("pairing a second device", () => {
  test("a code is BM-XXXX-XXXX, expires in 10 minutes, and gives the userId once", async () => {
    const userId = newUserId();
    const created = await request(stack.app).post("/api/v1/pairing").set(bearer(userId)).expect(201);
    expect(created.body.code).toMatch(/^BM-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(created.body.expiresAt).toBe(new Date(T0.getTime() + 10 * 60_000).toISOString());
    // typed loosely by a person: lower case, no dashes
    const typed = created.body.code.toLowerCase().replace(/-/g, " ");
    const claimed = await request(stack.app).post("/api/v1/pairing/claim").send({ code: typed }).expect(200);
    expect(claimed.body).toEqual({ userId });
    await request(stack.app).post("/api/v1/pairing/claim").send({ code: created.body.code }).expect(404);
  });

  test("the code and the userId are stored only hashed and sealed", async () => {
    const userId = newUserId();
    const created = await request(stack.app).post("/api/v1/pairing").set(bearer(userId)).expect(201);
    const stored = JSON.stringify(await snapshotCollection(stack.db, "pairingCodes"));
    expect(stored).not.toContain(userId);
    expect(stored).not.toContain(created.body.code.slice(3, 7));
  });

  test("an expired code is 404", async () => {
    const created = await request(stack.app).post("/api/v1/pairing").set(bearer(newUserId())).expect(201);
    stack.clock.now = new Date(T0.getTime() + 10 * 60_000 + 1);
    await request(stack.app).post("/api/v1/pairing/claim").send({ code: created.body.code }).expect(404);
  });

  test("two devices racing to claim one code: exactly one gets it", async () => {
    const userId = newUserId();
    const created = await request(stack.app).post("/api/v1/pairing").set(bearer(userId)).expect(201);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => request(stack.app).post("/api/v1/pairing/claim").send({ code: created.body.code })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404]);
  });

  test.each([["BM-0000-0000"], ["BM-ABC"], ["hello"], [""]])("malformed code %p → 400", async (code) => {
    const res = await request(stack.app).post("/api/v1/pairing/claim").send({ code }).expect(400);
    expect(res.body.error.details[0].path).toBe("code");
  });

  test("an unknown well-formed code → 404; creating a code needs a bearer", async () => {
    await request(stack.app).post("/api/v1/pairing/claim").send({ code: "BM-2345-6789" }).expect(404);
    await request(stack.app).post("/api/v1/pairing").expect(401);
  });

  test("claims are strictly limited per IP", async () => {
    const app = stack.makeApp({ rateLimits: { ...testConfig().rateLimits, "claims-per-ip": 3 } });
    const claim = () => request(app).post("/api/v1/pairing/claim").set("X-Forwarded-For", "203.0.113.50").send({ code: "BM-2345-6789" });
    for (let i = 0; i < 3; i++) await claim().expect(404);
    const limited = await claim().expect(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(60);
  });
});
