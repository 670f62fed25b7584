/**
 * The operator's view on the real app and a real Firestore emulator: every job run leaves its record (on demand
 * and as the scheduler runs it), the daily stats job counts users, syncs, opt-ins, circles and retired ids into a
 * series, and GET /admin/stats serves them from those few documents.
 */
import request from "supertest";
import { startTestStack, newUserId, snapshotCollection, TEST_START, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { runJob } from "../../src/ops/jobs";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => stack.resetClock());

const stats = () => request(stack.app).get("/api/v1/admin/stats").set(ADMIN).expect(200);
const run = (job: string) => request(stack.app).post(`/api/v1/admin/jobs/${job}`).set(ADMIN).expect(200);
const sync = (userId: string, body: Record<string, unknown> = {}) =>
  request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, ...body }).expect(200);

test("before any job ran: no counts, no runs, an empty series", async () => {
  const res = await stats();
  expect(res.body).toEqual({ latest: null, participants: null, jobs: { leaderboards: null, challenges: null, retention: null, stats: null }, series: [] });
});

test("the stats job counts; each job's last run is there; a second day adds a point", async () => {
  const at = (offsetDays: number) => {
    stack.clock.now = new Date(Date.parse(TEST_START) + offsetDays * DAY);
  };
  at(-20);
  await sync(newUserId()); // last synced 20 days ago
  at(-3);
  const weekly = newUserId();
  await sync(weekly);
  const gone = newUserId();
  await sync(gone);
  await request(stack.app).delete("/api/v1/me").set("Authorization", `Bearer ${gone}`).expect(204);
  at(0);
  const opted = newUserId();
  await sync(opted, { leaderboard: { optIn: true }, device: { deviceId: newUserId(), earned: { xp: 30 }, localDate: "2026-11-24" } });
  await sync(newUserId());
  await sync(weekly); // synced again today
  await request(stack.app).post("/api/v1/circles").set("Authorization", `Bearer ${opted}`).expect(201);
  await run("leaderboards");
  await run("stats");

  const res = (await stats()).body;
  expect(res.latest).toEqual({
    date: "2026-11-24",
    takenAt: TEST_START,
    users: 4,
    synced: { day: 3, week: 3, month: 4 },
    optedIn: 1,
    circles: 1,
    retired: 1,
    participants: { daily: 1, weekly: 1, monthly: 1 },
  });
  expect(res.participants).toEqual({ daily: 1, weekly: 1, monthly: 1 });
  expect(res.jobs.leaderboards).toEqual({ job: "leaderboards", ranAt: TEST_START, ms: expect.any(Number), ok: true, summary: expect.objectContaining({ daily: expect.any(Object) }) });
  expect(res.jobs.stats).toMatchObject({ job: "stats", ok: true, summary: { date: "2026-11-24", users: 4, syncedToday: 3 } });
  expect(res.jobs.challenges).toBeNull();
  expect(res.series).toEqual([res.latest]);

  at(1);
  await run("stats");
  await run("stats"); // twice on one day: one point for the day
  const next = (await stats()).body;
  expect(next.series.map((p: { date: string }) => p.date)).toEqual(["2026-11-24", "2026-11-25"]);
  expect(next.latest.synced).toEqual({ day: 0, week: 3, month: 4 });
});

test("a run on the schedule (as index.ts runs it) leaves its record too", async () => {
  const ctx = createContext({ config: testConfig(), db: () => stack.db, now: () => new Date(stack.clock.now), log: () => undefined });
  await runJob("challenges", ctx);
  const res = (await stats()).body;
  expect(res.jobs.challenges).toMatchObject({ job: "challenges", ranAt: TEST_START, ok: true });
  // Scheduled runs are not admin actions: the audit log has only the runs asked for through the API.
  const audit = (await request(stack.app).get("/api/v1/admin/audit?limit=100").set(ADMIN).expect(200)).body.entries;
  expect(audit.filter((e: { object: string }) => e.object === "challenges")).toEqual([]);
  expect(audit.filter((e: { action: string }) => e.action === "job.run").length).toBeGreaterThanOrEqual(4);
});

test("no key or a wrong one: 401 in the contract's shape, nothing written; the admin limit applies", async () => {
  const before = { jobRuns: await snapshotCollection(stack.db, "jobRuns"), ops: await snapshotCollection(stack.db, "ops") };
  for (const headers of [{}, { "X-Admin-Key": "guess-guess-guess-guess" }]) {
    const res = await request(stack.app).get("/api/v1/admin/stats").set(headers).expect(401);
    expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  }
  await request(stack.app).post("/api/v1/admin/jobs/statz").set(ADMIN).expect(404);
  expect({ jobRuns: await snapshotCollection(stack.db, "jobRuns"), ops: await snapshotCollection(stack.db, "ops") }).toEqual(before);
  const app = stack.makeApp({ rateLimits: { ...testConfig().rateLimits, "admin-per-ip": 1 } });
  await request(app).get("/api/v1/admin/stats").set(ADMIN).expect(200);
  expect((await request(app).get("/api/v1/admin/stats").set(ADMIN).expect(429)).headers["retry-after"]).toMatch(/^\d+$/);
});
