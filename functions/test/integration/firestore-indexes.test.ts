/**
 * Every query the code runs has its index in firestore.indexes.json. No emulator enforces indexes, so the
 * embedded emulator logs each query it evaluates (scripts/query-log.js) and this test — and, for every test of
 * the run, the global teardown (helpers/query-index-scan.js) — checks them with Firestore's rules
 * (helpers/index-coverage.js). Here every query path is driven on purpose, and each is seen.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { userKeyOf } from "../../src/users/user-keys";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper the global teardown shares
const { loadIndexes, readQueryLogs, unservedQueries, whyUnserved } = require("../helpers/index-coverage") as {
  loadIndexes(): unknown;
  readQueryLogs(files: string[]): Query[];
  unservedQueries(queries: Query[], config?: unknown): string[];
  whyUnserved(query: Query, config: unknown): string | null;
};

interface Query {
  collection: string;
  filters: Array<{ field: string; op: string }>;
  orderBy: Array<{ field: string; direction: "ASCENDING" | "DESCENDING" }>;
  limit: number | null;
}

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const DAY = 86_400_000;
const T0 = new Date("2026-11-24T10:00:00.000Z");

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const sync = (userId: string, body: Record<string, unknown>) =>
  request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, ...body }).expect(200);

test("the checker refuses what Firestore would refuse", () => {
  const config = loadIndexes();
  const q = (filters: Query["filters"], orderBy: Query["orderBy"] = []): Query => ({ collection: "users", filters, orderBy, limit: null });
  // Exempted from indexing: no query may filter or order on it.
  expect(whyUnserved(q([{ field: "lastSyncAt", op: "<" }], [{ field: "lastSyncAt", direction: "ASCENDING" }]), config)).toMatch(/no single-field/);
  expect(whyUnserved(q([{ field: "createdAt", op: "==" }]), config)).toMatch(/exempted/);
  // A composite nobody declared, and a declared one in the wrong direction.
  expect(whyUnserved(q([{ field: "leaderboardOptIn", op: "==" }], [{ field: "totals", direction: "DESCENDING" }]), config)).toMatch(/no composite index/);
  expect(
    whyUnserved(
      q([{ field: "leaderboardOptIn", op: "==" }, { field: "dailyKey", op: "==" }], [
        { field: "dailyXp", direction: "DESCENDING" },
        { field: "anonymousId", direction: "DESCENDING" },
      ]),
      config,
    ),
  ).toMatch(/no composite index/);
  // The board's queries are served.
  expect(
    whyUnserved(
      q([{ field: "leaderboardOptIn", op: "==" }, { field: "weeklyKey", op: "==" }], [
        { field: "weeklyXp", direction: "ASCENDING" },
        { field: "anonymousId", direction: "DESCENDING" },
        { field: "__name__", direction: "DESCENDING" },
      ]),
      config,
    ),
  ).toBeNull();
});

test("every query of sync, boards (me, around, rebuild), pairing, export, deletion and retention is indexed", async () => {
  // Enough opted-in users on every board that a caller is beyond the deep list, so its neighbours come from
  // range reads; scores tied in groups of 25, so that each board's histogram is a few dozen buckets.
  const users = stack.db.collection("users");
  for (let start = 0; start < 1100; start += 500) {
    const batch = stack.db.batch();
    for (let i = start; i < Math.min(1100, start + 500); i++) {
      const xp = 500 + Math.floor(i / 25);
      batch.set(users.doc(`seed-${i}`), { leaderboardOptIn: true, anonymousId: `seed-fox-${i.toString(16).padStart(4, "0")}`, dailyKey: "2026-11-24", dailyXp: xp, weeklyKey: "2026-W48", weeklyXp: xp, monthlyKey: "2026-11", monthlyXp: xp });
    }
    await batch.commit();
  }
  stack.clock.now = new Date(T0.getTime() - 400 * DAY);
  const gone = newUserId();
  await sync(gone, { data: { meditation: { totalXP: 5 } } });
  await request(stack.app).post("/api/v1/pairing").set("Authorization", `Bearer ${gone}`).expect(201);
  stack.clock.now = new Date(T0);
  const userId = newUserId();
  const name = (await sync(userId, { device: { deviceId: newUserId(), earned: { xp: 20 }, localDate: "2026-11-24" }, leaderboard: { optIn: true } })).body.serverData.anonymousId;
  await users.doc(userKeyOf(userId, testConfig().userIdPepper)).update({ dailyXp: 20 });
  await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
  for (const period of ["daily", "weekly", "monthly"]) {
    await request(stack.app).get(`/api/v1/leaderboard?period=${period}`).set("Authorization", `Bearer ${userId}`).expect(200);
  }
  await request(stack.app).get(`/api/v1/leaderboard?period=daily&around=${name}`).expect(200);
  await request(stack.app).get("/api/v1/leaderboard?period=daily&around=quiet-heron-ffff").expect(404);
  await request(stack.app).get("/api/v1/challenges/daily").expect(200);
  const code = (await request(stack.app).post("/api/v1/pairing").set("Authorization", `Bearer ${userId}`).expect(201)).body.code;
  await request(stack.app).post("/api/v1/pairing/claim").send({ code }).expect(200);
  await request(stack.app).get("/api/v1/me/export").set("Authorization", `Bearer ${userId}`).expect(200);
  await request(stack.app).post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
  await request(stack.app).delete("/api/v1/me").set("Authorization", `Bearer ${userId}`).expect(204);

  const queries = readQueryLogs(stack.emulator.queryLog ? [stack.emulator.queryLog] : []);
  expect(unservedQueries(queries)).toEqual([]);
  // Each kind of query was really run (so the check above looked at them all).
  const seen = (predicate: (q: Query) => boolean) => queries.some(predicate);
  const orderOf = (q: Query) => q.orderBy.map((o) => `${o.field} ${o.direction}`).join(", ");
  expect(seen((q) => orderOf(q).startsWith("dailyXp DESCENDING, anonymousId ASCENDING") && q.limit === 1000)).toBe(true); // the deep list
  expect(seen((q) => orderOf(q).startsWith("dailyXp ASCENDING, anonymousId DESCENDING") && q.limit === 2)).toBe(true); // above
  expect(seen((q) => orderOf(q).startsWith("dailyXp DESCENDING, anonymousId ASCENDING") && q.limit === 2)).toBe(true); // below
  expect(seen((q) => q.orderBy.length === 0 && q.filters.some((f) => f.field === "dailyXp" && f.op === ">="))).toBe(true); // histogram
  expect(seen((q) => q.filters.some((f) => f.field === "anonymousId" && f.op === "=="))).toBe(true); // around=
  expect(seen((q) => q.collection === "users" && q.filters.some((f) => f.field === "expireAt"))).toBe(true); // purge
  expect(seen((q) => q.collection === "pairingCodes" && q.filters.some((f) => f.field === "expireAt"))).toBe(true);
  expect(seen((q) => q.collection === "pairingCodes" && q.filters.some((f) => f.field === "userKey"))).toBe(true); // deletion
}, 60_000);
