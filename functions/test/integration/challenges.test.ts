/**
 * Daily challenges on the real app and a real Firestore emulator: generated on demand or by the job, identical
 * across instances and processes, protected by an optional API key, curated by an admin.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import request from "supertest";
import { snapshotCollection, startTestStack, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});
// A test that moves the clock cannot leave it moved for the next one, even when it fails half-way.
afterEach(() => stack.resetClock());

const daily = (query = "", app = stack.app) => request(app).get(`/api/v1/challenges/daily${query}`);

test("two instances and two processes give identical sets for a date; different dates differ", async () => {
  const first = await daily("?date=2026-11-24").expect(200);
  const second = await daily("?date=2026-11-24", stack.makeApp()).expect(200);
  expect(second.body).toEqual(first.body);
  expect(first.body.date).toBe("2026-11-24");
  expect(first.body.challenges.length).toBeGreaterThanOrEqual(2);

  // a separate Node process running the built generator agrees
  const lib = path.resolve(__dirname, "../../lib/challenges/challenges.logic.js");
  const script = `const l = require(${JSON.stringify(lib)}); process.stdout.write(JSON.stringify(l.generateChallenges("2026-11-24").map((c) => l.servedChallenge("2026-11-24", c))))`;
  expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }))).toEqual(first.body.challenges);

  const other = await daily("?date=2026-11-25").expect(200);
  expect(other.body.challenges).not.toEqual(first.body.challenges);
});

test("date defaults to today (UTC) and may be one day either side", async () => {
  expect((await daily().expect(200)).body.date).toBe("2026-11-24");
  await daily("?date=2026-11-23").expect(200);
  await daily("?date=2026-11-25").expect(200);
});

test.each(["?date=2026-11-26", "?date=2026-11-22", "?date=2026-02-30", "?date=yesterday", "?date=2026-11-24&date=2026-11-25", "?date="])(
  "GET /challenges/daily%s → 400",
  async (query) => {
    const res = await daily(query).expect(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.details[0].path).toBe("date");
  },
);

test("two instances racing on an unwritten date store one identical document", async () => {
  const apps = [stack.makeApp(), stack.makeApp(), stack.makeApp()];
  const results = await Promise.all(apps.map((app) => daily("?date=2026-11-23", app).expect(200)));
  for (const res of results) expect(res.body).toEqual(results[0].body);
  const stored = await stack.db.collection("challenges").doc("2026-11-23").get();
  // Stored as generated; served with the date and the availability hour of each type.
  expect(stored.get("challenges").map((c: Record<string, unknown>) => ({ ...c, date: "2026-11-23", availableFromHour: expect.any(Number) }))).toEqual(
    results[0].body.challenges,
  );
});

test("the job publishes today's and tomorrow's sets ahead", async () => {
  stack.clock.now = new Date("2027-03-10T00:05:00Z");
  const res = await request(stack.app).post("/api/v1/admin/jobs/challenges").set(ADMIN).expect(200);
  expect(res.body.summary).toEqual({ published: ["2027-03-10", "2027-03-11"], kept: [] });
  const again = await request(stack.app).post("/api/v1/admin/jobs/challenges").set(ADMIN).expect(200);
  expect(again.body.summary).toEqual({ published: [], kept: ["2027-03-10", "2027-03-11"] });
  const stored = await stack.db.collection("challenges").doc("2027-03-11").get();
  expect(stored.get("source")).toBe("generated");
});

describe("with CHALLENGES_API_KEY set", () => {
  const keyed = () => stack.makeApp({ challengesApiKey: "challenge-key-123" });

  test("no key → 401, wrong key → 401, right key → 200 (and no shared CDN caching)", async () => {
    const app = keyed();
    expect((await daily("", app).expect(401)).body.error.code).toBe("unauthorized");
    await daily("", app).set("X-API-Key", "challenge-key-12").expect(401);
    const ok = await daily("", app).set("X-API-Key", "challenge-key-123").expect(200);
    expect(ok.headers["cache-control"]).toMatch(/^private/);
  });

  test("without a key configured the route is public and CDN-cacheable", async () => {
    expect((await daily().expect(200)).headers["cache-control"]).toMatch(/^public, max-age=\d+, s-maxage=\d+$/);
  });
});

describe("curation", () => {
  const curated = [
    {
      type: "minutes",
      target: 12,
      title: "Solstice Stillness",
      description: "Breathe for {target} minutes on the longest night.",
      rewardXP: 40,
      eonMessage: "The longest night is only long for those who hurry. Sit with me for {target} minutes.",
      completionMessage: "{target} minutes of stillness. The light returns from here.",
    },
  ];

  test("no or wrong admin key → 401, and nothing changes", async () => {
    await request(stack.app).put("/api/v1/admin/challenges/2026-11-25").send({ challenges: curated }).expect(401);
    await request(stack.app).put("/api/v1/admin/challenges/2026-11-25").set("X-Admin-Key", "nope").send({ challenges: curated }).expect(401);
    await request(stack.app).delete("/api/v1/admin/challenges/2026-11-25").expect(401);
    const res = await daily("?date=2026-11-25").expect(200);
    expect(res.body.challenges[0].title).not.toBe("Solstice Stillness");
  });

  test("a curated set replaces the generated one until deleted", async () => {
    const generated = (await daily("?date=2026-11-25").expect(200)).body;
    const put = await request(stack.app).put("/api/v1/admin/challenges/2026-11-25").set(ADMIN).send({ challenges: curated }).expect(200);
    expect(put.body.challenges).toEqual([
      {
        id: "2026-11-25-minutes-1",
        type: "minutes",
        target: 12,
        title: "Solstice Stillness",
        description: "Breathe for 12 minutes on the longest night.",
        rewardXP: 40,
        eonMessage: "The longest night is only long for those who hurry. Sit with me for 12 minutes.",
        completionMessage: "12 minutes of stillness. The light returns from here.",
        date: "2026-11-25",
        availableFromHour: 0,
      },
    ]);
    // this instance at once; a fresh instance (another cache) too
    expect((await daily("?date=2026-11-25").expect(200)).body).toEqual(put.body);
    expect((await daily("?date=2026-11-25", stack.makeApp()).expect(200)).body).toEqual(put.body);
    // the job does not overwrite it
    await request(stack.app).post("/api/v1/admin/jobs/challenges").set(ADMIN).expect(200);
    expect((await daily("?date=2026-11-25", stack.makeApp()).expect(200)).body).toEqual(put.body);

    const reverted = await request(stack.app).delete("/api/v1/admin/challenges/2026-11-25").set(ADMIN).expect(200);
    expect(reverted.body).toEqual(generated);
    expect((await daily("?date=2026-11-25").expect(200)).body).toEqual(generated);
  });

  test("the calendar: today and the next 7 days as they will be served, curated ones marked; it writes nothing", async () => {
    await request(stack.app).get("/api/v1/admin/challenges").expect(401);
    await request(stack.app).get("/api/v1/admin/challenges").set("X-Admin-Key", "nope").expect(401);
    const before = await snapshotCollection(stack.db, "challenges");
    const res = await request(stack.app).get("/api/v1/admin/challenges").set(ADMIN).expect(200);
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(
      ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"],
    );
    expect(await snapshotCollection(stack.db, "challenges")).toEqual(before);
    expect(res.body.days.every((d: { source: string }) => d.source === "generated")).toBe(true);
    // each day is what the public route will serve for it
    const { source: _source, ...tomorrow } = res.body.days[1];
    expect((await daily("?date=2026-11-25").expect(200)).body).toEqual(tomorrow);

    const put = await request(stack.app).put("/api/v1/admin/challenges/2026-11-28").set(ADMIN).send({ challenges: curated }).expect(200);
    const after = await request(stack.app).get("/api/v1/admin/challenges").set(ADMIN).expect(200);
    expect(after.body.days[4]).toEqual({ ...put.body, source: "curated" });
    expect(after.body.days.filter((d: { source: string }) => d.source === "curated")).toHaveLength(1);
    await request(stack.app).delete("/api/v1/admin/challenges/2026-11-28").set(ADMIN).expect(200);
  });

  test.each([
    ["an empty list", { challenges: [] }, "challenges"],
    ["an unknown type", { challenges: [{ ...curated[0], type: "sprint" }] }, "challenges.0.type"],
    ["an empty title", { challenges: [{ ...curated[0], title: "  " }] }, "challenges.0.title"],
    ["a negative reward", { challenges: [{ ...curated[0], rewardXP: -1 }] }, "challenges.0.rewardXP"],
    ["two of one type", { challenges: [curated[0], curated[0]] }, "challenges"],
  ])("a curated set with %s → 400", async (_name, body, field) => {
    const res = await request(stack.app).put("/api/v1/admin/challenges/2026-11-26").set(ADMIN).send(body).expect(400);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  const morning = {
    ...curated[0],
    type: "morning_breath",
    target: 1,
    description: "Before noon, take a breathing session of any length.",
    eonMessage: "The frost on my bark melts slowly. Breathe with it this morning.",
    completionMessage: "The frost has gone, and you were there to see it.",
  };
  test.each([
    ["a morning breath with a target (issue 18 item 1: the engine ignores it)", { ...morning, target: 7 }, "challenges.0.target"],
    ["a morning breath that asks for minutes the engine does not check", { ...morning, description: "Breathe 7 minutes before noon." }, "challenges.0.description"],
    ["a streak that asks for days in a row", { ...morning, type: "streak", eonMessage: "Keep it up for 3 days in a row." }, "challenges.0.eonMessage"],
    ["minutes whose description does not state the target", { ...curated[0], description: "Breathe for a while tonight." }, "challenges.0.description"],
  ])("a curated set that could not mean what it says (%s) → 400, and nothing changes", async (_name, challenge, field) => {
    const before = await snapshotCollection(stack.db, "challenges");
    const res = await request(stack.app).put("/api/v1/admin/challenges/2026-11-26").set(ADMIN).send([challenge]).expect(400);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    expect(await snapshotCollection(stack.db, "challenges")).toEqual(before);
  });

  test("a morning breath that says what the engine pays for is accepted, served from 5:00", async () => {
    const put = await request(stack.app).put("/api/v1/admin/challenges/2026-11-27").set(ADMIN).send([morning]).expect(200);
    expect(put.body.challenges[0]).toMatchObject({ type: "morning_breath", target: 1, availableFromHour: 5 });
  });

  test.each(["2026-02-30", "tomorrow", "2026-11-22", "2028-01-01"])("curating %s → 400", async (date) => {
    const res = await request(stack.app).put(`/api/v1/admin/challenges/${date}`).set(ADMIN).send({ challenges: curated }).expect(400);
    expect(res.body.error.details[0].path).toBe("date");
  });
});

test("a generated set stored by the generator before issue 18 is written anew when next served", async () => {
  const date = "2026-11-25";
  // what the job wrote before the upgrade: a morning breath asking for 7 minutes, no generator version
  await stack.db.collection("challenges").doc(date).set({
    date,
    source: "generated",
    updatedAt: "2026-11-24T00:00:00.000Z",
    challenges: [{ id: `${date}-morning_breath-1`, type: "morning_breath", target: 7, title: "First Light", description: "Before noon, breathe with the guide for at least 7 minutes.", rewardXP: 26, eonMessage: "Meet it early: 7 minutes before noon.", completionMessage: "7 minutes at first light." }],
  });
  const res = await daily(`?date=${date}`, stack.makeApp()).expect(200);
  expect(JSON.stringify(res.body)).not.toContain("7 minutes");
  expect(res.body.challenges.every((c: { target: number; type: string }) => c.type !== "morning_breath" || c.target === 1)).toBe(true);
  expect((await stack.db.collection("challenges").doc(date).get()).get("generator")).toBe(2);
});
