/**
 * `SyncClient`: the kit's core object. It owns the one-sync-at-a-time rule, retries with backoff, and the order
 * of bookkeeping changes; the work itself is in the resource modules (sync, pairing, boards, challenges, your
 * data) and the pure bookkeeping.
 */
import { isNewWipe, observe } from "./bookkeeping";
import { fetchBoard } from "./boards";
import { fetchChallenges, type ServedSet } from "./challenges";
import { localDay } from "./days";
import { isRetryable, retryDelay, SyncError, valueOf, type HttpOptions, type Problem } from "./http";
import { joinUser, resumeAfterWipe, startCounting } from "./marker";
import { CircleClient } from "./circles";
import { claimCode, createCode, type PairingCode } from "./pairing";
import { KitStore, randomUuid } from "./store";
import { hasNews, syncOnce, type SyncDeps } from "./sync";
import { hostTimers, Tasks } from "./timers";
import type { ClearedDataChoice, JoinMode, Leaderboard, Period, SkipReason, SyncClientOptions, SyncResult } from "./types";
import { deleteEverything, fetchExport, retireSoloRecord } from "./your-data";

/** A finished sync: its result, and the problem behind it when it failed. */
type Done = { result: SyncResult; problem?: Problem };

export class SyncClient {
  private readonly store: KitStore;
  private readonly http: HttpOptions;
  private readonly deps: SyncDeps;
  private readonly tasks = new Tasks();
  private running?: Promise<Done>;
  private followUp?: Promise<Done>;
  private retryTimer?: unknown;
  private retryAttempt = 0;
  /** Private boards (circles.ts); the first use syncs once if this install never has (the server needs the user). */
  readonly circles: CircleClient;

  constructor(private readonly options: SyncClientOptions) {
    const globalFetch = (globalThis as { fetch?: typeof fetch }).fetch;
    this.store = new KitStore(options.state, options.secrets);
    this.http = {
      endpoint: options.endpoint,
      permission: options.permission,
      fetch: options.fetch ?? ((...args) => globalFetch!(...args)),
      timeoutMs: options.timeoutMs ?? 15_000,
    };
    this.deps = {
      store: this.store,
      http: this.http,
      getStats: options.getStats,
      writeStats: options.writeStats,
      getOnboarding: () => options.getOnboarding?.() ?? {},
      now: () => this.now(),
      sharedChallenges: options.sharedChallenges !== false,
    };
    this.circles = new CircleClient(this.http, () => this.syncedUserId());
  }

  private readonly now = (): Date => this.options.now?.() ?? new Date();

  // ---- setting up -------------------------------------------------------------------------------------------

  /**
   * Makes this install ready to sync: on first use, a new anonymous userId (in SecretStorage) and device id, and
   * this install's progress so far is what it brings. Idempotent. Sends nothing.
   */
  async setUp(): Promise<void> {
    await this.store.exclusive(async () => {
      const userId = await this.store.userId();
      const state = this.store.read();
      if (userId && state) return;
      if (!userId) await this.store.setUserId(randomUuid());
      // An id without bookkeeping (state lost) must not bring its progress again: it joins as "adopt".
      // A new id is this install's alone; an id found without bookkeeping may have been shared: unknown.
      await startCounting(this.deps, state?.deviceId ?? randomUuid(), userId ? "adopt" : "merge", userId ? {} : { shared: false });
    });
  }

  /** Whether this install has an id to sync with. */
  async isSetUp(): Promise<boolean> {
    return (await this.store.userId()) !== undefined && this.store.read() !== undefined;
  }

  /** When the last successful sync happened (for "Last sync: 5 minutes ago"). */
  lastSync(): Date | undefined {
    const last = this.store.read()?.lastSync;
    return last ? new Date(last) : undefined;
  }

  /** The public name on the boards (never the userId). */
  anonymousId(): string | undefined {
    return this.store.read()?.anonymousId;
  }

  /** Whether sync is paused because the engine's data was cleared on this install. */
  isPausedByClear(): boolean {
    return this.store.read()?.cleared === true;
  }

  /** Records a leaderboard choice the user made on this install; the next sync sends it (and only then). */
  async chooseLeaderboard(optIn: boolean): Promise<void> {
    await this.store.exclusive(async () => {
      const state = this.store.read();
      if (state) await this.store.save({ ...state, optInChoice: optIn });
    });
  }

  // ---- sync ---------------------------------------------------------------------------------------------------

  /**
   * Syncs now. Reads the stats, sends this device's counters, writes the merged stats, all inside. If a sync is
   * running, this one follows it (several calls meanwhile share that one follow-up).
   */
  async sync(): Promise<SyncResult> {
    return (await this.next()).result;
  }

  /**
   * Reads the stats into the bookkeeping, sending nothing, at every session end (before the End Session command's
   * challenge check and right after it): what the engine completed is seen before a new day's check can replace its
   * list. A new wipe is left to the next sync, which records the pause with its marker (sync.ts, recordPause).
   */
  observeNow(): void {
    const [state, stats] = [this.store.read(), this.options.getStats()];
    if (state && !isNewWipe(state, stats)) void this.store.save(observe(state, stats, this.now()));
  }

  /** Whether this install has anything to send that its last successful sync did not send. Sends nothing. */
  hasNews(): boolean {
    const state = this.store.read();
    return state !== undefined && hasNews(state, this.options.getStats(), this.now(), this.deps.getOnboarding());
  }

  /** Resolves when no sync, follow-up or bookkeeping change is running (a retry waiting on its timer is not). */
  async idle(): Promise<void> {
    do {
      await this.tasks.idle();
      await this.store.drained();
    } while (this.running || this.followUp);
  }

  private next(): Promise<Done> {
    if (!this.running) return this.start();
    this.followUp ??= this.running.then(() => {
      this.followUp = undefined;
      return this.start();
    });
    return this.followUp;
  }

  private start(): Promise<Done> {
    const run = this.store.exclusive(() => this.syncAndSettle()).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return this.tasks.track(run);
  }

  private async syncAndSettle(): Promise<Done> {
    const userId = await this.store.userId();
    const step = await syncOnce(this.deps);
    if ("result" in step) {
      if (step.result.status === "synced") {
        this.retryAttempt = 0;
        this.cancelRetry();
        const retiring = await this.store.retiringUserId();
        if (retiring) void this.tasks.track(retireSoloRecord(this.http, this.store, retiring));
      }
      return { result: step.result };
    }
    return { result: this.failed(step.problem, userId), problem: step.problem };
  }

  /** A failed sync: 410 forgets the id it was sent with, a retryable problem schedules a retry, anything else is reported. */
  private failed(problem: Problem, userId: string | undefined): SyncResult {
    if (problem.kind === "refused" && problem.code === "gone") {
      void this.tasks.track(this.forget(userId)); // queued after this sync (a join queued earlier keeps its new id)
      return { status: "gone" };
    }
    if (problem.kind === "not-sent") return { status: "skipped", reason: problem.reason };
    if (!isRetryable(problem)) return { status: "error", code: problem.kind === "refused" ? problem.code : "internal", message: problem.message };
    const o = this.options;
    const retryInMs = retryDelay(this.retryAttempt, problem, (o.random ?? Math.random)(), o.retryBaseMs ?? 30_000, o.retryMaxMs ?? 30 * 60_000);
    this.retryAttempt += 1;
    this.cancelRetry();
    this.retryTimer = (o.timers ?? hostTimers).set(() => {
      this.retryTimer = undefined;
      // The retry reads everything afresh, including the permission: nothing captured before is sent.
      void this.sync().then((result) => o.onBackgroundResult?.(result));
    }, retryInMs);
    return { status: "offline", error: problem.message, retryInMs };
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) (this.options.timers ?? hostTimers).clear(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Stops pending retries (sync turned off, extension deactivated). Nothing is lost: counters are saved. */
  dispose(): void {
    this.cancelRetry();
  }

  // ---- pairing --------------------------------------------------------------------------------------------------

  /** The userId, once the server knows the user: syncs first if this install never has. */
  private async syncedUserId(): Promise<string> {
    const userId = await this.requireUserId();
    if (!this.store.read()?.syncedOnce) {
      const first = await this.next();
      if (first.result.status !== "synced") throw new SyncError(first.problem ?? { kind: "not-sent", reason: skipReasonOf(first.result) });
    }
    return userId;
  }

  /**
   * A one-time code (valid 10 minutes) for a second install. Syncs first if this install never has, so the
   * other install finds this one's progress on the server whichever way it joins.
   */
  async createPairingCode(): Promise<PairingCode> {
    const code = valueOf(await createCode(this.http, await this.syncedUserId()));
    await this.store.exclusive(async () => {
      const state = this.store.read();
      // Another install may now hold this id: it is no longer this install's alone (see joinWithCode).
      if (state && !state.shared) await this.store.save({ ...state, shared: true });
    });
    return code;
  }

  /**
   * Joins the progress of the install that made `code`, in one step: claim the code and take over that userId
   * with this install's progress brought along (`merge`) or not (`adopt`). Ask the user for the mode *before*
   * calling (the code works once); then turn sync on and `sync()`. A code of the progress this install already
   * syncs changes nothing. What the engine completed before the join is never reported (marker.ts, joinUser).
   */
  async joinWithCode(code: string, mode: JoinMode): Promise<void> {
    const { userId } = valueOf(await claimCode(this.http, code));
    const retiring = await this.store.exclusive(async () => {
      const switched = await joinUser(this.deps, userId, mode);
      if (switched) this.cancelRetry();
      return switched?.retiring;
    });
    if (retiring) await retireSoloRecord(this.http, this.store, retiring);
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
    await this.store.exclusive(() => resumeAfterWipe(this.deps));
    return this.sync();
  }

  // ---- boards, challenges, your data --------------------------------------------------------------------------

  async leaderboard(period: Period, limit = 10): Promise<Leaderboard> {
    return valueOf(await fetchBoard(this.http, period, limit, await this.store.userId()));
  }

  /** The shared challenges of the user's *local* day (or `date`). */
  async dailyChallenges(date = localDay(this.now())): Promise<ServedSet> {
    return valueOf(await fetchChallenges(this.http, date));
  }

  async exportRemoteData(): Promise<unknown> {
    return valueOf(await fetchExport(this.http, await this.requireUserId()));
  }

  /**
   * Deletes everything the server holds and retires the id on every install (they get 410 and stop). This
   * install forgets the id; its local progress stays. Turning sync on again starts a new id.
   */
  async deleteRemoteData(): Promise<void> {
    valueOf(await deleteEverything(this.http, await this.requireUserId()));
    await this.forget();
  }

  /** Forgets the id and the bookkeeping on this install (with `only`: if the id is still that one). */
  async forget(only?: string): Promise<void> {
    await this.store.exclusive(async () => {
      if (only !== undefined && (await this.store.userId()) !== only) return;
      this.cancelRetry();
      await this.store.clear();
    });
  }

  private async requireUserId(): Promise<string> {
    const userId = await this.store.userId();
    if (!userId) throw new SyncError({ kind: "not-sent", reason: "not-set-up" });
    return userId;
  }
}

const skipReasonOf = (result: SyncResult): SkipReason => (result.status === "skipped" ? result.reason : "not-set-up");
