/**
 * Circles on the real app and a real Firestore emulator: create → join by code → sync → boards for every period
 * with ties; non-members learn nothing; leave, removal, code replacement and deletion take effect at once; limits
 * and bad input answer in the contract's error shape and change nothing; retention removes what is left behind.
 */
import request from "supertest";
import type { Express } from "express";
import { snapshotCollection, startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";
import { userKeyOf } from "../../src/users/user-keys";

let stack: TestStack;
const ADMIN = { "X-Admin-Key": testConfig().adminApiKey };
const PEPPER = testConfig().userIdPepper;
const YESTERDAY = new Date("2026-11-23T09:00:00.000Z"); // Monday of ISO week 48
const TODAY = new Date("2026-11-24T10:00:00.000Z");

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });
const api = (app: Express = stack.app) => request(app);
const sync = (userId: string, body: Record<string, unknown> = {}) =>
  api().post("/api/v1/sync").set(bearer(userId)).send({ data: {}, ...body }).expect(200);
const earn = (deviceId: string, xp: number, localDate: string) => ({ device: { deviceId, earned: { xp }, localDate } });

/** A user who has synced once (their progress from before sync: 1,000 XP); returns their anonymousId. */
async function newMember(optIn?: boolean): Promise<{ userId: string; deviceId: string; name: string }> {
  const userId = newUserId();
  const res = await sync(userId, { data: { meditation: { totalXP: 1000 } }, ...(optIn === undefined ? {} : { leaderboard: { optIn } }) });
  return { userId, deviceId: newUserId(), name: res.body.serverData.anonymousId };
}
const create = (userId: string, app?: Express) => api(app).post("/api/v1/circles").set(bearer(userId));
const join = (userId: string, code: unknown, app?: Express) => api(app).post("/api/v1/circles/join").set(bearer(userId)).send({ code });
const board = (userId: string, circleId: string, period: string, app?: Express) =>
  api(app).get(`/api/v1/circles/${circleId}/leaderboard?period=${period}`).set(bearer(userId));
const leave = (userId: string, circleId: string) => api().delete(`/api/v1/circles/${circleId}/members/me`).set(bearer(userId));
const remove = (userId: string, circleId: string, anonymousId: string) =>
  api().delete(`/api/v1/circles/${circleId}/members/${anonymousId}`).set(bearer(userId));
const replace = (userId: string, circleId: string) => api().post(`/api/v1/circles/${circleId}/code`).set(bearer(userId));
const list = (userId: string) => api().get("/api/v1/circles").set(bearer(userId)).expect(200);

/** Everything stored about circles and users, with update times: "nothing changed" compares two of these. */
async function everything() {
  return {
    circles: await snapshotCollection(stack.db, "circles"),
    circleCodes: await snapshotCollection(stack.db, "circleCodes"),
    users: await snapshotCollection(stack.db, "users"),
  };
}

const byName = (a: { anonymousId: string }, b: { anonymousId: string }) => a.anonymousId.localeCompare(b.anonymousId);

describe("a circle of five: create, join by code, sync, boards for every period", () => {
  let ana: Awaited<ReturnType<typeof newMember>>; // the creator; opted out of the global boards
  let ben: Awaited<ReturnType<typeof newMember>>; // opted in globally
  let cy: Awaited<ReturnType<typeof newMember>>;
  let fay: Awaited<ReturnType<typeof newMember>>;
  let eve: Awaited<ReturnType<typeof newMember>>; // a member who scores nothing
  let dee: Awaited<ReturnType<typeof newMember>>; // opted in globally, never joins: the outsider
  let circleId: string;
  let code: string;

  beforeAll(async () => {
    stack.clock.now = new Date(YESTERDAY);
    ana = await newMember(false);
    ben = await newMember(true);
    cy = await newMember();
    fay = await newMember();
    eve = await newMember();
    dee = await newMember(true);
    const created = await create(ana.userId).expect(201);
    ({ circleId, code } = created.body);
    expect(created.body.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{4}$/);
    expect(code).toMatch(/^BC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    // Typed as a person might: lower case, without dashes.
    for (const member of [ben, cy, fay, eve]) {
      const joined = await join(member.userId, code.toLowerCase().replace(/-/g, " ")).expect(200);
      expect(joined.body).toEqual({ circleId, name: created.body.name });
    }

    stack.clock.now = new Date(YESTERDAY.getTime() + 60 * 60_000);
    await sync(ana.userId, earn(ana.deviceId, 30, "2026-11-23"));
    await sync(ben.userId, earn(ben.deviceId, 50, "2026-11-23"));
    await sync(dee.userId, earn(dee.deviceId, 500, "2026-11-23"));
    stack.clock.now = new Date(TODAY);
    await sync(ana.userId, earn(ana.deviceId, 70, "2026-11-24"));
    await sync(ana.userId, earn(ana.deviceId, 70, "2026-11-24")); // a retry adds nothing
    await sync(cy.userId, earn(cy.deviceId, 40, "2026-11-24"));
    await sync(fay.userId, earn(fay.deviceId, 50, "2026-11-24"));
    await sync(dee.userId, earn(dee.deviceId, 900, "2026-11-24"));
  });

  test("daily: today's gains of members only, ties share a rank, `me` is the caller's row", async () => {
    const res = await board(ana.userId, circleId, "daily").expect(200);
    const tied = [
      { rank: 2, xp: 40, anonymousId: ana.name },
      { rank: 2, xp: 40, anonymousId: cy.name },
    ].sort(byName);
    expect(res.body).toEqual({
      circleId,
      name: expect.any(String),
      period: "daily",
      periodKey: "2026-11-24",
      generatedAt: TODAY.toISOString(),
      rankings: [{ rank: 1, xp: 50, anonymousId: fay.name }, ...tied],
      participants: 3,
      members: 5,
      me: { rank: 2, xp: 40, anonymousId: ana.name },
    });
  });

  test("weekly and monthly: yesterday and today together (1, 2, 2, 4); a member without a score has no `me`", async () => {
    for (const [period, periodKey] of [["weekly", "2026-W48"], ["monthly", "2026-11"]]) {
      const res = await board(eve.userId, circleId, period).expect(200);
      expect(res.body.periodKey).toBe(periodKey);
      expect(res.body.rankings).toEqual([
        { rank: 1, xp: 70, anonymousId: ana.name },
        ...[
          { rank: 2, xp: 50, anonymousId: ben.name },
          { rank: 2, xp: 50, anonymousId: fay.name },
        ].sort(byName),
        { rank: 4, xp: 40, anonymousId: cy.name },
      ]);
      expect(res.body.participants).toBe(4);
      expect(res.body.me).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toContain(dee.name);
    }
  });

  test("the circle board is independent of the global opt-in, both ways", async () => {
    await api().post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    const global = await api().get("/api/v1/leaderboard?period=weekly&limit=100").expect(200);
    const names = global.body.rankings.map((r: { anonymousId: string }) => r.anonymousId);
    expect(names).toEqual(expect.arrayContaining([ben.name, dee.name]));
    expect(names).not.toContain(ana.name); // in the circle, not on the global board
  });

  test("members are shown by anonymousId only: no userId, no user key", async () => {
    const res = await board(ben.userId, circleId, "weekly").expect(200);
    const text = JSON.stringify(res.body);
    for (const member of [ana, ben, cy, fay, eve]) {
      expect(text).not.toContain(member.userId);
      expect(text).not.toContain(userKeyOf(member.userId, PEPPER).slice(0, 12));
    }
  });

  test("a sync of a member writes no circle document (it costs what any sync costs)", async () => {
    const before = await snapshotCollection(stack.db, "circles");
    stack.clock.now = new Date(TODAY.getTime() + 60_000);
    await sync(cy.userId, earn(cy.deviceId, 45, "2026-11-24"));
    expect(await snapshotCollection(stack.db, "circles")).toEqual(before);
    // ...and the new score shows on a board computed afresh (another instance: its cache is empty).
    const res = await board(cy.userId, circleId, "daily", stack.makeApp()).expect(200);
    expect(res.body.me).toEqual({ rank: expect.any(Number), xp: 45, anonymousId: cy.name });
    stack.clock.now = new Date(TODAY);
  });

  test("GET /circles lists mine with the member count and whether I created it; joining twice is a no-op", async () => {
    expect((await list(ana.userId)).body.circles).toEqual([{ circleId, name: expect.any(String), members: 5, creator: true }]);
    const before = await everything();
    await join(ben.userId, code).expect(200);
    expect(await everything()).toEqual(before);
    expect((await list(ben.userId)).body.circles).toEqual([{ circleId, name: expect.any(String), members: 5, creator: false }]);
    expect((await list(dee.userId)).body.circles).toEqual([]);
  });

  test("a non-member, an unknown circle and a wrong code learn nothing: the same 404", async () => {
    const outsider = await board(dee.userId, circleId, "weekly").expect(404);
    const unknown = await board(dee.userId, "0123456789abcdef0123", "weekly").expect(404);
    expect(outsider.body).toEqual(unknown.body);
    expect(outsider.body.error.code).toBe("not_found");
    expect(outsider.body.error.message).not.toMatch(/member of|exists/i);
    const before = await everything();
    expect((await join(dee.userId, "BC-2222-2222").expect(404)).body.error.code).toBe("not_found");
    // A non-member may neither replace the code nor remove anyone, and learns the same 404.
    expect((await replace(dee.userId, circleId).expect(404)).body).toEqual(unknown.body);
    expect((await remove(dee.userId, circleId, ben.name).expect(404)).body).toEqual(unknown.body);
    expect((await leave(dee.userId, circleId).expect(404)).body).toEqual(unknown.body);
    expect(await everything()).toEqual(before);
  });

  test("only the creator replaces the code or removes a member (403 for other members)", async () => {
    expect((await replace(ben.userId, circleId).expect(403)).body.error.code).toBe("forbidden");
    expect((await remove(ben.userId, circleId, cy.name).expect(403)).body.error.code).toBe("forbidden");
    expect((await remove(ana.userId, circleId, dee.name).expect(404)).body.error.code).toBe("not_found"); // not a member
  });

  test("a replaced code stops working at once; the new one works", async () => {
    const replaced = await replace(ana.userId, circleId).expect(200);
    expect(replaced.body.code).toMatch(/^BC-/);
    expect(replaced.body.code).not.toBe(code);
    await join(dee.userId, code).expect(404);
    await join(dee.userId, replaced.body.code).expect(200);
    expect((await board(dee.userId, circleId, "daily").expect(200)).body.members).toBe(6);
    await leave(dee.userId, circleId).expect(204);
    code = replaced.body.code;
  });

  test("leaving takes effect at once, on a board this instance had cached", async () => {
    expect((await board(ana.userId, circleId, "daily").expect(200)).body.rankings.map((r: { anonymousId: string }) => r.anonymousId)).toContain(cy.name);
    await leave(cy.userId, circleId).expect(204);
    await board(cy.userId, circleId, "daily").expect(404);
    const res = await board(ana.userId, circleId, "daily").expect(200);
    expect(JSON.stringify(res.body)).not.toContain(cy.name);
    expect(res.body.members).toBe(4);
    expect((await list(cy.userId)).body.circles).toEqual([]);
    // A member who left counts on no circle board and keeps nothing of it; a sync does not bring it back.
    await sync(cy.userId, earn(cy.deviceId, 60, "2026-11-24"));
    await board(cy.userId, circleId, "daily").expect(404);
  });

  test("a removed member is out at once; they may join again with the code until it is replaced", async () => {
    await board(fay.userId, circleId, "weekly").expect(200);
    await remove(ana.userId, circleId, fay.name).expect(204);
    await board(fay.userId, circleId, "weekly").expect(404);
    expect(JSON.stringify((await board(ana.userId, circleId, "weekly").expect(200)).body)).not.toContain(fay.name);
    await join(fay.userId, code).expect(200);
    await board(fay.userId, circleId, "weekly").expect(200);
  });
});

describe("the same scores and caps as the global boards", () => {
  test("a forged jump counts on the circle board exactly what it counts on the global board", async () => {
    stack.clock.now = new Date(TODAY);
    const nia = await newMember(true);
    const circle = (await create(nia.userId).expect(201)).body;
    await sync(nia.userId, earn(nia.deviceId, 20, "2026-11-24"));
    stack.clock.now = new Date(TODAY.getTime() + 60_000);
    const jumped = await sync(nia.userId, earn(nia.deviceId, 1_000_020, "2026-11-24"));
    expect(jumped.body.serverData.data.meditation.totalXP).toBe(1_000 + 1_000_020);
    await api().post("/api/v1/admin/jobs/leaderboards").set(ADMIN).expect(200);
    const global = await api().get("/api/v1/leaderboard?period=daily&limit=100").expect(200);
    const globalXp = global.body.rankings.find((r: { anonymousId: string }) => r.anonymousId === nia.name).xp;
    const mine = (await board(nia.userId, circle.circleId, "daily").expect(200)).body.me;
    expect(mine).toEqual({ rank: 1, xp: globalXp, anonymousId: nia.name });
    expect(globalXp).toBeLessThan(10_000);
  });
});

describe("deleting one's data leaves every circle at once", () => {
  test("the creator deletes their data: their circles stay for the others, nobody can replace the code, a lone circle goes", async () => {
    stack.clock.now = new Date(TODAY);
    const gil = await newMember();
    const hal = await newMember();
    const shared = (await create(gil.userId).expect(201)).body;
    const lone = (await create(gil.userId).expect(201)).body;
    const other = (await create(hal.userId).expect(201)).body;
    await join(hal.userId, shared.code).expect(200);
    await join(gil.userId, other.code).expect(200);
    stack.clock.now = new Date(TODAY.getTime() + 60_000);
    await sync(gil.userId, earn(gil.deviceId, 20, "2026-11-24"));
    await sync(hal.userId, earn(hal.deviceId, 10, "2026-11-24"));

    // Export: the circles one is in, by id and name — nothing about the other members.
    const exported = await api().get("/api/v1/me/export").set(bearer(gil.userId)).expect(200);
    expect([...exported.body.circles].sort((a, b) => a.circleId.localeCompare(b.circleId))).toEqual(
      [
        { circleId: shared.circleId, name: shared.name, creator: true },
        { circleId: lone.circleId, name: lone.name, creator: true },
        { circleId: other.circleId, name: other.name, creator: false },
      ].sort((a, b) => a.circleId.localeCompare(b.circleId)),
    );
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(hal.name);
    expect(text).not.toContain(userKeyOf(hal.userId, PEPPER));

    // Both boards are cached on this instance with gil on them.
    expect(JSON.stringify((await board(hal.userId, shared.circleId, "daily").expect(200)).body)).toContain(gil.name);
    expect(JSON.stringify((await board(hal.userId, other.circleId, "daily").expect(200)).body)).toContain(gil.name);
    await api().delete("/api/v1/me").set(bearer(gil.userId)).expect(204);

    for (const circle of [shared, other]) {
      const res = await board(hal.userId, circle.circleId, "daily").expect(200);
      expect(JSON.stringify(res.body)).not.toContain(gil.name);
      expect(res.body.members).toBe(1);
    }
    expect((await list(hal.userId)).body.circles).toEqual(
      expect.arrayContaining([
        { circleId: shared.circleId, name: shared.name, members: 1, creator: false },
        { circleId: other.circleId, name: other.name, members: 1, creator: true },
      ]),
    );
    // The circle gil created stays for hal and its code still invites, but nobody can replace it any more.
    expect((await replace(hal.userId, shared.circleId).expect(403)).body.error.code).toBe("forbidden");
    const ivy = await newMember();
    await join(ivy.userId, shared.code).expect(200);
    // The circle gil was alone in is gone, with its code.
    expect((await stack.db.collection("circles").doc(lone.circleId).get()).exists).toBe(false);
    await join(ivy.userId, lone.code).expect(404);
    // The retired id gets 410 from every circle route.
    for (const res of await Promise.all([
      create(gil.userId),
      join(gil.userId, shared.code),
      api().get("/api/v1/circles").set(bearer(gil.userId)),
      board(gil.userId, shared.circleId, "daily"),
      leave(gil.userId, shared.circleId),
      replace(gil.userId, shared.circleId),
    ])) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe("gone");
    }
  });
});

describe("limits answer 403 `forbidden` in the contract's shape", () => {
  let small: Express;
  beforeAll(() => {
    small = stack.makeApp({ maxCirclesPerUser: 2, maxMembersPerCircle: 3 });
  });

  test("circles per user: creating or joining one more is refused and changes nothing", async () => {
    const jo = await newMember();
    const kim = await newMember();
    await create(jo.userId, small).expect(201);
    const second = (await create(jo.userId, small).expect(201)).body;
    const kims = (await create(kim.userId, small).expect(201)).body;
    const before = await everything();
    for (const res of [await create(jo.userId, small).expect(403), await join(jo.userId, kims.code, small).expect(403)]) {
      expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/2 circles/) } });
    }
    expect(await everything()).toEqual(before);
    await leave(jo.userId, second.circleId).expect(204);
    await join(jo.userId, kims.code, small).expect(200);
  });

  test("members per circle: concurrent joins beyond the limit are refused, exactly as many as fit get in", async () => {
    const owner = await newMember();
    const circle = (await create(owner.userId, small).expect(201)).body;
    const hopefuls = await Promise.all(Array.from({ length: 5 }, () => newMember()));
    const results = await Promise.all(hopefuls.map((h) => join(h.userId, circle.code, small)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 403, 403, 403]);
    for (const refused of results.filter((r) => r.status === 403)) {
      expect(refused.body).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/3 members/) } });
    }
    const stored = (await stack.db.collection("circles").doc(circle.circleId).get()).data()!;
    expect(stored.members).toHaveLength(3);
    // Every member the circle lists lists the circle, and nobody else does.
    const listing = await stack.db.collection("users").where("circles", "array-contains", circle.circleId).get();
    expect(listing.docs.map((d) => d.id).sort()).toEqual([...stored.members].sort());
  });

  test("a user who never synced may not create or join (403), and has no circles", async () => {
    const stranger = newUserId();
    const before = await everything();
    expect((await create(stranger).expect(403)).body.error.code).toBe("forbidden");
    expect((await join(stranger, "BC-2222-2222").expect(403)).body.error.code).toBe("forbidden");
    expect((await list(stranger)).body.circles).toEqual([]);
    expect(await everything()).toEqual(before);
  });
});

describe("bad input is refused and leaves everything unchanged", () => {
  let member: Awaited<ReturnType<typeof newMember>>;
  let circleId: string;
  beforeAll(async () => {
    member = await newMember();
    circleId = (await create(member.userId).expect(201)).body.circleId;
  });

  test.each([
    ["join: a pairing code", 400, () => join(member.userId, "BM-7K3Q-X9PD"), "code"],
    ["join: letters outside the alphabet", 400, () => join(member.userId, "BC-0000-OOOO"), "code"],
    ["join: a number", 400, () => join(member.userId, 12345678), "code"],
    ["join: no body", 400, () => api().post("/api/v1/circles/join").set(bearer(member.userId)), "(root)"],
    ["join: a huge code", 400, () => join(member.userId, "B".repeat(41)), "code"],
    ["board: no period", 400, () => api().get(`/api/v1/circles/${circleId}/leaderboard`).set(bearer(member.userId)), "period"],
    ["board: an unknown period", 400, () => board(member.userId, circleId, "yearly"), "period"],
    ["board: a path that climbs out of the circle", 404, () => board(member.userId, "../users", "daily"), undefined],
    ["board: a circle id of the wrong form", 400, () => board(member.userId, "ABCDEF", "daily"), "circleId"],
    ["remove: a malformed anonymousId", 400, () => remove(member.userId, circleId, "Robert-Tables"), "anonymousId"],
    ["leave: a malformed circle id", 400, () => leave(member.userId, "nope"), "circleId"],
    ["code: a malformed circle id", 400, () => replace(member.userId, "nope"), "circleId"],
    ["create: no bearer", 401, () => api().post("/api/v1/circles"), undefined],
    ["board: a malformed bearer", 401, () => api().get(`/api/v1/circles/${circleId}/leaderboard?period=daily`).set("Authorization", "Bearer 1"), undefined],
  ] as const)("%s → %i", async (_name, status, send, field) => {
    const before = await everything();
    const res = await send().expect(status);
    expect(Object.keys(res.body)).toEqual(["error"]);
    if (field) {
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
    expect(await everything()).toEqual(before);
  });
});

describe("retention", () => {
  test("members whose user document went (TTL) leave their circles; a circle left empty goes with its code", async () => {
    stack.clock.now = new Date(TODAY);
    const lia = await newMember();
    const max = await newMember();
    const both = (await create(lia.userId).expect(201)).body;
    await join(max.userId, both.code).expect(200);
    const alone = (await create(max.userId).expect(201)).body;
    // Firestore's TTL policy deletes max's document without running any code of ours.
    await stack.db.collection("users").doc(userKeyOf(max.userId, PEPPER)).delete();

    const res = await api().post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
    expect(res.body.summary.membersDropped).toBeGreaterThanOrEqual(2);
    expect(res.body.summary.circlesDeleted).toBeGreaterThanOrEqual(1);
    expect((await stack.db.collection("circles").doc(alone.circleId).get()).exists).toBe(false);
    expect((await stack.db.collection("circles").doc(both.circleId).get()).data()!.members).toEqual([userKeyOf(lia.userId, PEPPER)]);
    const codes = await snapshotCollection(stack.db, "circleCodes");
    expect(Object.values(codes).map((c) => (c as { data: { circleId: string } }).data.circleId)).not.toContain(alone.circleId);
    expect((await board(lia.userId, both.circleId, "daily", stack.makeApp()).expect(200)).body.members).toBe(1);

    // A second run finds nothing more to do.
    const again = await api().post("/api/v1/admin/jobs/retention").set(ADMIN).expect(200);
    expect(again.body.summary).toMatchObject({ membersDropped: 0, circlesDeleted: 0 });
  });
});
