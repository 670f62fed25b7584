/**
 * POST /api/v1/sync through the real app, Admin SDK and Firestore emulator: shared challenges counted once per user
 * (issue 18 item 2), what the server answers can be posted back (issue 22 item 4), and honest first syncs count in
 * full on the boards (issue 22 item 5).
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { testConfig } from "../../src/config";
import { MAX_DEVICE_CHALLENGES, MAX_DEVICE_MEDITATION_MS, MAX_DEVICE_XP, MAX_STREAK } from "../../src/domain/bounds";
import { snapshotCollection, startTestStack, newUserId, type TestStack } from "../helpers/test-app";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const TODAY = "2026-11-24";
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };

function sync(body: object) {
  return request(stack.app).post("/api/v1/sync").send(body);
}

async function servedSet(date: string): Promise<Array<{ id: string; rewardXP: number }>> {
  const res = await request(stack.app).get(`/api/v1/challenges/daily?date=${date}`).expect(200);
  return res.body.challenges;
}

describe("shared challenges: each served challenge's reward counts once per user", () => {
  test("two installs completing the whole served set offline: totals and the board count each reward once", async () => {
    const served = await servedSet(TODAY);
    const rewards = served.reduce((sum, c) => sum + c.rewardXP, 0);
    const completed = served.map((c) => ({ date: TODAY, id: c.id }));
    const userId = newUserId();
    const devices = [randomUUID(), randomUUID()];
    const bodies = devices.map((deviceId) => ({
      userId,
      data: { meditation: { totalXP: 10 + rewards } },
      device: {
        deviceId,
        earned: { xp: 10 + rewards, meditationMs: 60_000, challengesCompleted: served.length },
        brought: { xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: 0 },
        localDate: TODAY,
        completedChallenges: completed,
      },
      leaderboard: { optIn: true },
    }));
    await sync(bodies[0]).expect(200);
    const second = await sync(bodies[1]).expect(200);
    expect(second.body.serverData.data.meditation).toMatchObject({ totalXP: 20 + rewards, challengesCompleted: served.length });
    expect(second.body.serverData.completedChallenges).toEqual([...completed].sort((a, b) => (a.id < b.id ? -1 : 1)));
    // retries of both change nothing
    for (const body of [...bodies, ...bodies]) {
      const retry = await sync(body).expect(200);
      expect(retry.body.serverData.data.meditation.totalXP).toBe(20 + rewards);
    }
    const board = await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    expect(board.status).toBe(200);
    const daily = await request(stack.app).get("/api/v1/leaderboard?period=daily&limit=100").set("Authorization", `Bearer ${userId}`).expect(200);
    expect(daily.body.me.xp).toBe(20 + rewards);
  });

  test("a curated day's rewards are the ones taken back; ids not served that day are ignored", async () => {
    const date = "2026-11-25";
    await request(stack.app)
      .put(`/api/v1/admin/challenges/${date}`)
      .set(ADMIN)
      .send([{ type: "cycles", target: 20, title: "Twenty Tides", description: "Complete 20 breathing cycles today.", rewardXP: 40, eonMessage: "Twenty breaths, like tides.", completionMessage: "Twenty tides." }])
      .expect(200);
    const [curated] = await servedSet(date);
    const userId = newUserId();
    const reports = [{ date, id: curated.id }, { date, id: `${date}-minutes-9` }];
    const body = (deviceId: string) => ({
      userId,
      data: {},
      device: { deviceId, earned: { xp: 40, challengesCompleted: 1 }, localDate: date, completedChallenges: reports },
    });
    await sync(body(randomUUID())).expect(200);
    const res = await sync(body(randomUUID())).expect(200);
    expect(res.body.serverData.data.meditation).toMatchObject({ totalXP: 40, challengesCompleted: 1 });
    expect(res.body.serverData.completedChallenges).toEqual([{ date, id: curated.id }]);
  });

  test.each([
    ["a date that is not a day", [{ date: "2026-11-31", id: "x" }], "device.completedChallenges.0.date"],
    ["an id over 100 characters", [{ date: TODAY, id: "x".repeat(101) }], "device.completedChallenges.0.id"],
    ["an id that is not a string", [{ date: TODAY, id: 7 }], "device.completedChallenges.0.id"],
    ["33 entries", Array.from({ length: 33 }, (_, i) => ({ date: TODAY, id: `c${i}` })), "device.completedChallenges"],
  ])("malformed completions (%s) are a 400 that names the field and writes nothing", async (_, completedChallenges, path) => {
    const before = await snapshotCollection(stack.db, "users");
    const res = await sync({ userId: newUserId(), data: {}, device: { deviceId: randomUUID(), localDate: TODAY, completedChallenges } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await snapshotCollection(stack.db, "users")).toEqual(before);
  });
});

describe("issue 22 item 4: whatever the server answers, a client can post back", () => {
  test("two devices each bringing and earning the most one device may: a plain client posts the merged answer back", async () => {
    const userId = newUserId();
    const most = { xp: MAX_DEVICE_XP, meditationMs: MAX_DEVICE_MEDITATION_MS, challengesCompleted: MAX_DEVICE_CHALLENGES };
    let answer: { data: { meditation: Record<string, unknown> } } | undefined;
    for (const deviceId of [randomUUID(), randomUUID()]) {
      const res = await sync({
        userId,
        data: { meditation: { totalXP: MAX_DEVICE_XP, currentStreak: MAX_STREAK, longestStreak: MAX_STREAK } },
        device: { deviceId, earned: most, brought: { ...most, longestStreak: MAX_STREAK }, localDate: TODAY, todaySessionTime: 25 * 3_600_000 },
      }).expect(200);
      answer = res.body.serverData;
    }
    expect(answer!.data.meditation).toMatchObject({ totalXP: 4 * MAX_DEVICE_XP, challengesCompleted: 4 * MAX_DEVICE_CHALLENGES });
    // a plain client (the seed brief's request) and a device both send the merged stats back unchanged
    const plain = await sync({ userId, data: answer!.data });
    expect(plain.status).toBe(200);
    expect(plain.body.serverData.data.meditation.totalXP).toBe(4 * MAX_DEVICE_XP);
    const device = await sync({ userId, data: answer!.data, device: { deviceId: randomUUID(), localDate: TODAY } });
    expect(device.status).toBe(200);
  });
});

describe("issue 22 item 5: an honest first sync counts in full on the boards", () => {
  async function firstSyncBoard(countingMinutesAgo: number, earned: number): Promise<number> {
    const userId = newUserId();
    const countingSince = new Date(stack.clock.now.getTime() - countingMinutesAgo * 60_000).toISOString();
    await sync({
      userId,
      data: { meditation: { totalXP: earned } },
      device: {
        deviceId: randomUUID(),
        earned: { xp: earned },
        brought: { xp: 0, meditationMs: 0, challengesCompleted: 0, longestStreak: 0 },
        localDate: TODAY,
        countingSince,
      },
      leaderboard: { optIn: true },
    }).expect(200);
    const res = await request(stack.app).get("/api/v1/leaderboard?period=daily").set("Authorization", `Bearer ${userId}`).expect(200);
    return res.body.me.xp;
  }

  test("sync turned on while offline, a long session, then the first successful sync: 500 of 500", async () => {
    expect(await firstSyncBoard(90, 500)).toBe(500);
  });

  test("a first sync at the end of a 20-minute session: 195 of 195", async () => {
    expect(await firstSyncBoard(20, 195)).toBe(195);
  });
});
