/**
 * `SyncClient`: the kit's core object, its root client (resend-node's shape). It owns the network, the install's
 * store, the one-sync-at-a-time rule, retries with backoff, and the order of bookkeeping changes. `sync()` is its
 * own verb; everything else is one small class per resource (`pairing`, `boards`, `challenges`, `yourData`,
 * `circles`). Every public method answers with a value (`SyncResult`, or an `Outcome`): nothing expected throws.
 */
import { stillOpen } from "./bookkeeping/challenge-rules";
import { isNewWipe, observe } from "./bookkeeping/state";
import { Boards } from "./resources/boards";
import { Challenges } from "./resources/challenges";
import { describeProblem, isRetryable, retryDelay, type HttpOptions, type Outcome, type Problem } from "./http";
import { resumeAfterWipe, startCounting } from "./marker";
import { Circles } from "./resources/circles";
import { Pairing } from "./resources/pairing";
import { KitStore, randomUuid } from "./store";
import type { Root, SyncDeps } from "./deps";
import { hasNews, syncOnce } from "./resources/sync";
import { hostTimers, Tasks } from "./timers";
import type { ClearedDataChoice, SkipReason, SyncClientOptions, SyncResult } from "./types";
import { retireSoloRecord, YourData } from "./resources/your-data";

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
  /** A one-time code for a second install, and joining with one. */
  readonly pairing: Pairing;
  /** The public boards. */
  readonly boards: Boards;
  /** The shared challenges of a local day. */
  readonly challenges: Challenges;
  /** Everything the server holds about the user: export and deletion. */
  readonly yourData: YourData;
  /** Private boards; the first use syncs once if this install never has (the server needs the user). */
  readonly circles: Circles;

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
    const root: Root = {
      deps: this.deps,
      userId: () => this.userId(),
      syncedUserId: () => this.syncedUserId(),
      stopRetries: () => this.cancelRetry(),
      forget: () => this.forget(),
    };
    this.pairing = new Pairing(root);
    this.boards = new Boards(root);
    this.challenges = new Challenges(root);
    this.yourData = new YourData(root);
    this.circles = new Circles(root);
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
   * list. A new wipe is left to the next sync, which records the pause with its marker (marker.ts, recordPause).
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
    if (problem.kind === "not-sent" || !isRetryable(problem)) return resultOf(problem);
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

  // ---- the id ----------------------------------------------------------------------------------------------

  private async userId(): Promise<Outcome<string>> {
    const userId = await this.store.userId();
    return userId ? { ok: true, value: userId } : { ok: false, problem: { kind: "not-sent", reason: "not-set-up" } };
  }

  /** The userId, once the server knows the user: syncs first if this install never has. */
  private async syncedUserId(): Promise<Outcome<string>> {
    const userId = await this.userId();
    if (!userId.ok || this.store.read()?.syncedOnce) return userId;
    const first = await this.next();
    if (first.result.status === "synced") return userId;
    return { ok: false, problem: first.problem ?? { kind: "not-sent", reason: skipReasonOf(first.result) } };
  }

  /**
   * The user's answer after "Clear All Data" paused sync on this install. Restore answers with the sync it runs;
   * leave and delete with `skipped / not-set-up` once done, or an error (still paused) when the delete failed.
   */
  async resolveClearedData(choice: ClearedDataChoice): Promise<SyncResult> {
    if (choice === "delete") {
      const deleted = await this.yourData.delete();
      return deleted.ok ? { status: "skipped", reason: "not-set-up" } : errorOf(deleted.problem);
    }
    if (choice === "leave") {
      await this.forget();
      return { status: "skipped", reason: "not-set-up" };
    }
    await this.store.exclusive(() => resumeAfterWipe(this.deps));
    return this.sync();
  }

  /** Forgets the id and the bookkeeping on this install (with `only`: if the id is still that one). */
  async forget(only?: string): Promise<void> {
    await this.store.exclusive(async () => {
      if (only !== undefined && (await this.store.userId()) !== only) return;
      this.cancelRetry();
      // What the kit had handed and the engine's list still holds open is kept: paid later under whatever id
      // counts then (a new one, or a user joined with a code), it is this install's own to report there.
      await this.store.clear(stillOpen(this.store.read()?.handed ?? [], this.deps.getStats()));
    });
  }
}

const skipReasonOf = (result: SyncResult): SkipReason => (result.status === "skipped" ? result.reason : "not-set-up");

/** A problem as an error result, with a sentence for the user. */
const errorOf = (problem: Problem): SyncResult => ({
  status: "error",
  code: problem.kind === "refused" ? problem.code : "unavailable",
  message: describeProblem(problem),
});

/** A problem nobody retries, as a result: nothing sent (and why), or the server's refusal. */
const resultOf = (problem: Problem): SyncResult => (problem.kind === "not-sent" ? { status: "skipped", reason: problem.reason } : errorOf(problem));
