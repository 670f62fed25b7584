/**
 * The Breath Master Sync client. Zero dependencies: the global `fetch` (Node 18+, VS Code's extension host) and a
 * key-value store the extension provides. It never throws from `sync()` and never blocks: network trouble is an
 * `offline` result and a retry later.
 *
 * Lossless bookkeeping (the contract's G-Counter): the client keeps, per device, `earned` — everything this device
 * earned since it started syncing, a number that only grows — and `lastSeen`, the local totals at the last sync.
 * Each sync adds the local growth since `lastSeen` to `earned` and saves it *before* sending, so a retry or a lost
 * response re-sends the same cumulative numbers and the server counts them once.
 */
import { dayFromExtensionDate, localDay } from "./dates";
import {
  SyncApiError,
  type DailyChallenge,
  type ErrorCode,
  type KeyValueStore,
  type Leaderboard,
  type MeditationStats,
  type OnboardingState,
  type Period,
  type ServerData,
  type SyncOptions,
  type SyncResult,
} from "./types";

interface Counters {
  xp: number;
  meditationMs: number;
  challengesCompleted: number;
}

interface SyncState {
  enabled: boolean;
  deviceId?: string;
  earned: Counters;
  lastSeen?: Counters;
  activeDays: string[];
  lastSync?: string;
  anonymousId?: string;
}

export interface SyncClientOptions {
  /** The API base, e.g. `https://<site>/api/v1` (the `breathMaster.sync.endpoint` setting). */
  endpoint: string;
  /** Where the bookkeeping lives (VS Code: `context.globalState`). */
  store: KeyValueStore;
  /** Where the userId lives (VS Code: `context.secrets`); defaults to `store`. */
  secretStore?: KeyValueStore;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Many local changes within this time produce at most one request (default one minute). */
  debounceMs?: number;
  /** Offline retries: exponential backoff from `retryBaseMs` up to `retryMaxMs`, with full jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per-request time limit (default 15 s). */
  timeoutMs?: number;
  /** Called with the result of every background sync (debounced or retried), e.g. to apply merged stats. */
  onSynced?: (result: Extract<SyncResult, { status: "synced" }>) => void;
  random?: () => number;
}

const STATE_KEY = "breathMaster.sync.state";
const USER_ID_KEY = "breathMaster.sync.userId";
const MAX_ACTIVE_DAYS = 400;
const ZERO: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };

function countersOf(stats: MeditationStats): Counters {
  return {
    xp: Math.max(0, Math.floor(stats.totalXP || 0)),
    meditationMs: Math.max(0, Math.floor(stats.totalMeditationTime || 0)),
    challengesCompleted: Math.max(0, Math.floor(stats.challengesCompleted || 0)),
  };
}

function randomUuid(): string {
  // crypto.randomUUID is a CSPRNG v4 UUID in Node 19+ and the extension host; Node 18 has it on the module.
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof import("node:crypto")).randomUUID();
}

export class SyncClient {
  private readonly endpoint: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private readonly secretStore: KeyValueStore;
  private debounceTimer?: ReturnType<typeof setTimeout>;
  private debounced?: { stats: MeditationStats; onboarding: OnboardingState; options: SyncOptions };
  private debouncedWaiters: Array<(result: SyncResult) => void> = [];
  private retryTimer?: ReturnType<typeof setTimeout>;
  private retryAttempt = 0;
  private lastRequest?: { stats: MeditationStats; onboarding: OnboardingState; options: SyncOptions };
  private inFlight: Promise<SyncResult> = Promise.resolve({ status: "skipped", reason: "disabled" });

  constructor(private readonly options: SyncClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    const globalFetch = (globalThis as { fetch?: typeof fetch }).fetch;
    this.fetchImpl = options.fetch ?? ((...args) => globalFetch!(...args));
    this.now = options.now ?? (() => new Date());
    this.secretStore = options.secretStore ?? options.store;
  }

  // ---- switching sync on and off -------------------------------------------------------------------------------

  /** Turns sync on, creating this installation's anonymous userId and deviceId on first use. */
  async enable(): Promise<void> {
    if (!(await this.userId())) await this.secretStore.set(USER_ID_KEY, randomUuid());
    const state = await this.state();
    await this.saveState({ ...state, enabled: true, deviceId: state.deviceId ?? randomUuid() });
  }

  /** Turns sync off: nothing more is sent, pending work is dropped. The ids are kept for a later `enable()`. */
  async disable(): Promise<void> {
    this.cancelTimers();
    await this.saveState({ ...(await this.state()), enabled: false });
  }

  async isEnabled(): Promise<boolean> {
    return (await this.state()).enabled;
  }

  /** When the last successful sync happened (for "Last sync: 5 minutes ago"). */
  async lastSync(): Promise<Date | undefined> {
    const { lastSync } = await this.state();
    return lastSync ? new Date(lastSync) : undefined;
  }

  // ---- sync ----------------------------------------------------------------------------------------------------

  /**
   * Syncs now. Returns `skipped` (sync off, or privacy `local-only`: then not one request is made), `synced`
   * with the merged progress to apply, or `offline` (the server could not be reached; a retry is scheduled).
   */
  sync(stats: MeditationStats, onboarding: OnboardingState, options: SyncOptions): Promise<SyncResult> {
    // One sync at a time: the bookkeeping of one must be saved before the next reads it.
    const run = this.inFlight.then(() => this.syncOnce(stats, onboarding, options));
    this.inFlight = run.catch(() => ({ status: "skipped", reason: "disabled" }) as SyncResult);
    return run;
  }

  /**
   * For "sync on change": call on every change (the extension saves on every breath). Changes within
   * `debounceMs` are folded into one request with the latest stats; every caller gets that request's result.
   */
  requestSync(stats: MeditationStats, onboarding: OnboardingState, options: SyncOptions): Promise<SyncResult> {
    this.debounced = { stats, onboarding, options };
    const result = new Promise<SyncResult>((resolve) => this.debouncedWaiters.push(resolve));
    if (!this.debounceTimer) {
      this.debounceTimer = setTimeout(() => {
        this.debounceTimer = undefined;
        const { stats: s, onboarding: o, options: opts } = this.debounced!;
        const waiters = this.debouncedWaiters;
        this.debouncedWaiters = [];
        void this.sync(s, o, opts).then((r) => {
          if (r.status === "synced") this.options.onSynced?.(r);
          waiters.forEach((resolve) => resolve(r));
        });
      }, this.options.debounceMs ?? 60_000);
      unref(this.debounceTimer);
    }
    return result;
  }

  /**
   * The first sync of a device that was just paired (after `claimPairingCode`): either this device's own progress
   * is added to the synced progress (`merge`), or it is dropped in favour of the synced progress (`adopt`).
   */
  async joinWithPairedProgress(stats: MeditationStats, mode: "merge" | "adopt"): Promise<void> {
    const local = countersOf(stats);
    const state = await this.state();
    await this.saveState({
      ...state,
      // merge: everything this device has counts as earned on it; adopt: it starts from zero here.
      earned: mode === "merge" ? local : { ...ZERO },
      lastSeen: local,
      activeDays: mode === "merge" ? state.activeDays : [],
    });
  }

  private async syncOnce(stats: MeditationStats, onboarding: OnboardingState, options: SyncOptions): Promise<SyncResult> {
    if (options.privacy === "local-only") return { status: "skipped", reason: "privacy" };
    const state = await this.state();
    const userId = await this.userId();
    if (!state.enabled || !userId || !state.deviceId) return { status: "skipped", reason: "disabled" };

    // Count what this device earned since the last sync, and save it before anything is sent.
    const local = countersOf(stats);
    const lastSeen = state.lastSeen ?? local;
    const earned = { ...state.earned };
    const seen = { ...lastSeen };
    for (const key of Object.keys(earned) as Array<keyof Counters>) {
      if (local[key] > lastSeen[key]) earned[key] += local[key] - lastSeen[key];
      // A lower local total (another window overwrote it) is the new starting point, not a loss to count.
      seen[key] = local[key];
    }
    const today = localDay(this.now());
    const activeDays = this.activeDaysOf(stats, state.activeDays, today);
    await this.saveState({ ...state, earned, lastSeen: seen, activeDays });

    const lastDay = dayFromExtensionDate(stats.lastMeditationDate);
    const body = {
      data: {
        meditation: {
          totalXP: local.xp,
          totalMeditationTime: local.meditationMs,
          challengesCompleted: local.challengesCompleted,
          currentStreak: stats.currentStreak,
          longestStreak: stats.longestStreak,
          todaySessionTime: lastDay === today ? stats.todaySessionTime : 0,
          lastMeditationDate: stats.lastMeditationDate,
        },
        onboarding: { hasSeenTour: onboarding.hasSeenTour, gamificationOptIn: onboarding.gamificationOptIn },
      },
      device: {
        deviceId: state.deviceId,
        earned,
        localDate: today,
        todaySessionTime: lastDay === today ? Math.min(stats.todaySessionTime, 25 * 3_600_000) : 0,
        activeDays: activeDays.filter((day) => day <= today),
      },
      ...(options.leaderboardOptIn === undefined ? {} : { leaderboard: { optIn: options.leaderboardOptIn } }),
    };

    this.lastRequest = { stats, onboarding, options };
    let serverData: ServerData;
    try {
      serverData = (await this.call<{ synced: boolean; serverData: ServerData }>("POST", "/sync", body, userId)).serverData;
    } catch (error) {
      return this.goOffline(error);
    }
    this.retryAttempt = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;

    const merged = serverData.data.meditation;
    const mergedCounters: Counters = {
      xp: merged.totalXP,
      meditationMs: merged.totalMeditationTime,
      challengesCompleted: merged.challengesCompleted,
    };
    // After applying, the local totals are the merged ones: growth from there on is new.
    const after = await this.state();
    await this.saveState({ ...after, lastSeen: mergedCounters, lastSync: serverData.lastSync, anonymousId: serverData.anonymousId });
    const sent = local;
    return {
      status: "synced",
      serverData,
      apply: (current) => {
        const grown = countersOf(current);
        return {
          ...current,
          totalXP: merged.totalXP + Math.max(0, grown.xp - sent.xp),
          totalMeditationTime: merged.totalMeditationTime + Math.max(0, grown.meditationMs - sent.meditationMs),
          challengesCompleted: merged.challengesCompleted + Math.max(0, grown.challengesCompleted - sent.challengesCompleted),
          currentStreak: merged.currentStreak,
          longestStreak: Math.max(merged.longestStreak, current.longestStreak ?? 0),
          todaySessionTime: Math.max(merged.todaySessionTime, current.todaySessionTime ?? 0),
          lastMeditationDate: merged.lastMeditationDate || current.lastMeditationDate,
        };
      },
    };
  }

  /** Active local days: what the client already knew, the last meditation day, and the days of logged sessions. */
  private activeDaysOf(stats: MeditationStats, known: string[], today: string): string[] {
    const days = new Set(known);
    const last = dayFromExtensionDate(stats.lastMeditationDate);
    if (last) days.add(last);
    for (const session of stats.sessions ?? []) {
      const started = session.startedAt ? new Date(session.startedAt) : undefined;
      if (started && !Number.isNaN(started.getTime())) days.add(localDay(started));
    }
    return [...days].filter((day) => day <= today).sort().slice(-MAX_ACTIVE_DAYS);
  }

  private goOffline(error: unknown): SyncResult {
    const base = this.options.retryBaseMs ?? 30_000;
    const max = this.options.retryMaxMs ?? 30 * 60_000;
    const ceiling = Math.min(max, base * 2 ** this.retryAttempt);
    const retryAfter = error instanceof SyncApiError && error.code === "rate_limited" ? base : 0;
    const retryInMs = Math.max(retryAfter, Math.round((this.options.random ?? Math.random)() * ceiling));
    this.retryAttempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const last = this.lastRequest;
      if (!last) return;
      void this.sync(last.stats, last.onboarding, last.options).then((r) => {
        if (r.status === "synced") this.options.onSynced?.(r);
      });
    }, retryInMs);
    unref(this.retryTimer);
    return { status: "offline", error: error instanceof Error ? error.message : String(error), retryInMs };
  }

  private cancelTimers(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.retryTimer);
    this.debounceTimer = undefined;
    this.retryTimer = undefined;
    const waiters = this.debouncedWaiters;
    this.debouncedWaiters = [];
    waiters.forEach((resolve) => resolve({ status: "skipped", reason: "disabled" }));
  }

  // ---- pairing, leaderboards, challenges, your data -----------------------------------------------------------

  /** A one-time code (valid 10 minutes) that lets a second device join this progress. */
  async createPairingCode(): Promise<{ code: string; expiresAt: string }> {
    return this.call("POST", "/pairing", undefined, await this.requireUserId());
  }

  /**
   * Joins the progress of the device that made `code`: this installation takes over that anonymous userId.
   * Then call `joinWithPairedProgress(stats, "merge" | "adopt")` before the next sync.
   */
  async claimPairingCode(code: string): Promise<void> {
    const { userId } = await this.call<{ userId: string }>("POST", "/pairing/claim", { code });
    await this.secretStore.set(USER_ID_KEY, userId);
    const state = await this.state();
    await this.saveState({ ...state, enabled: true, deviceId: state.deviceId ?? randomUuid() });
  }

  async leaderboard(period: Period, limit = 10): Promise<Leaderboard> {
    return this.call("GET", `/leaderboard?period=${period}&limit=${limit}`, undefined, await this.userId());
  }

  async dailyChallenges(date?: string): Promise<{ date: string; challenges: DailyChallenge[] }> {
    return this.call("GET", `/challenges/daily${date ? `?date=${encodeURIComponent(date)}` : ""}`);
  }

  /** Everything the server holds about this user. */
  async exportRemoteData(): Promise<unknown> {
    return this.call("GET", "/me/export", undefined, await this.requireUserId());
  }

  /**
   * Deletes everything the server holds and turns sync off, so the next sync does not upload it all again; the
   * local progress stays on this device. Enabling sync later starts a fresh server copy from it.
   */
  async deleteRemoteData(): Promise<void> {
    await this.call("DELETE", "/me", undefined, await this.requireUserId());
    this.cancelTimers();
    const state = await this.state();
    await this.saveState({ enabled: false, deviceId: state.deviceId, earned: { ...ZERO }, activeDays: [] });
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private async call<T>(method: string, path: string, body?: unknown, userId?: string): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 15_000);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.endpoint}${path}`, {
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
      throw new SyncApiError(error?.code ?? (response.status >= 500 ? "unavailable" : "invalid_request"), error?.message ?? `HTTP ${response.status}`, response.status, error?.details);
    }
    return payload as T;
  }

  private async userId(): Promise<string | undefined> {
    const value = await this.secretStore.get(USER_ID_KEY);
    return typeof value === "string" ? value : undefined;
  }

  private async requireUserId(): Promise<string> {
    const userId = await this.userId();
    if (!userId) throw new SyncApiError("unauthorized", "Sync has never been enabled on this device.", 0);
    return userId;
  }

  private async state(): Promise<SyncState> {
    const stored = (await this.options.store.get(STATE_KEY)) as Partial<SyncState> | undefined;
    return { enabled: false, earned: { ...ZERO }, activeDays: [], ...(stored ?? {}) };
  }

  private async saveState(state: SyncState): Promise<void> {
    await this.options.store.set(STATE_KEY, state);
  }
}

function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}

/** Whether a sync error is worth telling the user about (as opposed to waiting for the automatic retry). */
export function isRetryable(error: SyncApiError): boolean {
  return error.code === "unavailable" || error.code === "rate_limited" || error.code === "internal";
}
