/**
 * Breath Master Sync — the client kit's core. Zero dependencies, no `vscode` import: copy it (with the generated
 * breath-master-sync-wire.ts) into the extension's `src/sync/` and plain `tsc` compiles it (ES2020, CommonJS,
 * strict). It uses the global `fetch`.
 *
 * Correct by construction:
 * - It reads the stats itself, at the moment it needs them (`getStats`), and writes merged stats itself, through
 *   the one writer it is given (`writeStats`). No caller ever hands it a snapshot that could be stale.
 * - What this device earned is counted from its own observations: each time it reads the stats it adds what the
 *   totals grew since the last value it saw *or wrote*, and it remembers what it wrote. XP that `writeStats`
 *   brought in from other devices is never counted as this device's.
 * - Today's device time is this device's own (tracked the same way), never the merged sum it wrote.
 * - One sync at a time per install; a sync asked for while one runs is folded into one follow-up.
 * - Permission (sync on, privacy `export-allowed`) is read right before every request, of every method: under
 *   `local-only` not one request leaves, whatever was scheduled before.
 * - Errors are values with the contract's codes: 408/429/5xx and network trouble retry with backoff and jitter
 *   (honouring Retry-After); other 4xx stop and are reported. 410 `gone` (the id was deleted from another
 *   install) makes this install forget the id and stop.
 */

// ---- shapes of the extension and of the API ------------------------------------------------------------------
// The API's shapes come from breath-master-sync-wire.ts, generated from the server's OpenAPI document.
import type { DailyChallenges, ErrorBody, Leaderboard, SyncRequest, SyncResponse } from "./breath-master-sync-wire";

/**
 * The extension's `breathMaster.meditationStats`, as far as sync needs it. No index signature, so the engine's
 * own `MeditationStats` fits; the client spreads the stats it reads, so other fields pass through untouched.
 */
export interface MeditationStats {
  totalXP: number;
  currentStreak: number;
  longestStreak: number;
  todaySessionTime: number;
  totalMeditationTime: number;
  lastMeditationDate: string;
  sessionsToday?: number;
  challengesCompleted?: number;
  sessions?: Array<{ startedAt?: string }>;
  dailyChallenges?: EngineChallenge[];
  lastChallengeDate?: string;
}

export interface OnboardingState {
  hasSeenTour?: boolean;
  gamificationOptIn?: boolean;
}

/** `breathMaster.gamification.dataPrivacy`: `local-only` means nothing leaves the machine. */
export type PrivacySetting = "local-only" | "export-allowed";

/** What the user allows right now; read before every request. */
export interface SyncPermission {
  syncEnabled: boolean;
  privacy: PrivacySetting | string;
}

export type ErrorCode = ErrorBody["error"]["code"];
/** What POST /sync answers, and the merged progress in the extension's own shape. */
export type ServerData = SyncResponse["serverData"];
export type MergedMeditation = ServerData["data"]["meditation"];
export type { Leaderboard };
export type Period = Leaderboard["period"];
/** A challenge as the server sends it: the same for everyone on `date`, available from a local hour. */
export type ServerChallenge = DailyChallenges["challenges"][number];
export type ChallengeType = ServerChallenge["type"];

/** The engine's own `DailyChallenge`. */
export interface EngineChallenge {
  id: string;
  date: string;
  type: ChallengeType;
  target: number;
  rewardXP: number;
  availableFrom: number;
  completed?: boolean;
  expired?: boolean;
  title: string;
  description: string;
  eonMessage: string;
  completionMessage: string;
}

/** Any API failure, with the contract's error code (`unavailable` and status 0 when unreachable). */
export class SyncApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: Array<{ path: string; message: string }>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SyncApiError";
  }
}

/** Network trouble, 408, 429 and 5xx are worth retrying later; any other 4xx is final for that request. */
export function isRetryable(error: SyncApiError): boolean {
  if (error.status === 0) return error.code === "unavailable";
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

export type SkipReason = "sync-off" | "privacy" | "not-set-up" | "local-data-cleared";

export type SyncResult =
  | { status: "synced"; serverData: ServerData; stats: MeditationStats }
  | { status: "skipped"; reason: SkipReason }
  | { status: "offline"; error: string; retryInMs: number }
  | { status: "error"; code: ErrorCode; message: string }
  | { status: "gone" };

/** How a newly paired install joins: bring its own progress (`merge`) or take the synced one instead (`adopt`). */
export type JoinMode = "merge" | "adopt";

/** What to do after the extension's "Clear All Data" wiped this install's stats while it was syncing. */
export type ClearedDataChoice = "restore" | "leave" | "delete";

type Awaitable<T> = T | PromiseLike<T>;

/** VS Code's `Memento` (globalState) fits. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Awaitable<void>;
}

/** VS Code's `SecretStorage` fits. */
export interface SecretStore {
  get(key: string): Awaitable<string | undefined>;
  store(key: string, value: string): Awaitable<void>;
  delete(key: string): Awaitable<void>;
}

export interface SyncClientOptions {
  /** The API base (`breathMaster.sync.endpoint`); `/api/v1` is added when missing. Read at every request. */
  endpoint: () => string;
  permission: () => Awaitable<SyncPermission>;
  getStats: () => MeditationStats;
  /** Writes merged stats into the engine; must not trigger a sync by itself. */
  writeStats: (stats: MeditationStats) => Awaitable<void>;
  getOnboarding?: () => OnboardingState;
  state: StateStore;
  secrets: SecretStore;
  /** Results of syncs nobody awaited (retries, follow-ups): for the status bar. */
  onBackgroundResult?: (result: SyncResult) => void;
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

// ---- local days ----------------------------------------------------------------------------------------------

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const EXTENSION_DAY = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{4})$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** The local day of an instant (`YYYY-MM-DD`), in the machine's time zone, as the extension's dates are. */
export function localDay(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** `"Tue Nov 24 2026"` → `"2026-11-24"`; an ISO day passes through; anything else → undefined. */
export function dayFromExtensionDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const match = EXTENSION_DAY.exec(value);
  return match ? `${match[3]}-${pad(MONTHS.indexOf(match[1]) + 1)}-${match[2]}` : undefined;
}

/** `"2026-11-24"` → the extension's `toDateString()` form of that local day. */
export function extensionDateOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toDateString();
}

/** The server's challenges as the engine's own, for the user's local day (availability in local time). */
export function toEngineChallenges(challenges: ServerChallenge[], previous: EngineChallenge[] = []): EngineChallenge[] {
  return challenges.map((c) => {
    const [y, m, d] = c.date.split("-").map(Number);
    const done = previous.find((p) => p.id === c.id)?.completed === true;
    return {
      id: c.id,
      date: extensionDateOf(c.date),
      type: c.type,
      target: c.target,
      rewardXP: c.rewardXP,
      availableFrom: new Date(y, m - 1, d, c.availableFromHour).getTime(),
      ...(done ? { completed: true } : {}),
      title: c.title,
      description: c.description,
      eonMessage: c.eonMessage,
      completionMessage: c.completionMessage,
    };
  });
}

// ---- bookkeeping (pure) --------------------------------------------------------------------------------------

interface Counters {
  xp: number;
  meditationMs: number;
  challengesCompleted: number;
}
const COUNTERS: Array<keyof Counters> = ["xp", "meditationMs", "challengesCompleted"];
const ZERO: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };

type Brought = Counters & { longestStreak: number };

/** Everything the client keeps per install (in globalState); the userId is kept apart, in SecretStorage. */
export interface KitState {
  v: 1;
  deviceId: string;
  /** Progress this device brought when it joined; fixed, sent with every sync. */
  brought: Brought;
  /** What this device earned since it joined: cumulative, never lower (its G-Counter slot). */
  earned: Counters;
  /** The local totals as last read or written by the client. */
  seen: Counters;
  /** This device's own meditation ms on `day`, and today's engine value as last read or written. */
  day: string;
  todayOwn: number;
  seenToday: number;
  activeDays: string[];
  syncedOnce: boolean;
  lastSync?: string;
  anonymousId?: string;
  /** A leaderboard choice made on this install and not yet acknowledged by the server. */
  optInChoice?: boolean;
  /** The engine's data was cleared ("Clear All Data") while syncing: paused until the user decides. */
  cleared?: boolean;
}

const STATE_KEY = "breathMaster.sync.state";
const USER_ID_KEY = "breathMaster.sync.userId";
const MAX_ACTIVE_DAYS = 400;
const MAX_DAY_MS = 25 * 3_600_000;
/** The server's bounds (contract): values beyond them would be refused, so they are clamped here. */
const MAX_XP = 10_000_000;
const MAX_MEDITATION_MS = 1_000_000_000_000;
const MAX_CHALLENGES = 1_000_000;
const MAX_STREAK = 100_000;

const clamp = (value: unknown, max: number) => Math.min(max, Math.max(0, Math.floor(Number(value) || 0)));

function countersOf(stats: MeditationStats): Counters {
  return {
    xp: clamp(stats.totalXP, MAX_XP),
    meditationMs: clamp(stats.totalMeditationTime, MAX_MEDITATION_MS),
    challengesCompleted: clamp(stats.challengesCompleted, MAX_CHALLENGES),
  };
}

function todayTimeOf(stats: MeditationStats, today: string): number {
  return dayFromExtensionDate(stats.lastMeditationDate) === today ? clamp(stats.todaySessionTime, MAX_DAY_MS) : 0;
}

/** A fresh bookkeeping for an install that joins now, bringing `brought`, with the stats it has now. */
export function joinedState(deviceId: string, stats: MeditationStats, now: Date, mode: JoinMode): KitState {
  const today = localDay(now);
  const local = countersOf(stats);
  const own = todayTimeOf(stats, today);
  const brought: Brought =
    mode === "merge" ? { ...local, longestStreak: clamp(stats.longestStreak, MAX_STREAK) } : { ...ZERO, longestStreak: 0 };
  return {
    v: 1,
    deviceId,
    brought,
    earned: { ...ZERO },
    seen: local,
    day: today,
    todayOwn: mode === "merge" ? own : 0,
    seenToday: own,
    activeDays: mode === "merge" ? activeDaysOf(stats, [], today) : [],
    syncedOnce: false,
  };
}

/** What "Clear All Data" leaves: every total zero and no meditation day, where something was there before. */
function looksCleared(before: Counters, stats: MeditationStats): boolean {
  const now = countersOf(stats);
  const hadSomething = before.xp > 0 || before.meditationMs > 0;
  return hadSomething && now.xp === 0 && now.meditationMs === 0 && !stats.lastMeditationDate;
}

/**
 * Reads the stats into the bookkeeping: growth of a total since the last value seen or written is this device's
 * own earning; a lower total (another window overwrote it) is the new starting point, never a loss to count.
 */
export function observe(state: KitState, stats: MeditationStats, now: Date): KitState {
  const today = localDay(now);
  const local = countersOf(stats);
  if (looksCleared(state.seen, stats)) return { ...state, seen: local, cleared: true };
  const earned = { ...state.earned };
  for (const name of COUNTERS) earned[name] = Math.min(maxOf(name), earned[name] + Math.max(0, local[name] - state.seen[name]));
  const fresh = state.day !== today;
  const seenToday = fresh ? 0 : state.seenToday;
  const currentToday = todayTimeOf(stats, today);
  const todayOwn = Math.min(MAX_DAY_MS, (fresh ? 0 : state.todayOwn) + Math.max(0, currentToday - seenToday));
  return {
    ...state,
    earned,
    seen: local,
    day: today,
    todayOwn,
    seenToday: currentToday,
    activeDays: activeDaysOf(stats, state.activeDays, today),
  };
}

function maxOf(name: keyof Counters): number {
  return name === "xp" ? MAX_XP : name === "meditationMs" ? MAX_MEDITATION_MS : MAX_CHALLENGES;
}

/** Active local days: those known, the last meditation day, and the days of logged sessions. */
function activeDaysOf(stats: MeditationStats, known: string[], today: string): string[] {
  const days = new Set(known);
  const last = dayFromExtensionDate(stats.lastMeditationDate);
  if (last) days.add(last);
  for (const session of stats.sessions ?? []) {
    const started = session.startedAt ? new Date(session.startedAt) : undefined;
    if (started && !Number.isNaN(started.getTime())) days.add(localDay(started));
  }
  return [...days].filter((day) => day <= today).sort().slice(-MAX_ACTIVE_DAYS);
}

/** What one sync sends, from the bookkeeping after an observation. */
interface Sent {
  earned: Counters;
  day: string;
  todayOwn: number;
}

/**
 * The stats to write after a sync: the merged totals plus whatever this device earned since the request was
 * built (already counted in `state.earned`). Applying the same result again writes the same stats.
 */
export function mergedStats(current: MeditationStats, merged: MergedMeditation, sent: Sent, state: KitState): MeditationStats {
  const grown = (name: keyof Counters) => Math.max(0, state.earned[name] - sent.earned[name]);
  const localLast = dayFromExtensionDate(current.lastMeditationDate);
  const mergedLast = dayFromExtensionDate(merged.lastMeditationDate);
  // The device practised after the request was built: its own last day and streak are the newer news.
  const localIsNewer = localLast !== undefined && (mergedLast === undefined || localLast > mergedLast);
  const currentStreak = localIsNewer ? current.currentStreak : merged.currentStreak;
  return {
    ...current,
    totalXP: merged.totalXP + grown("xp"),
    totalMeditationTime: merged.totalMeditationTime + grown("meditationMs"),
    challengesCompleted: merged.challengesCompleted + grown("challengesCompleted"),
    todaySessionTime:
      state.day === sent.day ? merged.todaySessionTime + Math.max(0, state.todayOwn - sent.todayOwn) : current.todaySessionTime,
    lastMeditationDate: localIsNewer || !merged.lastMeditationDate ? current.lastMeditationDate : merged.lastMeditationDate,
    currentStreak,
    longestStreak: Math.max(merged.longestStreak, currentStreak),
  };
}

// ---- the client ----------------------------------------------------------------------------------------------

function randomUuid(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("crypto") as { randomUUID: () => string }).randomUUID();
}

function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}

export class SyncClient {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();
  private running?: Promise<SyncResult>;
  private followUp?: Promise<SyncResult>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private retryAttempt = 0;

  constructor(private readonly options: SyncClientOptions) {
    const globalFetch = (globalThis as { fetch?: typeof fetch }).fetch;
    this.fetchImpl = options.fetch ?? ((...args) => globalFetch!(...args));
    this.now = options.now ?? (() => new Date());
  }

  // ---- setting up -------------------------------------------------------------------------------------------

  /**
   * Makes this install ready to sync: on first use, a new anonymous userId (in SecretStorage) and device id, and
   * this install's progress so far is what it brings. Idempotent. Sends nothing.
   */
  async setUp(): Promise<void> {
    await this.exclusive(async () => {
      const userId = await this.userId();
      const state = this.state();
      if (userId && state) return;
      if (!userId) await this.options.secrets.store(USER_ID_KEY, randomUuid());
      // An id without bookkeeping (state lost) must not bring its progress again: it joins as "adopt".
      const mode: JoinMode = userId ? "adopt" : "merge";
      await this.saveState(joinedState(state?.deviceId ?? randomUuid(), this.options.getStats(), this.now(), mode));
    });
  }

  /** Whether this install has an id to sync with. */
  async isSetUp(): Promise<boolean> {
    return (await this.userId()) !== undefined && this.state() !== undefined;
  }

  /** When the last successful sync happened (for "Last sync: 5 minutes ago"). */
  lastSync(): Date | undefined {
    const last = this.state()?.lastSync;
    return last ? new Date(last) : undefined;
  }

  /** The public name on the boards (never the userId). */
  anonymousId(): string | undefined {
    return this.state()?.anonymousId;
  }

  /** Whether sync is paused because the engine's data was cleared on this install. */
  isPausedByClear(): boolean {
    return this.state()?.cleared === true;
  }

  /** Records a leaderboard choice the user made on this install; the next sync sends it (and only then). */
  async chooseLeaderboard(optIn: boolean): Promise<void> {
    await this.exclusive(async () => {
      const state = this.state();
      if (state) await this.saveState({ ...state, optInChoice: optIn });
    });
  }

  // ---- sync ---------------------------------------------------------------------------------------------------

  /**
   * Syncs now. Reads the stats, sends this device's counters, writes the merged stats, all inside. If a sync is
   * running, this one follows it (several calls meanwhile share that one follow-up).
   */
  sync(): Promise<SyncResult> {
    if (!this.running) return this.start();
    this.followUp ??= this.running.then(() => {
      this.followUp = undefined;
      return this.start();
    });
    return this.followUp;
  }

  private start(): Promise<SyncResult> {
    const run = this.exclusive(() => this.syncOnce()).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async syncOnce(): Promise<SyncResult> {
    const allowed = await this.allowed();
    if (allowed !== true) return { status: "skipped", reason: allowed };
    const userId = await this.userId();
    let state = this.state();
    if (!userId || !state) return { status: "skipped", reason: "not-set-up" };
    if (state.cleared) return { status: "skipped", reason: "local-data-cleared" };

    // One read of the stats: what is counted and what is sent come from the same moment.
    const stats = this.options.getStats();
    state = observe(state, stats, this.now());
    await this.saveState(state);
    if (state.cleared) return { status: "skipped", reason: "local-data-cleared" };

    const sent: Sent = { earned: { ...state.earned }, day: state.day, todayOwn: state.todayOwn };
    const onboarding = this.options.getOnboarding?.() ?? {};
    const body: SyncRequest = {
      data: {
        meditation: {
          totalXP: state.seen.xp,
          totalMeditationTime: state.seen.meditationMs,
          challengesCompleted: state.seen.challengesCompleted,
          currentStreak: clamp(stats.currentStreak, MAX_STREAK),
          longestStreak: clamp(stats.longestStreak, MAX_STREAK),
          ...(dayFromExtensionDate(stats.lastMeditationDate) ? { lastMeditationDate: stats.lastMeditationDate } : {}),
        },
        onboarding: {
          ...(typeof onboarding.hasSeenTour === "boolean" ? { hasSeenTour: onboarding.hasSeenTour } : {}),
          ...(typeof onboarding.gamificationOptIn === "boolean" ? { gamificationOptIn: onboarding.gamificationOptIn } : {}),
        },
      },
      device: {
        deviceId: state.deviceId,
        brought: state.brought,
        earned: sent.earned,
        localDate: sent.day,
        todaySessionTime: sent.todayOwn,
        activeDays: state.activeDays,
      },
      ...(state.optInChoice === undefined ? {} : { leaderboard: { optIn: state.optInChoice } }),
    };

    let serverData: ServerData;
    try {
      serverData = (await this.call<{ serverData: ServerData }>("POST", "/sync", body, userId, "sync")).serverData;
    } catch (error) {
      return this.failed(error);
    }
    this.retryAttempt = 0;
    this.cancelRetry();

    // Apply: read the stats as they are now, count what grew meanwhile, write merged + that growth.
    const after = this.state();
    if (!after || after.deviceId !== state.deviceId || (await this.userId()) !== userId) {
      return { status: "skipped", reason: "not-set-up" }; // the id was forgotten or replaced meanwhile
    }
    const current = this.options.getStats();
    const observed = observe(after, current, this.now());
    if (observed.cleared) {
      await this.saveState(observed);
      return { status: "skipped", reason: "local-data-cleared" };
    }
    const written = mergedStats(current, serverData.data.meditation, sent, observed);
    await this.options.writeStats(written);
    const today = written.lastMeditationDate && dayFromExtensionDate(written.lastMeditationDate) === observed.day;
    await this.saveState({
      ...observed,
      seen: countersOf(written),
      seenToday: today ? clamp(written.todaySessionTime, MAX_DAY_MS) : observed.seenToday,
      syncedOnce: true,
      lastSync: serverData.lastSync,
      anonymousId: serverData.anonymousId,
      ...(observed.optInChoice === body.leaderboard?.optIn ? { optInChoice: undefined } : {}),
    });
    return { status: "synced", serverData, stats: written };
  }

  private failed(error: unknown): SyncResult {
    const apiError =
      error instanceof SyncApiError ? error : new SyncApiError("unavailable", error instanceof Error ? error.message : String(error), 0);
    if (apiError.code === "gone") {
      void this.forget(); // queued after this sync: the id is forgotten before anything else runs
      return { status: "gone" };
    }
    if (apiError.status === 0 && apiError.code === "forbidden") {
      return { status: "skipped", reason: apiError.message === PRIVACY_BLOCK ? "privacy" : "sync-off" };
    }
    if (!isRetryable(apiError)) return { status: "error", code: apiError.code, message: apiError.message };

    const base = this.options.retryBaseMs ?? 30_000;
    const ceiling = Math.min(this.options.retryMaxMs ?? 30 * 60_000, base * 2 ** this.retryAttempt);
    const jittered = Math.round((this.options.random ?? Math.random)() * ceiling);
    const retryInMs = Math.max(jittered, (apiError.retryAfterSeconds ?? 0) * 1000);
    this.retryAttempt += 1;
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // The retry reads everything afresh, including the permission: nothing captured before is sent.
      void this.sync().then((result) => this.options.onBackgroundResult?.(result));
    }, retryInMs);
    unref(this.retryTimer);
    return { status: "offline", error: apiError.message, retryInMs };
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Stops pending retries (sync turned off, extension deactivated). Nothing is lost: counters are saved. */
  dispose(): void {
    this.cancelRetry();
  }

  // ---- pairing --------------------------------------------------------------------------------------------------

  /**
   * A one-time code (valid 10 minutes) for a second install. Syncs first if this install never has, so the
   * other install finds this one's progress on the server whichever way it joins.
   */
  async createPairingCode(): Promise<{ code: string; expiresAt: string }> {
    const userId = await this.requireUserId();
    if (!this.state()?.syncedOnce) {
      const first = await this.sync();
      if (first.status !== "synced") throw resultError(first);
    }
    return this.call("POST", "/pairing", undefined, userId, "account");
  }

  /**
   * Joins the progress of the install that made `code`, in one step: claim the code and take over that userId
   * with this install's progress brought along (`merge`) or not (`adopt`). Ask the user for the mode *before*
   * calling (the code works once); then turn sync on and `sync()`.
   */
  async joinWithCode(code: string, mode: JoinMode): Promise<void> {
    const { userId } = await this.call<{ userId: string }>("POST", "/pairing/claim", { code }, undefined, "any");
    await this.exclusive(async () => {
      this.cancelRetry();
      await this.options.secrets.store(USER_ID_KEY, userId);
      await this.saveState(joinedState(this.state()?.deviceId ?? randomUuid(), this.options.getStats(), this.now(), mode));
    });
  }

  /** The user's answer after "Clear All Data" paused sync on this install. */
  async resolveClearedData(choice: ClearedDataChoice): Promise<SyncResult> {
    if (choice === "delete") {
      await this.deleteRemoteData();
      return { status: "skipped", reason: "not-set-up" };
    }
    if (choice === "leave") {
      await this.forget();
      return { status: "skipped", reason: "not-set-up" };
    }
    await this.exclusive(async () => {
      const state = this.state();
      // The next sync writes the synced progress back; nothing the cleared stats show is counted as earned.
      if (state) await this.saveState({ ...state, cleared: undefined, seen: countersOf(this.options.getStats()) });
    });
    return this.sync();
  }

  // ---- boards, challenges, your data --------------------------------------------------------------------------

  async leaderboard(period: Period, limit = 10): Promise<Leaderboard> {
    return this.call("GET", `/leaderboard?period=${period}&limit=${limit}`, undefined, await this.userId(), "any");
  }

  /** The shared challenges of the user's *local* day (or `date`). */
  async dailyChallenges(date = localDay(this.now())): Promise<{ date: string; challenges: ServerChallenge[] }> {
    return this.call("GET", `/challenges/daily?date=${encodeURIComponent(date)}`, undefined, undefined, "any");
  }

  async exportRemoteData(): Promise<unknown> {
    return this.call("GET", "/me/export", undefined, await this.requireUserId(), "account");
  }

  /**
   * Deletes everything the server holds and retires the id on every install (they get 410 and stop). This
   * install forgets the id; its local progress stays. Turning sync on again starts a new id.
   */
  async deleteRemoteData(): Promise<void> {
    const userId = await this.requireUserId();
    try {
      await this.call("DELETE", "/me", undefined, userId, "account");
    } catch (error) {
      // Already deleted from another install (or a retried delete): the outcome is the same.
      if (!(error instanceof SyncApiError && error.code === "gone")) throw error;
    }
    await this.forget();
  }

  /** Forgets the id and the bookkeeping on this install (the device id stays). */
  async forget(): Promise<void> {
    await this.exclusive(async () => {
      this.cancelRetry();
      await this.options.secrets.delete(USER_ID_KEY);
      await this.options.state.update(STATE_KEY, undefined);
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------

  /** "sync" and "account" requests need sync on; every request needs privacy `export-allowed`. */
  private async allowed(kind: "sync" | "account" | "any" = "sync"): Promise<true | "privacy" | "sync-off"> {
    const permission = await this.options.permission();
    if (permission.privacy !== "export-allowed") return "privacy";
    if (kind !== "any" && !permission.syncEnabled) return "sync-off";
    return true;
  }

  private async call<T>(method: string, path: string, body: unknown, userId: string | undefined, kind: "sync" | "account" | "any"): Promise<T> {
    // The permission is read right before the request leaves, whatever scheduled it.
    const allowed = await this.allowed(kind);
    if (allowed !== true) throw new SyncApiError("forbidden", allowed === "privacy" ? PRIVACY_BLOCK : SYNC_OFF, 0);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 15_000);
    let response: Response;
    try {
      response = await this.fetchImpl(`${apiBase(this.options.endpoint())}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(userId ? { authorization: `Bearer ${userId}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      throw new SyncApiError("unavailable", `The sync server could not be reached: ${(error as Error).message}`, 0);
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => undefined)) as
      | { error?: { code: ErrorCode; message: string; details?: Array<{ path: string; message: string }> } }
      | undefined;
    if (!response.ok) {
      const error = payload?.error;
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new SyncApiError(
        error?.code ?? (response.status >= 500 ? "unavailable" : "invalid_request"),
        error?.message ?? `HTTP ${response.status}`,
        response.status,
        error?.details,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    return payload as T;
  }

  /** Runs `task` after every earlier one: one change of the bookkeeping at a time. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async userId(): Promise<string | undefined> {
    const value = await this.options.secrets.get(USER_ID_KEY);
    return typeof value === "string" && value ? value : undefined;
  }

  private async requireUserId(): Promise<string> {
    const userId = await this.userId();
    if (!userId) throw new SyncApiError("unauthorized", "Sync has not been turned on on this install.", 0);
    return userId;
  }

  private state(): KitState | undefined {
    const stored = this.options.state.get(STATE_KEY) as KitState | undefined;
    return stored && stored.v === 1 ? stored : undefined;
  }

  private async saveState(state: KitState): Promise<void> {
    await this.options.state.update(STATE_KEY, state);
  }
}

const PRIVACY_BLOCK = "Nothing was sent: data privacy is set to local-only.";
const SYNC_OFF = "Nothing was sent: sync is turned off.";

/** The API base from the endpoint setting: `https://host` and `https://host/api/v1` both work. */
export function apiBase(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, "");
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

function resultError(result: SyncResult): SyncApiError {
  switch (result.status) {
    case "skipped":
      return new SyncApiError("forbidden", result.reason === "privacy" ? PRIVACY_BLOCK : `Nothing was sent (${result.reason}).`, 0);
    case "offline":
      return new SyncApiError("unavailable", result.error, 0);
    case "error":
      return new SyncApiError(result.code, result.message, 0);
    case "gone":
      return new SyncApiError("gone", "This synced progress was deleted.", 410);
    default:
      return new SyncApiError("internal", "unexpected", 0);
  }
}
