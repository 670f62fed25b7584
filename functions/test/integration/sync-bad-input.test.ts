/**
 * Every bad input to POST /sync gets a clear 4xx in the contract's error shape, with per-field details where a
 * field is to blame, and the stored state is exactly as it was (documents and their update times).
 */
import request from "supertest";
import { snapshotCollection, startTestStack, newUserId, type TestStack } from "../helpers/test-app";

let stack: TestStack;
const userId = newUserId();
const DEVICE = "0f8fad5b-d9cb-469f-a165-70867728950e";

beforeAll(async () => {
  stack = await startTestStack();
  await request(stack.app)
    .post("/api/v1/sync")
    .send({ userId, data: { meditation: { totalXP: 150 } }, device: { deviceId: DEVICE, earned: { xp: 5 }, localDate: "2026-11-24" } })
    .expect(200);
});
afterAll(async () => {
  await stack.close();
});

const meditation = (fields: Record<string, unknown>) => ({ userId, data: { meditation: fields } });
const withDevice = (fields: Record<string, unknown>) => ({
  userId,
  data: {},
  device: { deviceId: DEVICE, earned: { xp: 6 }, localDate: "2026-11-24", ...fields },
});

interface Case {
  name: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  bearer?: string;
  status: number;
  code: string;
  path?: string;
}

const cases: Case[] = [
  { name: "non-v4 userId", body: { userId: "1b4e28ba-2fa1-1d3b-a3f5-ef19e2b0c9a1", data: {} }, status: 400, code: "invalid_request", path: "userId" },
  { name: "nil userId", body: { userId: "00000000-0000-0000-0000-000000000000", data: {} }, status: 400, code: "invalid_request", path: "userId" },
  { name: "userId not a UUID", body: { userId: "alice", data: {} }, status: 400, code: "invalid_request", path: "userId" },
  { name: "bearer not a UUID v4", body: { data: {} }, bearer: "not-a-uuid", status: 400, code: "invalid_request", path: "authorization" },
  { name: "body and header userIds differ", body: { userId, data: {} }, bearer: newUserId(), status: 400, code: "invalid_request", path: "userId" },
  { name: "data missing", body: { userId }, status: 400, code: "invalid_request", path: "data" },
  { name: "negative XP", body: meditation({ totalXP: -1 }), status: 400, code: "invalid_request", path: "data.meditation.totalXP" },
  { name: "fractional XP", body: meditation({ totalXP: 1.5 }), status: 400, code: "invalid_request", path: "data.meditation.totalXP" },
  { name: "string XP", body: meditation({ totalXP: "150" }), status: 400, code: "invalid_request", path: "data.meditation.totalXP" },
  { name: "null XP", body: meditation({ totalXP: null }), status: 400, code: "invalid_request", path: "data.meditation.totalXP" },
  { name: "XP above the largest merged total (1,000,000,000)", body: meditation({ totalXP: 1_000_000_001 }), status: 400, code: "invalid_request", path: "data.meditation.totalXP" },
  { name: "a device's earned XP above 10,000,000", body: withDevice({ earned: { xp: 10_000_001 } }), status: 400, code: "invalid_request", path: "device.earned.xp" },
  { name: "XP as a huge exponent", raw: `{"userId":"${userId}","data":{"meditation":{"totalXP":1e400}}}`, status: 400, code: "invalid_request" },
  { name: "non-numeric todaySessionTime", body: meditation({ todaySessionTime: "ten minutes" }), status: 400, code: "invalid_request", path: "data.meditation.todaySessionTime" },
  { name: "a device's todaySessionTime longer than a day", body: withDevice({ todaySessionTime: 90_000_001 }), status: 400, code: "invalid_request", path: "device.todaySessionTime" },
  { name: "unparseable lastMeditationDate", body: meditation({ lastMeditationDate: "someday" }), status: 400, code: "invalid_request", path: "data.meditation.lastMeditationDate" },
  { name: "export envelope with bad XP", body: { userId, data: { breathMaster: { meditation: { totalXP: -5 } } } }, status: 400, code: "invalid_request", path: "data.breathMaster.meditation.totalXP" },
  { name: "more than 1,000 sessions", body: meditation({ sessions: Array.from({ length: 1001 }, () => ({})) }), status: 400, code: "invalid_request", path: "data.meditation.sessions" },
  { name: "unparseable localDate", body: withDevice({ localDate: "24/11/2026" }), status: 400, code: "invalid_request", path: "device.localDate" },
  { name: "impossible localDate", body: withDevice({ localDate: "2026-02-30" }), status: 400, code: "invalid_request", path: "device.localDate" },
  { name: "localDate in the future", body: withDevice({ localDate: "2026-11-27" }), status: 400, code: "invalid_request", path: "device.localDate" },
  { name: "more than 400 active days", body: withDevice({ activeDays: Array.from({ length: 401 }, () => "2026-11-24") }), status: 400, code: "invalid_request", path: "device.activeDays" },
  { name: "active day after localDate", body: withDevice({ activeDays: ["2026-11-25"] }), status: 400, code: "invalid_request", path: "device.activeDays.0" },
  { name: "non-v4 deviceId", body: withDevice({ deviceId: "device-1" }), status: 400, code: "invalid_request", path: "device.deviceId" },
  { name: "negative earned counter", body: withDevice({ earned: { xp: -3 } }), status: 400, code: "invalid_request", path: "device.earned.xp" },
  { name: "leaderboard optIn not a boolean", body: { userId, data: {}, leaderboard: { optIn: "yes" } }, status: 400, code: "invalid_request", path: "leaderboard.optIn" },
  { name: "__proto__ key", raw: `{"userId":"${userId}","data":{"meditation":{"__proto__":{"polluted":true},"totalXP":999}}}`, status: 400, code: "invalid_request", path: "data.meditation.__proto__" },
  { name: "constructor key", raw: `{"userId":"${userId}","data":{"constructor":{"prototype":{"polluted":true}}}}`, status: 400, code: "invalid_request", path: "data.constructor" },
  { name: "malformed JSON", raw: `{"userId":"${userId}","data":`, status: 400, code: "invalid_request" },
  { name: "deeply nested JSON", raw: `{"userId":"${userId}","data":${"[".repeat(5000)}${"]".repeat(5000)}}`, status: 400, code: "invalid_request" },
  { name: "JSON that is not an object", raw: `[1,2,3]`, status: 400, code: "invalid_request" },
  { name: "wrong content type", raw: JSON.stringify({ userId, data: {} }), contentType: "text/plain", status: 415, code: "invalid_request" },
  { name: "form-encoded body", raw: "userId=x&data=y", contentType: "application/x-www-form-urlencoded", status: 415, code: "invalid_request" },
  { name: "body over 64 KiB", body: { userId, data: {}, padding: "x".repeat(70 * 1024) }, status: 413, code: "payload_too_large" },
];

describe("bad input to POST /sync", () => {
  let before: Record<string, unknown>;
  beforeAll(async () => {
    before = await snapshotCollection(stack.db, "users");
    expect(Object.keys(before)).toHaveLength(1);
  });

  test.each(cases)("$name → $status", async (c) => {
    const req = request(stack.app).post("/api/v1/sync");
    if (c.bearer) req.set("Authorization", `Bearer ${c.bearer}`);
    req.set("Content-Type", c.contentType ?? "application/json");
    const res = await req.send(c.raw ?? JSON.stringify(c.body));
    expect(res.status).toBe(c.status);
    expect(res.body.error.code).toBe(c.code);
    expect(typeof res.body.error.message).toBe("string");
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
    if (c.path) expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: c.path })]));
  });

  test("left the stored state exactly as it was, and polluted no prototype", async () => {
    expect(await snapshotCollection(stack.db, "users")).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});
