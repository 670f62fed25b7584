/**
 * POST /api/v1/sync through the real Express app, the real Admin SDK and a real Firestore emulator over gRPC.
 */
import request from "supertest";
import { snapshotCollection, startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { extensionExport } from "../helpers/fixtures";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const DEVICE_A = "0f8fad5b-d9cb-469f-a165-70867728950e";
const DEVICE_B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const DEVICE_IDS = [DEVICE_A, DEVICE_B, "16fd2706-8baf-433b-82eb-8c7fada847da", "886313e1-3b8a-4372-9b90-0c9aee199e5d"];

function sync(body: unknown, userId?: string) {
  const req = request(stack.app).post("/api/v1/sync");
  if (userId) req.set("Authorization", `Bearer ${userId}`);
  return req.send(body as object);
}

function deviceBody(userId: string, deviceId: string, earnedXp: number, extra: Record<string, unknown> = {}) {
  return {
    userId,
    data: { meditation: { totalXP: 100 + earnedXp } },
    device: { deviceId, earned: { xp: earnedXp, meditationMs: earnedXp * 1000, challengesCompleted: 0 }, localDate: "2026-11-24", ...extra },
  };
}

async function enable(userId: string, totalXP = 100) {
  const res = await sync({ userId, data: { meditation: { totalXP } } });
  expect(res.status).toBe(200);
}

describe("the seed brief's plain request", () => {
  test("works and returns { synced: true, serverData }", async () => {
    const userId = newUserId();
    const res = await sync({ userId, data: { meditation: { totalXP: 150, currentStreak: 5, todaySessionTime: 600000 } } });
    expect(res.status).toBe(200);
    expect(res.body.synced).toBe(true);
    expect(res.body.serverData.data.meditation).toMatchObject({ totalXP: 150, currentStreak: 5, todaySessionTime: 600000 });
    expect(res.body.serverData.lastSync).toBe("2026-11-24T10:00:00.000Z");
    expect(res.body.serverData.anonymousId).toMatch(/^[a-z]+-[a-z]+-[0-9a-f]{4}$/);
    expect(res.body.serverData.leaderboardOptIn).toBe(false);
  });

  test("the userId may come as a bearer token instead", async () => {
    const userId = newUserId();
    const res = await sync({ data: { meditation: { totalXP: 7 } } }, userId);
    expect(res.status).toBe(200);
    expect(res.body.serverData.data.meditation.totalXP).toBe(7);
  });

  test("no userId at all is 401", async () => {
    const res = await sync({ data: {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});

describe("the extension's whole export envelope", () => {
  test("is accepted; only the contract's aggregates are stored, never the userId or the session log", async () => {
    const userId = newUserId();
    const exported = extensionExport();
    const res = await sync({ userId, data: exported, leaderboard: { optIn: true } });
    expect(res.status).toBe(200);
    expect(res.body.serverData.data.meditation).toMatchObject({
      totalXP: 318,
      totalMeditationTime: 15480000,
      challengesCompleted: 6,
      longestStreak: 9,
      lastMeditationDate: "Tue Nov 24 2026",
    });
    expect(res.body.serverData.data.onboarding).toEqual({ hasSeenTour: true, gamificationOptIn: true });

    const stored = JSON.stringify(await snapshotCollection(stack.db, "users"));
    expect(stored).not.toContain(userId);
    for (const leaked of ["sess-1795505100000", "tutorialProgress", "(extension text)", "engagementCount", "0.3.4"]) {
      expect(stored).not.toContain(leaked);
    }
  });
});

describe("lossless multi-device merge", () => {
  test("two devices earn +20 and +30 offline: either order gives both +50, and retries change nothing", async () => {
    for (const order of [[20, 30], [30, 20]]) {
      const userId = newUserId();
      await enable(userId, 100);
      const bodies = order.map((xp) => deviceBody(userId, xp === 20 ? DEVICE_A : DEVICE_B, xp));
      const first = await sync(bodies[0]);
      const second = await sync(bodies[1]);
      expect(second.body.serverData.data.meditation.totalXP).toBe(150);
      // the first device syncs again (a retry of its last request) and sees the same total
      for (let i = 0; i < 3; i++) {
        const retry = await sync(bodies[0]);
        expect(retry.body.serverData.data.meditation.totalXP).toBe(150);
        expect(retry.body.serverData.data.meditation.totalMeditationTime).toBe(50_000);
      }
      expect(first.status).toBe(200);
    }
  });

  test("20 concurrent syncs of one user from 4 devices lose nothing", async () => {
    const userId = newUserId();
    await enable(userId, 100);
    const requests = Array.from({ length: 20 }, (_, i) => {
      const device = i % 4;
      const step = Math.floor(i / 4) + 1; // each device reports 5 growing totals: 10, 20, ... 50 xp
      return deviceBody(userId, DEVICE_IDS[device], step * 10 * (device + 1));
    });
    const responses = await Promise.all(requests.map((body) => sync(body)));
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
    // 100 + 50 + 100 + 150 + 200
    const final = await sync({ userId, data: {} });
    expect(final.body.serverData.data.meditation.totalXP).toBe(600);
    expect(final.body.serverData.data.meditation.totalMeditationTime).toBe(500_000);
  });

  test("20 concurrent syncs spread over two instances lose nothing (the transaction, not the per-instance queue)", async () => {
    const instances = [stack.makeApp(), stack.makeApp()];
    const userId = newUserId();
    await enable(userId, 100);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const device = i % 4;
        const step = Math.floor(i / 4) + 1;
        return request(instances[i % 2]).post("/api/v1/sync").send(deviceBody(userId, DEVICE_IDS[device], step * 10 * (device + 1)));
      }),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
    const final = await sync({ userId, data: {} });
    expect(final.body.serverData.data.meditation.totalXP).toBe(600);
  });

  test("streaks come from the union of both devices' active days, not the extension's counter", async () => {
    const userId = newUserId();
    await enable(userId, 0);
    await sync({
      userId,
      data: { meditation: { currentStreak: 40, longestStreak: 2 } },
      device: { deviceId: DEVICE_A, earned: {}, localDate: "2026-11-24", activeDays: ["2026-11-20", "2026-11-22", "2026-11-24"] },
    });
    const res = await sync({
      userId,
      data: { meditation: { currentStreak: 40, longestStreak: 2 } },
      device: { deviceId: DEVICE_B, earned: {}, localDate: "2026-11-24", activeDays: ["2026-11-21", "2026-11-23"] },
    });
    expect(res.body.serverData.data.meditation).toMatchObject({ currentStreak: 5, longestStreak: 5 });
  });

  test("today's time is the sum over the devices on the caller's local day", async () => {
    const userId = newUserId();
    await enable(userId, 0);
    await sync(deviceBody(userId, DEVICE_A, 0, { todaySessionTime: 600_000 }));
    await sync(deviceBody(userId, DEVICE_B, 0, { localDate: "2026-11-23", todaySessionTime: 900_000 }));
    const res = await sync(deviceBody(userId, DEVICE_IDS[2], 0, { todaySessionTime: 120_000 }));
    expect(res.body.serverData.data.meditation.todaySessionTime).toBe(720_000);
  });

  test("a device beyond the per-user limit is refused with 403 and changes nothing", async () => {
    const limited = stack.makeApp({ maxDevicesPerUser: 2 });
    const userId = newUserId();
    await request(limited).post("/api/v1/sync").send(deviceBody(userId, DEVICE_A, 1)).expect(200);
    await request(limited).post("/api/v1/sync").send(deviceBody(userId, DEVICE_B, 1)).expect(200);
    const before = await snapshotCollection(stack.db, "users");
    const res = await request(limited).post("/api/v1/sync").send(deviceBody(userId, DEVICE_IDS[2], 1));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect(await snapshotCollection(stack.db, "users")).toEqual(before);
  });
});
