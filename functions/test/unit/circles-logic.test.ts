import fc from "fast-check";
import {
  circleBoard,
  circleCodeFromBytes,
  circleCodeKeyOf,
  circleNameFromBytes,
  decideJoin,
  decideLeave,
  decideRemove,
  normalizeCircleCode,
  staleMembers,
  type CircleMembers,
  type Limits,
} from "../../src/circles/circles.logic";
import { codeKeyOf } from "../../src/pairing/pairing.logic";
import { mergeSync } from "../../src/sync/sync.logic";

const PEPPER = "unit-test-pepper-0123456789";
const LIMITS: Limits = { maxCirclesPerUser: 3, maxMembersPerCircle: 4 };

describe("names and codes", () => {
  test("a name is two words of the product's voice and four hex digits, from 4 random bytes", () => {
    expect(circleNameFromBytes(Buffer.from([0, 0, 0x7f, 0x3a]))).toBe("Misty Grove 7f3a");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        expect(circleNameFromBytes(Buffer.from(bytes))).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{4}$/);
      }),
    );
    expect(() => circleNameFromBytes(Buffer.alloc(3))).toThrow();
  });

  test("codes are BC-XXXX-XXXX over the pairing alphabet; typed forms normalise back (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const code = circleCodeFromBytes(Buffer.from(bytes));
        expect(code).toMatch(/^BC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
        expect(normalizeCircleCode(code)).toBe(code);
        expect(normalizeCircleCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
        expect(normalizeCircleCode(code.slice(3))).toBe(code);
      }),
    );
  });

  test("a pairing code is not a circle code, and the stored hashes of the two kinds differ", () => {
    expect(normalizeCircleCode("BM-7K3Q-X9PD")).toBeUndefined();
    expect(normalizeCircleCode("BC-7K3Q-X9P0")).toBeUndefined();
    expect(circleCodeKeyOf("BC-7K3Q-X9PD", PEPPER)).not.toBe(codeKeyOf("BC-7K3Q-X9PD", PEPPER));
    expect(circleCodeKeyOf("BC-7K3Q-X9PD", PEPPER)).not.toBe(circleCodeKeyOf("BC-7K3Q-X9PD", `${PEPPER}x`));
    expect(circleCodeKeyOf("BC-7K3Q-X9PD", PEPPER)).not.toContain("7K3Q");
  });
});

describe("membership decisions", () => {
  const circle = (members: string[], creatorKey: string | null = members[0] ?? null): CircleMembers => ({ members, creatorKey });

  test("joining adds both sides; joining twice changes nothing", () => {
    const first = decideJoin(circle(["a"]), "c1", "b", [], LIMITS);
    expect(first).toEqual({ kind: "joined", changed: true, members: ["a", "b"], creatorKey: "a", userCircles: ["c1"] });
    expect(decideJoin(circle(["a", "b"]), "c1", "b", ["c1"], LIMITS)).toMatchObject({ kind: "joined", changed: false });
  });

  test("limits: a full circle and a user with too many circles are refused; a half-written membership is completed", () => {
    expect(decideJoin(circle(["a", "b", "c", "d"]), "c1", "e", [], LIMITS)).toEqual({ kind: "circle-full" });
    expect(decideJoin(circle(["a"]), "c4", "e", ["c1", "c2", "c3"], LIMITS)).toEqual({ kind: "too-many-circles" });
    // Listed by the full circle but missing its own side: completed, not refused.
    expect(decideJoin(circle(["a", "b", "c", "e"]), "c1", "e", [], LIMITS)).toMatchObject({ kind: "joined", changed: true, userCircles: ["c1"] });
  });

  test("leaving: both sides lose it; a creator who leaves is no longer creator; the last one empties the circle", () => {
    expect(decideLeave(circle(["a", "b"]), "c1", "a", ["c1", "c2"])).toEqual({ members: ["b"], creatorKey: null, userCircles: ["c2"], empty: false });
    expect(decideLeave(circle(["a", "b"]), "c1", "b", ["c1"])).toEqual({ members: ["a"], creatorKey: "a", userCircles: [], empty: false });
    expect(decideLeave(circle(["a"]), "c1", "a", ["c1"]).empty).toBe(true);
  });

  test("removal: only members learn anything, only the creator removes, by short or long name", () => {
    const names = (key: string) => [`${key}-short`, `${key}-long`];
    const c = circle(["a", "b"]);
    expect(decideRemove(c, "z", "b-short", names)).toEqual({ kind: "not-member" });
    expect(decideRemove(c, "b", "a-short", names)).toEqual({ kind: "not-creator" });
    expect(decideRemove(c, "a", "z-short", names)).toEqual({ kind: "unknown-member" });
    expect(decideRemove(c, "a", "b-long", names)).toEqual({ kind: "remove", targetKey: "b" });
    expect(decideRemove(circle(["a", "b"], null), "a", "b-short", names)).toEqual({ kind: "not-creator" });
  });

  test("retention: a member whose document is gone, retired or no longer lists the circle is stale", () => {
    const records = new Map([
      ["live", { live: true, circles: ["c1"] }],
      ["retired", { live: false, circles: [] }],
      ["elsewhere", { live: true, circles: ["c2"] }],
    ]);
    expect(staleMembers("c1", ["live", "retired", "elsewhere", "gone"], records)).toEqual(["retired", "elsewhere", "gone"]);
  });

  /** Applies a sequence of joins and leaves of users 0..n to one circle, the way the store does. */
  function run(ops: Array<{ join: boolean; user: number }>) {
    let state: CircleMembers = { members: ["creator"], creatorKey: "creator" };
    const userCircles = new Map<string, string[]>([["creator", ["c1"]]]);
    for (const op of ops) {
      const key = `u${op.user}`;
      const mine = userCircles.get(key) ?? [];
      if (op.join) {
        const decision = decideJoin(state, "c1", key, mine, LIMITS);
        if (decision.kind === "joined") {
          state = { members: decision.members, creatorKey: decision.creatorKey };
          userCircles.set(key, decision.userCircles);
        }
      } else if (state.members.includes(key)) {
        const change = decideLeave(state, "c1", key, mine);
        state = { members: change.members, creatorKey: change.creatorKey };
        userCircles.set(key, change.userCircles);
      }
    }
    return { state, userCircles };
  }

  test("property: any sequence of joins and leaves keeps both sides equal, members unique and within the limit", () => {
    const ops = fc.array(fc.record({ join: fc.boolean(), user: fc.nat({ max: 7 }) }), { maxLength: 60 });
    fc.assert(
      fc.property(ops, (sequence) => {
        const { state, userCircles } = run(sequence);
        expect(new Set(state.members).size).toBe(state.members.length);
        expect(state.members.length).toBeLessThanOrEqual(LIMITS.maxMembersPerCircle);
        const listing = [...userCircles].filter(([, circles]) => circles.includes("c1")).map(([key]) => key);
        expect([...listing].sort()).toEqual([...state.members].sort());
      }),
    );
  });

  test("property: repeating every operation (retries) ends in the same state", () => {
    const ops = fc.array(fc.record({ join: fc.boolean(), user: fc.nat({ max: 7 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(ops, (sequence) => {
        expect(run(sequence.flatMap((op) => [op, op])).state).toEqual(run(sequence).state);
      }),
    );
  });

  test("property: joins of distinct users in any order admit exactly as many as fit", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 20 }), { maxLength: 12 }), (users) => {
        const { state } = run(users.map((user) => ({ join: true, user })));
        expect(state.members).toHaveLength(Math.min(1 + users.length, LIMITS.maxMembersPerCircle));
      }),
    );
  });
});

describe("the circle board", () => {
  test("the global ranking (1, 2, 2, 4, ties by name) and the caller's own row", () => {
    const scores = [
      { userKey: "k1", anonymousId: "calm-otter-0001", xp: 50 },
      { userKey: "k2", anonymousId: "airy-fox-0002", xp: 80 },
      { userKey: "k3", anonymousId: "bright-owl-0003", xp: 50 },
      { userKey: "k4", anonymousId: "deep-wren-0004", xp: 10 },
    ];
    const { rankings, me } = circleBoard(scores, "k1");
    expect(rankings).toEqual([
      { rank: 1, xp: 80, anonymousId: "airy-fox-0002" },
      { rank: 2, xp: 50, anonymousId: "bright-owl-0003" },
      { rank: 2, xp: 50, anonymousId: "calm-otter-0001" },
      { rank: 4, xp: 10, anonymousId: "deep-wren-0004" },
    ]);
    expect(me).toEqual({ rank: 2, xp: 50, anonymousId: "calm-otter-0001" });
    expect(circleBoard(scores, "nobody").me).toBeUndefined();
  });
});

describe("the sync merge and circle membership", () => {
  const NOW = new Date("2026-11-24T10:00:00.000Z");
  const base = { now: NOW, totals: {}, reported: {}, onboarding: {}, anonymousId: "calm-otter-0000", maxDevices: 20 };
  const earn = (xp: number, at: Date) => ({
    ...base,
    now: at,
    device: { key: "d1", earned: { xp, meditationMs: 0, challengesCompleted: 0 }, localDate: "2026-11-24", todaySessionTime: 0, activeDays: [] },
  });

  test("a member who is not opted in globally scores in the periods; the list is carried unchanged", () => {
    const first = mergeSync(null, { ...base, totals: { xp: 100 } }).progress;
    const joined = { ...first, circles: ["c1", "c2"] };
    const after = mergeSync(joined, earn(30, new Date(NOW.getTime() + 60_000))).progress;
    expect(after.leaderboardOptIn).toBe(false);
    expect(after.circles).toEqual(["c1", "c2"]);
    expect(after.periods.weekly).toEqual({ key: "2026-W48", xp: 30 });
  });

  test("on no board at all (not opted in, in no circle) nothing is recorded, as before circles", () => {
    const first = mergeSync(null, { ...base, totals: { xp: 100 } }).progress;
    const after = mergeSync(first, earn(30, new Date(NOW.getTime() + 60_000))).progress;
    expect(after.periods).toEqual({});
    expect(after).not.toHaveProperty("circles");
  });
});
