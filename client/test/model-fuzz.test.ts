/**
 * Model-based randomized test of the client kit against the real server (real app over HTTP, real Admin SDK, a
 * real Firestore emulator): 2–4 simulated installs, each with our model of the engine (matched against the real
 * v0.3.5 engine, docs/client-fuzz.md), random interleavings of earning, sessions whose end runs the engine's
 * challenge check (served challenges completed on several installs, online and offline), background and manual
 * syncs, lost responses, offline spells, slow links, restarts, day changes and windows left open across
 * midnight, pairing (merge/adopt), privacy switches, Clear All Data at random points with practice after it,
 * circles (created, joined with their code by another user or another install of the same user, left, their
 * boards read — each under the install's link and privacy of the moment), and in half the histories "Delete My
 * Synced Data". Installs also turn sync on alone (a user of their own, or a new id after a deletion) and re-pair:
 * an install that synced before — alone, for a deleted id, or for another user, with same-day served completions
 * of its own — joins another install's user with merge or adopt (a third or fourth install too), or enters a code
 * of its own user (which changes nothing). A third of the histories start with issue 26's shape: install 1 syncs
 * alone, installs 0 and 1 pay the same served challenges of the day, then install 1 joins install 0's user (merge
 * or adopt) — random steps alone rarely reach it.
 *
 * After quiescence (every link back, every paused install answered "Restore"): for every user some install syncs
 * for, every such install shows the server's total, and the server's total is what was truly earned there — what
 * each install brought when it started syncing for that user and what it earned while it did, each served
 * challenge's reward once per user; no install still holds a deleted id; and no request left while its install
 * was `local-only`. Circles change no XP (the
 * same totals hold), each user's `GET /circles` is our model of who is in which circle, and each circle's boards
 * rank only its members, each with no more than that user's own period score (the user document's, the score
 * the global boards rank).
 *
 * `npm test` runs FUZZ_HISTORIES (default 200) seeded histories; `npm run fuzz` runs 10,000. To replay one failure,
 * give its seed and fast-check path: `FUZZ_SEED=20261125 FUZZ_PATH=1230 FUZZ_HISTORIES=1 npx jest client/test/model-fuzz.test.ts`
 * (a path "1230" is the 1,231st history; FUZZ_HISTORIES=1 runs it alone, more run the ones after it too).
 * `FUZZ_PROGRESS=<file>` appends the tally to that file every 100 histories (how far a long run got).
 */
import fs from "node:fs";
import fc from "fast-check";
import { testConfig } from "../../functions/src/config";
import { RATE_CLASS_IDS, type RateLimits } from "../../functions/src/rate-classes";
import { userKeyOf } from "../../functions/src/users/user-keys";
import { localDay, type CircleBoard } from "../src";
import { Install, ManualTimers, realServer, valueOf, type NetMode } from "./helpers";

const HISTORIES = Number(process.env.FUZZ_HISTORIES ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const PATH = process.env.FUZZ_PATH;
const PROGRESS = process.env.FUZZ_PROGRESS;
const START = new Date("2026-11-24T15:00:00.000Z");
/** What the run did, reported at the end (docs/client-fuzz.md quotes it). */
const tally = { histories: 0, steps: 0, circleOps: 0, joins: 0, rejoins: 0, alone: 0, deletes: 0 };

const env = realServer({
  rateLimits: Object.fromEntries(RATE_CLASS_IDS.map((id) => [id, 1e6])) as RateLimits,
});

/**
 * The served sets of the days a history can reach: easy targets, so that installs complete them often. Each
 * install's link adds two challenges the engine would pay without checking them (as an older server might serve
 * them): the kit must not hand them over — if it did, their rewards would be paid on several installs and, with
 * ids the server never served, never taken back.
 */
beforeAll(async () => {
  env.stack.clock.now = START;
  const curated = [
    { type: "minutes", target: 3, rewardXP: 9 },
    { type: "deep_session", target: 5, rewardXP: 15 },
    { type: "cycles", target: 10, rewardXP: 7 },
    { type: "morning_breath", target: 1, rewardXP: 17 },
    { type: "streak", target: 1, rewardXP: 20 },
  ].map((c) => ({ ...c, title: `Fuzz ${c.type}`, description: "Reach {target}.", eonMessage: "Eon waits.", completionMessage: "Eon smiles." }));
  for (let offset = -1; offset <= 40; offset++) {
    const date = localDay(new Date(START.getTime() + offset * 86_400_000));
    const response = await fetch(`${env.server.endpoint}/admin/challenges/${date}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-admin-key": testConfig().adminApiKey },
      body: JSON.stringify({ challenges: curated }),
    });
    expect(response.status).toBe(200);
  }
}, 300_000); // 42 curations: on a machine shared with other work they can take longer than the default 30 s

function withUncheckedChallenges(url: string, body: unknown): unknown {
  if (!url.includes("/challenges/daily")) return body;
  const set = body as { date: string; challenges: Array<Record<string, unknown>> };
  const unchecked = [
    { type: "morning_breath", target: 4, rewardXP: 23, availableFromHour: 5 },
    { type: "streak", target: 2, rewardXP: 21, availableFromHour: 0 },
  ].map((c, i) => ({ ...c, id: `${set.date}-unchecked-${i}`, date: set.date, title: "Old", description: "Old", eonMessage: "Old", completionMessage: "Old" }));
  return { ...set, challenges: [...set.challenges, ...unchecked] };
}

type Step =
  | { kind: "breathe"; install: number; cycles: number }
  | { kind: "session"; install: number; minutes: number; bonus: number }
  | { kind: "challenge"; install: number; reward: number }
  | { kind: "sync"; install: number }
  | { kind: "background"; install: number }
  | { kind: "retry"; install: number }
  | { kind: "net"; install: number; mode: NetMode }
  | { kind: "restart"; install: number }
  | { kind: "privacy"; install: number; localOnly: boolean }
  | { kind: "pair"; install: number; maker: number; mode: "merge" | "adopt" }
  | { kind: "everywhere"; minutes: number }
  | { kind: "clear"; install: number }
  | { kind: "restore"; install: number }
  | { kind: "time"; minutes: number }
  /** A jump to a local time of day, later today or tomorrow (`HH:MM`). */
  | { kind: "time-of-day"; at: string }
  | { kind: "delete"; install: number }
  /** A pairing whose joiner is an install that synced before (for this user or another): `pick` chooses which. */
  | { kind: "repair"; pick: number; maker: number; mode: "merge" | "adopt" }
  /** Sync turned on alone on an install that syncs for nobody (never joined, or its id was deleted): a user of its own. */
  | { kind: "enable"; install: number }
  /** `who`: one of the user's installs (0–3) or, as 4, another user (a friend with one install of their own). */
  | { kind: "circle"; who: number; op: "create" | "join" | "leave" | "board"; pick: number };

const install = fc.nat({ max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("breathe" as const), install, cycles: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("session" as const), install, minutes: fc.integer({ min: 1, max: 30 }), bonus: fc.integer({ min: 0, max: 75 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("challenge" as const), install, reward: fc.integer({ min: 5, max: 50 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("sync" as const), install }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("background" as const), install }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retry" as const), install }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("net" as const), install, mode: fc.constantFrom<NetMode>("online", "online", "offline", "drop-response", "slow") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), install }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("privacy" as const), install, localOnly: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("pair" as const), install, maker: install, mode: fc.constantFrom<"merge" | "adopt">("merge", "adopt") }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("enable" as const), install }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("repair" as const), pick: fc.nat({ max: 3 }), maker: install, mode: fc.constantFrom<"merge" | "adopt">("merge", "adopt") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("everywhere" as const), minutes: fc.integer({ min: 3, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const), install }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restore" as const), install }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), minutes: fc.constantFrom(1, 7, 60, 600, 24 * 60) }) },
  // 23:50: a window left open across midnight; the others around the morning challenges' noon (an open morning
  // challenge checked at a session's end just before and after it).
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("time-of-day" as const), at: fc.constantFrom("23:50", "23:50", "06:30", "11:40", "12:30", "13:30") }) },
  {
    weight: 3,
    // Install 0 (always the user's) and the friend more often: installs that never joined can do nothing.
    arbitrary: fc.record({ kind: fc.constant("circle" as const), who: fc.constantFrom(0, 0, 1, 2, 3, 4, 4), op: fc.constantFrom<"create" | "join" | "leave" | "board">("create", "join", "join", "leave", "board"), pick: fc.nat({ max: 7 }) }),
  },
);
const history = fc.record({
  installs: fc.integer({ min: 2, max: 4 }),
  /** What each install had before sync (its own history). */
  before: fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 4, maxLength: 4 }),
  withReplaceStats: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  steps: fc.array(step, { minLength: 5, maxLength: 30 }),
  /** Half the histories delete the synced data at some step (fast-check's `freq`: 1 in `freq` has none). */
  deleteAt: fc.option(fc.nat({ max: 20 }), { freq: 2, nil: undefined }),
  /** Half the histories start with every install paired and synced once, so that they share the day's challenges. */
  pairedAtStart: fc.boolean(),
  /** Issue 26's shape first: install 1 syncs alone, it and install 0 pay today's served challenges, then it joins. */
  rejoinFirst: fc.constantFrom<"merge" | "adopt" | undefined>(undefined, "merge", "adopt"),
});
type History = {
  installs: number;
  before: number[];
  withReplaceStats: boolean[];
  steps: Step[];
  deleteAt?: number;
  pairedAtStart: boolean;
  rejoinFirst?: "merge" | "adopt";
};

/**
 * One install's time with one user: what it brought when it started syncing for that user (its local XP with
 * "merge" or when it turned sync on alone, nothing with "adopt"), what it earned while it synced for them, and the
 * served challenges its engine paid meanwhile.
 */
interface Stint {
  install: number;
  user: string;
  brought: number;
  earned: number;
  /** Served challenges paid: `date id` → reward; those lost to a wipe before the kit saw them are dropped. */
  served: Map<string, number>;
}

/**
 * The truth of a history, kept beside it: per user (a userId), every stint of every install that synced for it.
 * A user's total is what its stints brought and earned, each served challenge's reward once; an install that
 * leaves a user (a join elsewhere, or forgetting a deleted id) leaves what it synced there.
 */
class Truth {
  readonly stints: Stint[] = [];
  /** The stint each install is in now; absent: it syncs for nobody. */
  readonly current = new Map<number, Stint>();
  /** Users whose data is gone: deleted by the user, or retired by the kit after the install joined elsewhere. */
  readonly deleted = new Set<string>();

  get joined(): Set<number> {
    return new Set(this.current.keys());
  }

  userOf(i: number): string | undefined {
    return this.current.get(i)?.user;
  }

  start(i: number, user: string, brought: number): void {
    const stint: Stint = { install: i, user, brought, earned: 0, served: new Map() };
    this.stints.push(stint);
    this.current.set(i, stint);
  }

  earn(i: number, xp: number): void {
    const stint = this.current.get(i);
    if (stint) stint.earned += xp;
  }

  /** The engine paid challenges: a served one (its id starts with its ISO day) counts once per user in the end. */
  paid(i: number, completed: Array<{ id: string; rewardXP: number }>): void {
    for (const c of completed) {
      this.earn(i, c.rewardXP);
      const day = /^\d{4}-\d{2}-\d{2}/.exec(c.id)?.[0];
      if (day) this.current.get(i)?.served.set(`${day} ${c.id}`, c.rewardXP);
    }
  }

  /**
   * Clear All Data on a joined install: what it earned since the kit last looked is gone with the wipe (the user
   * cleared it; nobody had seen it), and so are served completions the kit had not seen.
   */
  cleared(i: number, inst: Install): void {
    type Seen = { seen: { xp: number }; mark?: string; cleared?: boolean; pauseMarked?: boolean; ownCompleted?: Array<{ date: string; id: string }> };
    const state = inst.globalState.get("breathMaster.sync.state") as Seen | undefined;
    const stint = this.current.get(i);
    if (!stint || !state) return;
    // After an earlier wipe the kit has not seen yet (also one during a pause recorded with its own marker),
    // nothing in the stats was seen; otherwise what it last read.
    const unseenWipe = state.mark !== undefined && inst.engine.getStats().syncMark !== state.mark && (!state.cleared || state.pauseMarked === true);
    stint.earned -= Math.max(0, inst.xp - (unseenWipe ? 0 : state.seen.xp));
    // The kit keeps its own completions for a week (what it reports); older ones were seen and reported long ago.
    const seen = new Set((state.ownCompleted ?? []).map((ref) => `${ref.date} ${ref.id}`));
    const weekAgo = localDay(new Date(inst.clock.now.getTime() - 6 * 86_400_000));
    for (const key of [...stint.served.keys()]) if (!seen.has(key) && key.slice(0, 10) >= weekAgo) stint.served.delete(key);
  }

  /** Installs forget a deleted id at their next sync (410), or join elsewhere: their stints end where the kit says. */
  async follow(installs: Install[]): Promise<void> {
    for (const [i, stint] of [...this.current]) {
      if ((await installs[i].secrets.get(USER_ID)) !== stint.user) this.current.delete(i);
    }
  }

  /** The users some install syncs for now, and not deleted. */
  liveUsers(): string[] {
    return [...new Set([...this.current.values()].map((s) => s.user))].filter((user) => !this.deleted.has(user));
  }

  total(user: string): number {
    let sum = 0;
    const counts = new Map<string, { n: number; reward: number }>();
    for (const stint of this.stints.filter((s) => s.user === user)) {
      sum += stint.brought + stint.earned;
      for (const [key, reward] of stint.served) counts.set(key, { n: (counts.get(key)?.n ?? 0) + 1, reward });
    }
    // Each served challenge's reward once per user, however many installs paid it.
    for (const { n, reward } of counts.values()) sum -= (n - 1) * reward;
    return sum;
  }
}

const USER_ID = "breathMaster.sync.userId";

/**
 * Whose circles: the history's first user (installs 0–3 while they sync for it; install 0 turned sync on first)
 * or a friend, another user with one install.
 */
type Member = "user" | "friend";
const MAX_CIRCLES_PER_USER = 10;

/**
 * Our model of the circles a history made: who is in which, and each one's code. The server's `GET /circles` and
 * boards must agree with it at the end. An operation whose response was lost after it left is what the server
 * did with it: a join or a leave, as answered; a create, one circle more that only the list can name.
 */
class Circles {
  readonly members = new Map<string, Set<Member>>();
  readonly codes = new Map<string, string>();
  friend?: Install;
  /** The history's first user: its userId, and its public name once an install learned it. */
  user = "";
  userAnonymousId?: string;
  ops = 0;

  of(who: Member): string[] {
    return [...this.members].filter(([, members]) => members.has(who)).map(([id]) => id);
  }

  add(id: string, who: Member): void {
    (this.members.get(id) ?? this.members.set(id, new Set()).get(id)!).add(who);
  }

  /** A member leaves; the last one's leaving deletes the circle and its code. */
  remove(id: string, who: Member): void {
    this.members.get(id)?.delete(who);
    if (this.members.get(id)?.size === 0) {
      this.members.delete(id);
      this.codes.delete(id);
    }
  }
}

/** The friend: another user, with progress of their own, synced once (so that circles accept them). */
async function friendOf(circles: Circles, endpoint: string, clock: { now: Date }): Promise<Install> {
  if (circles.friend) return circles.friend;
  const friend = new Install(endpoint, clock, { timers: new ManualTimers() });
  friend.engine.addExternalXP(40);
  await friend.client.setUp();
  expect((await friend.client.sync()).status).toBe("synced");
  circles.friend = friend;
  return friend;
}

/**
 * One circle operation under the install's link and privacy of the moment. Refusals (not set up, sync not done
 * or refused — the server's 403 "sync once first" —, offline, local-only, a limit) are expected and change
 * nothing; what the server did is the model's.
 */
async function circleStep(s: Extract<Step, { kind: "circle" }>, installs: Install[], truth: Truth, circles: Circles, clock: { now: Date }): Promise<void> {
  const who: Member = s.who === 4 ? "friend" : "user";
  if (who === "user") {
    if (s.who >= installs.length) return;
    const user = truth.userOf(s.who);
    // An install that syncs for nobody has no id: nothing may leave, and nothing may change.
    if (!user) expect((await installs[s.who].client.circles.list()).ok).toBe(false);
    // The circles model follows the history's first user; installs of other users (or of a deleted one) do none.
    if (user !== circles.user || truth.deleted.has(user)) return;
  }
  const inst = who === "friend" ? await friendOf(circles, env.server.endpoint, clock) : installs[s.who];
  if (who === "friend" && s.op !== "board") {
    inst.engine.endSession(4 * 60_000, 3); // the friend practises too, so that boards have more than one scorer
    await inst.client.sync();
  }
  const mine = circles.of(who);
  const sentBefore = inst.requests.length;
  const reachedServer = () => inst.net === "drop-response" && inst.requests.slice(sentBefore).some((r) => r.url.includes("/circles"));
  circles.ops++;
  switch (s.op) {
    case "create": {
      const made = await inst.client.circles.create();
      if (made.ok) {
        expect(mine.length).toBeLessThan(MAX_CIRCLES_PER_USER);
        circles.add(made.value.circleId, who);
        circles.codes.set(made.value.circleId, made.value.code);
      } else if (reachedServer() && mine.length < MAX_CIRCLES_PER_USER) {
        // Created, but the answer was lost: the list names the new circle; its code is lost with the answer.
        const listed = valueOf(await withLinkAndPrivacy(inst, () => inst.client.circles.list()));
        const fresh = listed.filter((c) => !circles.members.has(c.circleId));
        expect(fresh).toHaveLength(1);
        circles.add(fresh[0].circleId, who);
      }
      break;
    }
    case "join": {
      const open = [...circles.codes.keys()];
      if (open.length === 0) return;
      const id = open[s.pick % open.length];
      const fits = mine.includes(id) || mine.length < MAX_CIRCLES_PER_USER;
      const joined = await inst.client.circles.join(circles.codes.get(id)!);
      if (joined.ok) {
        expect(joined.value.circleId).toBe(id);
        expect(fits).toBe(true);
        circles.add(id, who);
      } else if (reachedServer() && fits) circles.add(id, who);
      break;
    }
    case "leave": {
      if (mine.length === 0) return;
      const id = mine[s.pick % mine.length];
      const left = await inst.client.circles.leave(id);
      if (left.ok || reachedServer()) circles.remove(id, who);
      break;
    }
    case "board": {
      if (mine.length === 0) return;
      await checkBoards(mine[s.pick % mine.length], inst, circles);
      break;
    }
  }
}

/** The anonymousIds of a circle's members as the model has them. */
function anonymousIdsOf(members: Set<Member>, circles: Circles): Set<string> {
  const ids = new Set<string>();
  if (members.has("user")) ids.add(circles.userAnonymousId ?? "?");
  if (members.has("friend")) ids.add(circles.friend?.client.anonymousId() ?? "?");
  return ids;
}

/** A circle's boards: members only, as many members as the model has, each score ≤ that user's own period score. */
async function checkBoards(id: string, viewer: Install, circles: Circles): Promise<void> {
  const members = circles.members.get(id)!;
  const ids = anonymousIdsOf(members, circles);
  const userIds = new Map<string, string>();
  if (circles.userAnonymousId) userIds.set(circles.userAnonymousId, circles.user);
  const friendId = await circles.friend?.secrets.get(USER_ID);
  if (friendId && circles.friend?.client.anonymousId()) userIds.set(circles.friend.client.anonymousId()!, friendId);
  for (const period of ["daily", "weekly", "monthly"] as const) {
    const board: CircleBoard = valueOf(await withLinkAndPrivacy(viewer, () => viewer.client.circles.board(id, period)));
    expect(board.members).toBe(members.size);
    for (const row of board.rankings) {
      const anonymousId = [...ids].find((a) => row.anonymousId === a || row.anonymousId.startsWith(a) || a.startsWith(row.anonymousId));
      expect(anonymousId).toBeDefined(); // only members are ranked
      const doc = (await env.stack.db.collection("users").doc(userKeyOf(userIds.get(anonymousId!)!, testConfig().userIdPepper)).get()).data() ?? {};
      expect(doc[`${period}Key`]).toBe(board.periodKey);
      expect(row.xp).toBeLessThanOrEqual(Number(doc[`${period}Xp`] ?? 0));
    }
  }
}

/** Every user's list is the model's: the same circles, each with the model's number of members. */
async function checkCircles(installs: Install[], truth: Truth, circles: Circles): Promise<void> {
  const viewers: Array<[Member, Install]> = [];
  const userViewer = [...truth.current].find(([, stint]) => stint.user === circles.user && !truth.deleted.has(stint.user))?.[0];
  if (userViewer !== undefined) viewers.push(["user", installs[userViewer]]);
  if (circles.friend) viewers.push(["friend", circles.friend]);
  for (const [who, viewer] of viewers) {
    const listed = valueOf(await withLinkAndPrivacy(viewer, () => viewer.client.circles.list()));
    expect(listed.map((c) => c.circleId).sort()).toEqual(circles.of(who).sort());
    for (const c of listed) expect(c.members).toBe(circles.members.get(c.circleId)?.size);
  }
  for (const [id, members] of circles.members) {
    const [, viewer] = viewers.find(([who]) => members.has(who)) ?? [];
    if (viewer) await checkBoards(id, viewer, circles);
  }
}

async function runHistory(h: History) {
  const clock = { now: new Date(START) };
  env.stack.clock.now = clock.now;
  const setClock = (to: Date) => {
    clock.now = to;
    env.stack.clock.now = to;
  };
  const installs = Array.from({ length: h.installs }, (_, i) => new Install(env.server.endpoint, clock, { withReplaceStats: h.withReplaceStats[i], timers: new ManualTimers() }));
  for (const inst of installs) inst.rewrite = withUncheckedChallenges;
  installs.forEach((inst, i) => inst.engine.addExternalXP(h.before[i]));

  // Install 0 turns sync on: its history is what it brings. The others join by code along the way, or turn sync
  // on alone (a user of their own) and may join later, bringing or dropping what they did meanwhile.
  const truth = new Truth();
  const circles = new Circles();
  circles.user = await enable(installs, 0, truth);
  if (h.pairedAtStart) {
    for (let i = 1; i < installs.length; i++) await pair(installs, truth, { kind: "pair", install: i, maker: 0, mode: i % 2 ? "merge" : "adopt" });
    for (const inst of installs) await inst.client.sync();
  } else if (h.rejoinFirst) {
    await enable(installs, 1, truth);
    for (const inst of installs.slice(0, 2)) await inst.client.sync(); // both engines get today's served set
    for (const i of [0, 1]) endSession(installs[i], i, 6, 0, truth); // both pay the same served challenges
    for (const inst of installs.slice(0, 2)) await inst.client.sync();
    await pair(installs, truth, { kind: "pair", install: 1, maker: 0, mode: h.rejoinFirst });
  }
  const steps = h.deleteAt === undefined ? h.steps : [...h.steps.slice(0, h.deleteAt), { kind: "delete", install: 0 } as Step, ...h.steps.slice(h.deleteAt)];
  for (const s of steps) {
    if ("install" in s && s.install >= installs.length) continue;
    if (s.kind === "circle") await circleStep(s, installs, truth, circles, clock);
    else await runStep(s, installs, truth, clock, setClock);
    await truth.follow(installs);
    await followFirstUser(installs, truth, circles);
  }
  await quiesce(installs, truth);
  await followFirstUser(installs, truth, circles);
  await checkCircles(installs, truth, circles);
  circles.friend?.client.dispose();
  tally.histories++;
  tally.steps += steps.length;
  tally.circleOps += circles.ops;
  // A long run can report how far it got (FUZZ_PROGRESS names a file; each 100th history appends a line).
  if (PROGRESS && tally.histories % 100 === 0) fs.appendFileSync(PROGRESS, `${new Date().toISOString()} ${JSON.stringify(tally)}\n`);
}

/**
 * The history's first user as the circles model needs it: its public name (once an install learned it), and, once
 * its data is gone (deleted, or retired when its only install joined elsewhere), no circle has it any more.
 */
async function followFirstUser(installs: Install[], truth: Truth, circles: Circles): Promise<void> {
  for (const [i, stint] of truth.current) if (stint.user === circles.user) circles.userAnonymousId ??= installs[i].client.anonymousId();
  if (truth.deleted.has(circles.user)) for (const id of circles.of("user")) circles.remove(id, "user");
}

/** Sync turned on alone on an install that syncs for nobody: a new user, with what the install holds as brought. */
async function enable(installs: Install[], i: number, truth: Truth): Promise<string> {
  const inst = installs[i];
  await inst.client.idle(); // a 410 under way is answered first (the id forgotten)
  const known = await inst.secrets.get(USER_ID);
  if (known && (await inst.client.isSetUp())) return known;
  const local = inst.xp;
  await inst.client.setUp();
  const user = (await inst.secrets.get(USER_ID))!;
  truth.start(i, user, local);
  tally.alone++;
  return user;
}

/** One step. */
async function runStep(s: Step, installs: Install[], truth: Truth, clock: { now: Date }, setClock: (to: Date) => void): Promise<void> {
  const inst = "install" in s ? installs[s.install] : undefined;
  switch (s.kind) {
    case "breathe":
      inst!.engine.breathe(s.cycles);
      truth.earn(s.install, s.cycles);
      break;
    case "session":
      endSession(inst!, s.install, s.minutes, s.bonus, truth);
      break;
    case "everywhere":
      // The same practice on every install (online or not): each engine may pay the same served challenge.
      for (const [i, each] of installs.entries()) endSession(each, i, s.minutes, 0, truth);
      break;
    case "challenge":
      inst!.engine.completeChallenge(s.reward); // a local challenge's reward: the install's own
      truth.earn(s.install, s.reward);
      break;
    case "sync":
      await inst!.client.sync();
      break;
    case "background":
      void inst!.client.sync();
      await new Promise((resolve) => setImmediate(resolve)); // one turn of the event loop: the sync is under way
      break;
    case "retry":
      inst!.timers.fire(); // the install's pending retry comes due
      await new Promise((resolve) => setImmediate(resolve));
      break;
    case "net":
      inst!.net = s.mode;
      break;
    case "restart":
      inst!.restart();
      break;
    case "privacy":
      inst!.settings.privacy = s.localOnly ? "local-only" : "export-allowed";
      break;
    case "clear":
      truth.cleared(s.install, inst!);
      inst!.engine.reset();
      break;
    case "restore":
      if (inst!.client.isPausedByClear()) await inst!.client.resolveClearedData("restore");
      break;
    case "time":
      setClock(new Date(clock.now.getTime() + s.minutes * 60_000));
      break;
    case "time-of-day": {
      // That local time on the same day, or the next one (from 23:50, sessions end after midnight).
      const [hours, minutes] = s.at.split(":").map(Number);
      const then = new Date(clock.now);
      then.setHours(hours, minutes, 0, 0);
      if (then.getTime() <= clock.now.getTime()) then.setDate(then.getDate() + 1);
      setClock(then);
      break;
    }
    case "pair":
      await pair(installs, truth, s);
      break;
    case "repair": {
      const synced = installs.map((_, i) => i).filter((i) => truth.stints.some((stint) => stint.install === i));
      await pair(installs, truth, { kind: "pair", install: synced[s.pick % synced.length], maker: s.maker, mode: s.mode });
      break;
    }
    case "enable":
      await enable(installs, s.install, truth);
      await inst!.client.sync();
      break;
    case "delete": {
      // "Delete My Synced Data" on the first install that syncs for a user whose data is still there.
      const [i, stint] = [...truth.current].filter(([, each]) => !truth.deleted.has(each.user)).sort(([a], [b]) => a - b)[0] ?? [];
      if (i === undefined) break;
      valueOf(await withLinkAndPrivacy(installs[i], () => installs[i].client.yourData.delete()));
      truth.deleted.add(stint.user);
      tally.deletes++;
      break;
    }
    case "circle":
      break; // runHistory runs circle steps (circleStep), with the history's circles
  }
}

/** A session ends (it may have begun before midnight in a window left open), and the End Session command checks. */
function endSession(inst: Install, i: number, minutes: number, bonus: number, truth: Truth): void {
  const before = inst.xp;
  inst.engine.endSession(minutes * 60_000, bonus);
  truth.earn(i, inst.xp - before);
  truth.paid(i, inst.engine.checkChallengeAutoCompletion());
}

async function withLinkAndPrivacy<T>(inst: Install, run: () => Promise<T>): Promise<T> {
  const saved = { net: inst.net, privacy: inst.settings.privacy };
  inst.net = "online";
  inst.settings.privacy = "export-allowed";
  try {
    return await run();
  } finally {
    inst.net = saved.net;
    inst.settings.privacy = saved.privacy;
  }
}

/**
 * The joiner enters a code the maker made: it joins the maker's user, from wherever it was — syncing for nobody
 * (never, or after its id was deleted), for a user of its own, or for another user (re-pairing) — bringing what
 * it holds (merge) or not (adopt). A joiner syncing for a live user syncs first (as a user would before leaving
 * it): what it earned there stays that user's, and the truth need not guess what a lost response carried. A code
 * of the joiner's own user changes nothing; a user only the joiner ever had is retired by the kit.
 */
async function pair(installs: Install[], truth: Truth, s: Extract<Step, { kind: "pair" }>) {
  const live = (i: number) => (truth.deleted.has(truth.userOf(i) ?? "") ? undefined : truth.userOf(i));
  // A maker that syncs for no live user, or for the joiner's own: another install's user when there is one.
  const other = installs.findIndex((_, i) => i !== s.install && live(i) !== undefined && live(i) !== live(s.install));
  const makerIndex = s.maker < installs.length && live(s.maker) !== undefined && (live(s.maker) !== live(s.install) || other < 0) ? s.maker : other;
  const user = makerIndex < 0 ? undefined : live(makerIndex);
  if (s.install === makerIndex || !user) return;
  const maker = installs[makerIndex];
  const joiner = installs[s.install];
  if (maker.client.isPausedByClear()) return; // its first sync would be refused until the user answers
  const before = truth.userOf(s.install);
  if (before && !truth.deleted.has(before) && (await withLinkAndPrivacy(joiner, () => joiner.client.sync())).status !== "synced") return;
  const made = await withLinkAndPrivacy(maker, () => maker.client.pairing.createCode());
  if (!made.ok) return;
  await joiner.client.idle(); // a 410 under way is answered first (the deleted id forgotten)
  await truth.follow(installs);
  const from = truth.userOf(s.install);
  const state = joiner.globalState.get("breathMaster.sync.state") as { shared?: boolean; syncedOnce?: boolean } | undefined;
  const local = joiner.xp;
  valueOf(await withLinkAndPrivacy(joiner, () => joiner.client.pairing.join(made.value.code, s.mode)));
  if (from === user) return; // already synced for it: nothing changed
  if (from && state?.syncedOnce && state.shared === false) truth.deleted.add(from); // only ever this install's
  truth.start(s.install, user, s.mode === "merge" ? local : 0);
  tally.joins++;
  if (truth.stints.some((stint) => stint.install === s.install && stint !== truth.current.get(s.install))) tally.rejoins++;
}

/**
 * Every link back, privacy allowed, paused installs restored; each install syncs until nothing changes (an
 * install holding a deleted id learns it and forgets it); then the checks, user by user.
 */
async function quiesce(installs: Install[], truth: Truth) {
  for (const inst of installs) {
    inst.net = "online";
    inst.settings.privacy = "export-allowed";
    inst.client.dispose(); // pending retries would only repeat what the rounds below do
    await inst.client.idle();
  }
  await truth.follow(installs);
  for (let round = 0; round < 4; round++) {
    for (const i of truth.joined) {
      const result = await installs[i].client.sync();
      if (result.status === "skipped" && result.reason === "local-data-cleared") await installs[i].client.resolveClearedData("restore");
      await installs[i].client.idle();
    }
    await truth.follow(installs);
  }
  for (const inst of installs) {
    for (const request of inst.requests) expect(request.privacy).toBe("export-allowed");
  }
  for (const [i, inst] of installs.entries()) {
    // No install holds a deleted id any more; one that syncs for nobody has forgotten everything.
    const user = truth.userOf(i);
    if (user) expect(truth.deleted.has(user)).toBe(false);
    else expect(await inst.client.isSetUp()).toBe(false);
  }
  for (const user of truth.liveUsers()) {
    const expected = truth.total(user);
    for (const [i, stint] of truth.current) {
      if (stint.user !== user) continue;
      const result = await installs[i].client.sync();
      expect(result.status).toBe("synced");
      if (result.status !== "synced") continue;
      expect(result.serverData.data.meditation.totalXP).toBe(expected);
      expect(installs[i].xp).toBe(expected);
    }
  }
  for (const inst of installs) inst.client.dispose();
}

test(`${HISTORIES} random histories of 2–4 installs: nothing invented, lost or leaked; each challenge reward once`, async () => {
  await fc.assert(fc.asyncProperty(history, (h) => runHistory(h)), { numRuns: HISTORIES, seed: SEED, endOnFailure: true, ...(PATH ? { path: PATH } : {}) });
  const t = tally;
  process.stdout.write(
    `model fuzz: ${t.histories} histories, ${t.steps} steps, ${t.circleOps} circle operations, ${t.joins} joins (${t.rejoins} of installs that had synced before), ` +
      `${t.alone} turned on alone, ${t.deletes} deletions (seed ${SEED})\n`,
  );
}, Math.max(600_000, HISTORIES * 6_000)); // room for a machine shared with other work: a bound, never a measure
