/**
 * "Where am I, and who is around me" on a board deeper than its deep list: 1,500 seeded participants in groups
 * of thirty tied scores (written straight through the Admin SDK), plus real users placed at the top, in the middle,
 * at the end of the deep list and near the bottom. Every answer is checked against the whole board ranked here.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { userKeyOf } from "../../src/users/user-keys";
import { anonymousIdOf } from "../../src/users/anonymous-id";
import { rank, type Ranked } from "../../src/leaderboard/leaderboard.logic";
import { BOARD_DEPTH } from "../../src/leaderboard/leaderboard.store";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const TODAY = "2026-11-24";
const SEEDED = 1500;
const seedName = (i: number) => `seed-fox-${i.toString(16).padStart(4, "0")}`;
const seedXp = (i: number) => 50 - Math.floor(i / 30); // 50 down to 1, thirty of each

/** The whole board, ranked here from what was written: the oracle. */
let truth: Ranked[] = [];
const callers: Record<string, { userId: string; anonymousId: string; xp: number }> = {};

async function seed() {
  const users = stack.db.collection("users");
  for (let start = 0; start < SEEDED; start += 500) {
    const batch = stack.db.batch();
    for (let i = start; i < Math.min(SEEDED, start + 500); i++) {
      batch.set(users.doc(`seed-${i}`), { leaderboardOptIn: true, anonymousId: seedName(i), dailyKey: TODAY, dailyXp: seedXp(i), weeklyKey: null, weeklyXp: 0, monthlyKey: null, monthlyXp: 0 });
    }
    await batch.commit();
  }
  // Scored today but not on the board: opted out; and a retired id's tombstone.
  await users.doc("seed-opted-out").set({ leaderboardOptIn: false, anonymousId: "shy-fox-0001", dailyKey: TODAY, dailyXp: 90 });
  await users.doc("seed-retired").set({ retired: true, retiredAt: "2026-11-20T00:00:00.000Z" });
}

/** A new userId whose public name passes `wanted` (names are an HMAC of the id: draw until one fits). */
function userIdNamed(wanted: (anonymousId: string) => boolean): string {
  for (;;) {
    const userId = newUserId();
    if (wanted(anonymousIdOf(userKeyOf(userId, testConfig().userIdPepper), testConfig().userIdPepper))) return userId;
  }
}

async function placeCaller(name: string, xp: number, userId = newUserId()) {
  const res = await request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, leaderboard: { optIn: true } }).expect(200);
  // The score is set directly (a real user would need hours of breathing to get there).
  await stack.db.collection("users").doc(userKeyOf(userId, testConfig().userIdPepper)).update({ dailyKey: TODAY, dailyXp: xp });
  callers[name] = { userId, anonymousId: res.body.serverData.anonymousId, xp };
}

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.now = new Date(`${TODAY}T10:00:00.000Z`);
  await seed();
  await placeCaller("top", 50); // tied with thirty seeds at rank 1
  await placeCaller("middle", 35); // rank 452, tied with thirty
  // At the end of the deep list, tied with its last entries: one named before the seeds (so on the list), one
  // after them (just beyond it, yet exact: every better score is on the list).
  await placeCaller("edgeBefore", 17, userIdNamed((name) => name < "seed"));
  await placeCaller("edgeAfter", 17, userIdNamed((name) => name > "seed-fox-ffff"));
  await placeCaller("bottom", 3); // far beyond the deep list
  await placeCaller("last", 1); // in the last group
  truth = rank([
    ...Array.from({ length: SEEDED }, (_, i) => ({ xp: seedXp(i), anonymousId: seedName(i) })),
    ...Object.values(callers).map(({ anonymousId, xp }) => ({ anonymousId, xp })),
  ]);
  await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
}, 120_000);
afterAll(async () => {
  await stack.close();
});

const participants = SEEDED + 6;

function expectedPlace(anonymousId: string) {
  const index = truth.findIndex((entry) => entry.anonymousId === anonymousId);
  return {
    index,
    own: truth[index],
    neighbours: [...truth.slice(Math.max(0, index - 2), index), ...truth.slice(index + 1, index + 3)],
  };
}

/** The API's place agrees with the oracle: exact inside the deep list's reach, else within 1 % of participants. */
function expectPlace(me: { rank: number; xp: number; anonymousId: string; exact: boolean; neighbours: Ranked[] }, anonymousId: string) {
  const { own, neighbours } = expectedPlace(anonymousId);
  expect(me.anonymousId).toBe(anonymousId);
  expect(me.xp).toBe(own.xp);
  // Neighbours: the same entries in the same order, whatever their ranks.
  expect(me.neighbours.map((n) => [n.anonymousId, n.xp])).toEqual(neighbours.map((n) => [n.anonymousId, n.xp]));
  // Exact where every better score is on the deep list: a score at least that of its last entry.
  const exactFrom = truth[BOARD_DEPTH - 1].xp;
  const honest = (shown: number, entry: Ranked) => {
    if (entry.xp >= exactFrom) expect(shown).toBe(entry.rank);
    else expect(Math.abs(shown - entry.rank)).toBeLessThanOrEqual(participants / 100);
  };
  expect(me.exact).toBe(own.xp >= exactFrom);
  honest(me.rank, own);
  me.neighbours.forEach((shown, i) => honest(shown.rank, neighbours[i]));
  // Competition ranking holds among them: ties share a rank, better scores rank higher.
  const sequence = [...me.neighbours, me].sort((a, b) => b.xp - a.xp);
  for (let i = 1; i < sequence.length; i++) {
    if (sequence[i].xp === sequence[i - 1].xp) expect(sequence[i].rank).toBe(sequence[i - 1].rank);
    else expect(sequence[i].rank).toBeGreaterThan(sequence[i - 1].rank);
  }
}

const board = (query: string, userId?: string) => {
  const req = request(stack.app).get(`/api/v1/leaderboard?period=daily${query}`);
  if (userId) req.set("Authorization", `Bearer ${userId}`);
  return req;
};

describe("me: rank and neighbours with a bearer", () => {
  test.each(["top", "middle", "edgeBefore", "edgeAfter", "bottom", "last"])("%s of the board", async (name) => {
    const res = await board("", callers[name].userId).expect(200);
    expect(res.body.participants).toBe(participants);
    expectPlace(res.body.me, callers[name].anonymousId);
  });

  test("the top caller is exact at rank 1; the middle one at 452 (450 seeds and the top caller above); the edge ones at 993; the bottom one is estimated", async () => {
    expect((await board("", callers.top.userId)).body.me).toMatchObject({ rank: 1, exact: true });
    expect(truth.findIndex((entry) => entry.anonymousId === callers.edgeAfter.anonymousId)).toBeGreaterThanOrEqual(BOARD_DEPTH);
    for (const edge of [callers.edgeBefore, callers.edgeAfter]) expect((await board("", edge.userId)).body.me).toMatchObject({ rank: 993, exact: true });
    expect((await board("", callers.middle.userId)).body.me).toMatchObject({ rank: 452, exact: true });
    expect((await board("", callers.bottom.userId)).body.me.exact).toBe(false);
  });
});

describe("around=<anonymousId>: the same place, no bearer", () => {
  test.each([
    ["a seed in the top list", seedName(3)],
    ["a seed deep in the list", seedName(640)],
    ["a seed beyond the list", seedName(1320)],
    ["the last seed", seedName(SEEDED - 1)],
  ])("%s", async (_what, anonymousId) => {
    const res = await board(`&around=${anonymousId}`).expect(200);
    expect(res.headers["cache-control"]).toMatch(/^public, max-age=\d+/);
    expectPlace(res.body.me, anonymousId);
  });

  test("a caller's own name gives the place their bearer gives", async () => {
    const byName = await board(`&around=${callers.bottom.anonymousId}`).expect(200);
    const byBearer = await board("", callers.bottom.userId).expect(200);
    expect(byName.body.me).toEqual(byBearer.body.me);
  });

  test("an opted-in user with no gain today: `no-gain-yet`, as their bearer gets; one who did not opt in: 404", async () => {
    const joined = async (optIn: boolean) => {
      const userId = newUserId();
      const res = await request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {}, leaderboard: { optIn } }).expect(200);
      return { userId, anonymousId: res.body.serverData.anonymousId as string };
    };
    const idle = await joined(true);
    const byName = await board(`&around=${idle.anonymousId}`).expect(200);
    expect(byName.body.me).toEqual({ anonymousId: idle.anonymousId, notOnBoard: "no-gain-yet" });
    expect((await board("", idle.userId).expect(200)).body.me).toEqual(byName.body.me);
    await board(`&around=${(await joined(false)).anonymousId}`).expect(404);
  });

  test.each([
    ["unknown", "quiet-heron-ffff"],
    ["opted out (scored today)", "shy-fox-0001"],
    ["a long form nobody has", `${seedName(1320)}-abcd`],
  ])("%s → 404 not_found, revealing nothing", async (_what, anonymousId) => {
    const res = await board(`&around=${anonymousId}`).expect(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: "No entry of that name on this board." } });
  });

  test("a deleted user's name → the same 404 (after the rebuild that drops it, like the board)", async () => {
    const userId = callers.last.userId;
    await request(stack.app).delete("/api/v1/me").set("Authorization", `Bearer ${userId}`).expect(204);
    await request(stack.app).post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    const res = await request(stack.makeApp()).get(`/api/v1/leaderboard?period=daily&around=${callers.last.anonymousId}`).expect(404);
    expect(res.body.error.code).toBe("not_found");
  }, 120_000);

  test.each(["Calm-Otter-7f3a", "calm-otter", "calm-otter-7f3a&around=calm-otter-7f3b", "x".repeat(80)])("malformed around=%s → 400", async (value) => {
    const res = await board(`&around=${value}`).expect(400);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "around" })]));
  });
});
