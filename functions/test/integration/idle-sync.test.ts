/**
 * An idle sync (an install that starts up, or whose timer fires, with nothing new) writes nothing: the stored
 * document stays exactly as it was — its data and its update time, read raw through the Admin SDK — and the
 * answer still carries the merged data. The expiry moves at most once a UTC day.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { userKeyOf } from "../../src/users/user-keys";

let stack: TestStack;
const START = new Date("2026-11-24T10:00:00.000Z");

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

function sync(userId: string, body: Record<string, unknown>) {
  return request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, ...body }).expect(200);
}

/** The stored document as Firestore holds it: every field, and the time of its last write. */
async function raw(userId: string) {
  const snapshot = await stack.db.collection("users").doc(userKeyOf(userId, testConfig().userIdPepper)).get();
  return { data: snapshot.data(), updateTime: snapshot.updateTime!.toDate().toISOString() };
}

const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const deviceBody = (deviceId: string, xp: number, localDate = "2026-11-24") => ({
  data: { meditation: { totalXP: 500 + xp } },
  device: { deviceId, earned: { xp, meditationMs: xp * 60_000 }, localDate, todaySessionTime: 600_000, activeDays: [localDate] },
});

describe("a sync that changes nothing stored", () => {
  test("leaves the document byte for byte as it was and still answers with the merged data", async () => {
    const userId = newUserId();
    const deviceId = newUserId();
    stack.clock.now = at(0);
    await sync(userId, { ...deviceBody(deviceId, 40), leaderboard: { optIn: true } });
    stack.clock.now = at(5);
    const changing = await sync(userId, deviceBody(deviceId, 60));
    const before = await raw(userId);

    // Start-up and timer syncs of the same install, minutes and hours later the same UTC day.
    for (const minutes of [15, 75, 600]) {
      stack.clock.now = at(minutes);
      const idle = await sync(userId, deviceBody(deviceId, 60));
      expect(idle.body.serverData.data).toEqual(changing.body.serverData.data);
      expect(idle.body.serverData.data.meditation.totalXP).toBe(560);
      // lastSync is when the server confirmed this data: this sync, though it wrote nothing.
      expect(idle.body.serverData.lastSync).toBe(at(minutes).toISOString());
      expect(await raw(userId)).toEqual(before);
    }
  });

  test("a plain client (no device) sending the same totals again writes nothing either", async () => {
    const userId = newUserId();
    stack.clock.now = at(0);
    await sync(userId, { data: { meditation: { totalXP: 300, currentStreak: 2 }, onboarding: { hasSeenTour: true } } });
    const before = await raw(userId);
    stack.clock.now = at(30);
    const idle = await sync(userId, { data: { meditation: { totalXP: 300, currentStreak: 2 }, onboarding: { hasSeenTour: true } } });
    expect(idle.body.serverData.data.meditation.totalXP).toBe(300);
    expect(await raw(userId)).toEqual(before);
  });

  test("new progress is written; the first sync of a new UTC day moves the expiry once, later ones do not", async () => {
    const userId = newUserId();
    const deviceId = newUserId();
    stack.clock.now = at(0);
    await sync(userId, deviceBody(deviceId, 10));
    const first = await raw(userId);
    stack.clock.now = at(20);
    await sync(userId, deviceBody(deviceId, 25));
    const grown = await raw(userId);
    expect(grown.updateTime).not.toBe(first.updateTime);
    expect(grown.data!.totals.xp).toBe(525);

    stack.clock.now = new Date("2026-11-25T07:00:00.000Z");
    await sync(userId, deviceBody(deviceId, 25, "2026-11-24"));
    const nextDay = await raw(userId);
    expect(nextDay.data!.expireAt.toDate().toISOString()).toBe("2027-11-26T00:00:00.000Z");
    expect(grown.data!.expireAt.toDate().toISOString()).toBe("2027-11-25T00:00:00.000Z");

    stack.clock.now = new Date("2026-11-25T21:00:00.000Z");
    await sync(userId, deviceBody(deviceId, 25, "2026-11-24"));
    expect(await raw(userId)).toEqual(nextDay);
  });
});
