/**
 * Model-based randomized test of the client kit against the real server (real app over HTTP, real Admin SDK, a
 * real Firestore emulator): 2–4 simulated installs, each with our model of the engine (matched against the real
 * v0.3.5 engine, docs/client-fuzz.md), random interleavings of earning, sessions whose end runs the engine's
 * challenge check (served challenges completed on several installs, online and offline), background and manual
 * syncs, lost responses, offline spells, slow links, restarts, day changes and windows left open across
 * midnight, pairing (merge/adopt), privacy switches, Clear All Data at random points with practice after it,
 * circles (created, joined with their code by another user or another install of the same user, left, their
 * boards read — each under the install's link and privacy of the moment), and in some histories deletion.
 *
 * After quiescence (every link back, every paused install answered "Restore"): every install shows the server's
 * total, and the server's total is what was truly earned — each served challenge's reward once per user — plus
 * what each install brought; and no request left while its install was `local-only`. Circles change no XP (the
 * same totals hold), each user's `GET /circles` is our model of who is in which circle, and each circle's boards
 * rank only its members, each with no more than that user's own period score (the user document's, the score
 * the global boards rank).
 *
 * `npm test` runs FUZZ_HISTORIES (default 200) seeded histories; `npm run fuzz` runs 10,000. To replay one failure,
 * give its seed and fast-check path: `FUZZ_SEED=20261125 FUZZ_PATH=1230 FUZZ_HISTORIES=1 npx jest client/test/model-fuzz.test.ts`
 * (a path "1230" is the 1,231st history; FUZZ_HISTORIES=1 runs it alone, more run the ones after it too).
 */
import fc from "fast-check";
import { testConfig } from "../../functions/src/config";
import { userKeyOf } from "../../functions/src/users/user-keys";
import { localDay, type CircleBoard } from "../src";
import { Install, ManualTimers, realServer, valueOf, type NetMode } from "./helpers";

const HISTORIES = Number(process.env.FUZZ_HISTORIES ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const PATH = process.env.FUZZ_PATH;
const START = new Date("2026-11-24T15:00:00.000Z");
/** What the run did, reported at the end (docs/client-fuzz.md quotes it). */
const tally = { histories: 0, steps: 0, circleOps: 0 };

const env = realServer({
  rateLimits: { perIpPerMinute: 1e6, syncPerUserPerMinute: 1e6, accountPerUserPerMinute: 1e6, claimsPerIpPerHour: 1e6, adminPerIpPerMinute: 1e6 },
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
});

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
  | { kind: "late-evening" }
  | { kind: "delete"; install: number }
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
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pair" as const), install, maker: install, mode: fc.constantFrom<"merge" | "adopt">("merge", "adopt") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("everywhere" as const), minutes: fc.integer({ min: 3, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const), install }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restore" as const), install }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), minutes: fc.constantFrom(1, 7, 60, 600, 24 * 60) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "late-evening" as const }) },
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
  deleteAt: fc.option(fc.nat({ max: 30 }), { freq: 1, nil: undefined }),
  /** Half the histories start with every install paired and synced once, so that they share the day's challenges. */
  pairedAtStart: fc.boolean(),
});
type History = { installs: number; before: number[]; withReplaceStats: boolean[]; steps: Step[]; deleteAt?: number; pairedAtStart: boolean };

/** The truth of a history, kept beside it: what each install brought and earned, and each served reward paid. */
class Truth {
  readonly joined = new Set<number>([0]);
  readonly brought = new Map<number, number>();
  readonly earned = new Map<number, number>();
  /** Served challenges paid, per install: `date id` → reward; those lost to a wipe before the kit saw them are dropped. */
  readonly served = new Map<number, Map<string, number>>();

  earn(i: number, xp: number): void {
    if (this.joined.has(i)) this.earned.set(i, (this.earned.get(i) ?? 0) + xp);
  }

  /** The engine paid challenges: a served one (its id starts with its ISO day) counts once per user in the end. */
  paid(i: number, completed: Array<{ id: string; rewardXP: number }>): void {
    for (const c of completed) {
      this.earn(i, c.rewardXP);
      const day = /^\d{4}-\d{2}-\d{2}/.exec(c.id)?.[0];
      if (day && this.joined.has(i)) (this.served.get(i) ?? this.served.set(i, new Map()).get(i)!).set(`${day} ${c.id}`, c.rewardXP);
    }
  }

  /**
   * Clear All Data on a joined install: what it earned since the kit last looked is gone with the wipe (the user
   * cleared it; nobody had seen it), and so are served completions the kit had not seen.
   */
  cleared(i: number, inst: Install): void {
    type Seen = { seen: { xp: number }; mark?: string; cleared?: boolean; pauseMarked?: boolean; ownCompleted?: Array<{ date: string; id: string }> };
    const state = inst.globalState.get("breathMaster.sync.state") as Seen | undefined;
    if (!this.joined.has(i) || !state) return;
    // After an earlier wipe the kit has not seen yet (also one during a pause recorded with its own marker),
    // nothing in the stats was seen; otherwise what it last read.
    const unseenWipe = state.mark !== undefined && inst.engine.getStats().syncMark !== state.mark && (!state.cleared || state.pauseMarked === true);
    this.earned.set(i, (this.earned.get(i) ?? 0) - Math.max(0, inst.xp - (unseenWipe ? 0 : state.seen.xp)));
    // The kit keeps its own completions for a week (what it reports); older ones were seen and reported long ago.
    const seen = new Set((state.ownCompleted ?? []).map((ref) => `${ref.date} ${ref.id}`));
    const weekAgo = localDay(new Date(inst.clock.now.getTime() - 6 * 86_400_000));
    for (const key of [...(this.served.get(i)?.keys() ?? [])]) if (!seen.has(key) && key.slice(0, 10) >= weekAgo) this.served.get(i)!.delete(key);
  }

  total(): number {
    let sum = 0;
    for (const i of this.joined) sum += (this.brought.get(i) ?? 0) + (this.earned.get(i) ?? 0);
    // Each served challenge's reward once per user, however many installs paid it.
    const counts = new Map<string, { n: number; reward: number }>();
    for (const i of this.joined) for (const [key, reward] of this.served.get(i) ?? []) counts.set(key, { n: (counts.get(key)?.n ?? 0) + 1, reward });
    for (const { n, reward } of counts.values()) sum -= (n - 1) * reward;
    return sum;
  }
}

/** Whose circles: the history's user (installs 0–3, once joined) or a friend, another user with one install. */
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
  if (who === "user" && (s.who >= installs.length || !truth.joined.has(s.who))) {
    // An install that never joined has no id: nothing may leave, and nothing may change.
    if (s.who < installs.length) expect((await installs[s.who].client.circles.list()).ok).toBe(false);
    return;
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
      await checkBoards(mine[s.pick % mine.length], inst, installs, truth, circles);
      break;
    }
  }
}

/** The anonymousIds of a circle's members as the model has them. */
function anonymousIdsOf(members: Set<Member>, installs: Install[], truth: Truth, circles: Circles): Set<string> {
  const ids = new Set<string>();
  if (members.has("user")) for (const i of truth.joined) ids.add(installs[i].client.anonymousId() ?? "?");
  if (members.has("friend")) ids.add(circles.friend?.client.anonymousId() ?? "?");
  return ids;
}

/** A circle's boards: members only, as many members as the model has, each score ≤ that user's own period score. */
async function checkBoards(id: string, viewer: Install, installs: Install[], truth: Truth, circles: Circles): Promise<void> {
  const members = circles.members.get(id)!;
  const ids = anonymousIdsOf(members, installs, truth, circles);
  const userIds = new Map<string, string>();
  for (const inst of [...[...truth.joined].map((i) => installs[i]), ...(circles.friend ? [circles.friend] : [])]) {
    const userId = await inst.secrets.get("breathMaster.sync.userId");
    if (userId && inst.client.anonymousId()) userIds.set(inst.client.anonymousId()!, userId);
  }
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
async function checkCircles(installs: Install[], truth: Truth, circles: Circles, deleted: boolean): Promise<void> {
  const viewers: Array<[Member, Install]> = [];
  if (!deleted) viewers.push(["user", installs[0]]);
  if (circles.friend) viewers.push(["friend", circles.friend]);
  for (const [who, viewer] of viewers) {
    const listed = valueOf(await withLinkAndPrivacy(viewer, () => viewer.client.circles.list()));
    expect(listed.map((c) => c.circleId).sort()).toEqual(circles.of(who).sort());
    for (const c of listed) expect(c.members).toBe(circles.members.get(c.circleId)?.size);
  }
  for (const [id, members] of circles.members) {
    const [, viewer] = viewers.find(([who]) => members.has(who)) ?? [];
    if (viewer) await checkBoards(id, viewer, installs, truth, circles);
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

  // Install 0 turns sync on: its history is what it brings. The others join by code along the way.
  const truth = new Truth();
  const circles = new Circles();
  truth.brought.set(0, installs[0].xp);
  await installs[0].client.setUp();
  if (h.pairedAtStart) {
    for (let i = 1; i < installs.length; i++) await pair(installs, truth, { kind: "pair", install: i, maker: 0, mode: i % 2 ? "merge" : "adopt" });
    for (const inst of installs) await inst.client.sync();
  }
  const steps = h.deleteAt === undefined ? h.steps : [...h.steps.slice(0, h.deleteAt), { kind: "delete", install: 0 } as Step, ...h.steps.slice(h.deleteAt)];
  let deleted = false;
  for (const s of steps) {
    if ("install" in s && s.install >= installs.length) continue;
    if (s.kind === "circle") {
      if (!deleted || s.who === 4) await circleStep(s, installs, truth, circles, clock);
      continue;
    }
    const deletes = await runStep(s, installs, truth, clock, setClock, deleted);
    // Deleting the user's data leaves every circle at once (a circle left empty goes with its code).
    if (deletes) for (const id of circles.of("user")) circles.remove(id, "user");
    deleted = deletes || deleted;
  }
  await quiesce(installs, truth, deleted);
  await checkCircles(installs, truth, circles, deleted);
  circles.friend?.client.dispose();
  tally.histories++;
  tally.steps += steps.length;
  tally.circleOps += circles.ops;
}

/** One step; returns true when it deleted the user's data. */
async function runStep(s: Step, installs: Install[], truth: Truth, clock: { now: Date }, setClock: (to: Date) => void, deleted: boolean): Promise<boolean> {
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
    case "late-evening": {
      // 23:50 local on the same day (or the next one): sessions from here end after midnight.
      const evening = new Date(clock.now);
      evening.setHours(23, 50, 0, 0);
      setClock(evening.getTime() > clock.now.getTime() ? evening : new Date(evening.getTime() + 86_400_000));
      break;
    }
    case "pair":
      if (!deleted) await pair(installs, truth, s);
      break;
    case "delete":
      valueOf(await withLinkAndPrivacy(installs[0], () => installs[0].client.yourData.delete()));
      return true;
    case "circle":
      break; // runHistory runs circle steps (circleStep), with the history's circles
  }
  return false;
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

async function pair(installs: Install[], truth: Truth, s: Extract<Step, { kind: "pair" }>) {
  if (truth.joined.has(s.install) || !truth.joined.has(s.maker) || s.maker >= installs.length) return;
  const maker = installs[s.maker];
  const joiner = installs[s.install];
  if (maker.client.isPausedByClear()) return; // its first sync would be refused until the user answers
  const made = await withLinkAndPrivacy(maker, () => maker.client.pairing.createCode());
  if (!made.ok) return;
  const local = joiner.xp;
  valueOf(await withLinkAndPrivacy(joiner, () => joiner.client.pairing.join(made.value.code, s.mode)));
  truth.joined.add(s.install);
  truth.brought.set(s.install, s.mode === "merge" ? local : 0);
}

/** Every link back, privacy allowed, paused installs restored; each install syncs until nothing changes; then the checks. */
async function quiesce(installs: Install[], truth: Truth, deleted: boolean) {
  for (const inst of installs) {
    inst.net = "online";
    inst.settings.privacy = "export-allowed";
    inst.client.dispose(); // pending retries would only repeat what the rounds below do
    await inst.client.idle();
  }
  for (let round = 0; round < 4; round++) {
    for (const i of truth.joined) {
      const result = await installs[i].client.sync();
      if (result.status === "skipped" && result.reason === "local-data-cleared") await installs[i].client.resolveClearedData("restore");
    }
  }
  for (const inst of installs) {
    for (const request of inst.requests) expect(request.privacy).toBe("export-allowed");
  }
  if (deleted) {
    for (const i of truth.joined) expect(await installs[i].client.isSetUp()).toBe(false);
    return;
  }
  const expected = truth.total();
  for (const i of truth.joined) {
    const result = await installs[i].client.sync();
    expect(result.status).toBe("synced");
    if (result.status !== "synced") continue;
    expect(result.serverData.data.meditation.totalXP).toBe(expected);
    expect(installs[i].xp).toBe(expected);
  }
  for (const inst of installs) inst.client.dispose();
}

test(`${HISTORIES} random histories of 2–4 installs: nothing invented, lost or leaked; each challenge reward once`, async () => {
  await fc.assert(fc.asyncProperty(history, (h) => runHistory(h)), { numRuns: HISTORIES, seed: SEED, endOnFailure: true, ...(PATH ? { path: PATH } : {}) });
  process.stdout.write(`model fuzz: ${tally.histories} histories, ${tally.steps} steps, ${tally.circleOps} circle operations (seed ${SEED})\n`);
}, Math.max(120_000, HISTORIES * 2_000));
