/**
 * Simulated extension installs for the client tests: each has its own key-value store (like globalState), its own
 * stats and onboarding objects in the extension's export shape, and a SyncClient talking over real HTTP to the
 * real app on a real Firestore emulator.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SyncClient, type Outcome, type SyncClientOptions, type SyncResult } from "../src";
import { EngineModel, MementoModel, SecretsModel } from "./engine-model";
import { startTestStack, type TestStack } from "../../functions/test/helpers/test-app";

/** The value of a resource's answer; the test fails here, naming the problem, when there is none. */
export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected a value, got the problem ${JSON.stringify(outcome.problem)}`);
  return outcome.value;
}

export interface Server {
  endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The real app on a real port (the same port after a stop/start, as a server coming back would be). */
export async function serve(stack: TestStack, overrides: Parameters<TestStack["makeApp"]>[0] = {}): Promise<Server> {
  const app = stack.makeApp(overrides);
  let server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/api/v1`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    start: async () => {
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
  };
}

/**
 * A test file's server: a Firestore emulator, the real app on a real port. Registers its own beforeAll/afterAll;
 * read `stack` and `server` inside tests.
 */
export function realServer(overrides: Parameters<TestStack["makeApp"]>[0] = {}): { stack: TestStack; server: Server } {
  const env = {} as { stack: TestStack; server: Server };
  beforeAll(async () => {
    env.stack = await startTestStack();
    env.server = await serve(env.stack, overrides);
  });
  afterAll(async () => {
    await env.server.stop();
    await env.stack.close();
  });
  return env;
}

/** A local wall-clock time on the day `offset` days after 2026-11-24 (the test server's default day). */
export const at = (hour: number, minute = 0, offset = 0): Date => new Date(2026, 10, 24 + offset, hour, minute);

/** One clock for the installs and the server of `env` (realServer()): `set` moves both. */
export function sharedClock(env: { stack: TestStack }, start: Date): { clock: { now: Date }; set: (to: Date) => void } {
  const clock = { now: start };
  env.stack.clock.now = start;
  return {
    clock,
    set(to: Date) {
      clock.now = to;
      env.stack.clock.now = to;
    },
  };
}

export type NetMode = "online" | "offline" | "drop-response" | "slow";

/**
 * One simulated VS Code install: its own globalState, SecretStorage, settings, engine (our model) and a
 * SyncClient that talks over real HTTP through a proxy that can go offline, drop responses or slow down. Every
 * request records the privacy setting at the moment it left, so a test can prove none left under local-only.
 */
export class Install {
  readonly globalState = new MementoModel();
  readonly secrets = new SecretsModel();
  engine: EngineModel;
  client!: SyncClient;
  settings = { syncEnabled: true, privacy: "export-allowed" as string };
  net: NetMode = "online";
  /** Changes what the server answered before the kit sees it (a server or an admin we do not control). */
  rewrite?: (url: string, body: unknown) => unknown;
  readonly requests: Array<{ method: string; url: string; privacy: string }> = [];
  readonly background: SyncResult[] = [];
  /** The kit's timers on this install: the test fires them (`timers.fire()`); nothing waits on the clock. */
  readonly timers: ManualTimers;

  constructor(
    private readonly endpoint: string,
    readonly clock: { now: Date },
    private readonly options: Partial<SyncClientOptions> & { withReplaceStats?: boolean } = {},
  ) {
    this.timers = (options.timers as ManualTimers | undefined) ?? new ManualTimers();
    this.engine = new EngineModel("breathMaster.meditationStats", this.globalState, () => new Date(clock.now), options.withReplaceStats ?? true);
    this.restart();
  }

  /** The extension host restarts: a new engine from storage and a new client on the same stores. */
  restart(): void {
    this.client?.dispose();
    this.engine = new EngineModel("breathMaster.meditationStats", this.globalState, () => new Date(this.clock.now), this.options.withReplaceStats ?? true);
    const engine = () => this.engine;
    // As the VS Code layer does (vscode/triggers.ts): at each session end, and once more after the current task.
    this.engine.onSessionEnded(() => {
      this.client.observeNow();
      queueMicrotask(() => this.client.observeNow());
    });
    this.client = new SyncClient({
      endpoint: () => this.endpoint.replace(/\/api\/v1$/, ""),
      permission: () => ({ ...this.settings }),
      getStats: () => engine().getStats(),
      writeStats: (stats) => {
        const e = engine();
        if (e.replaceStats && this.options.withReplaceStats !== false) e.replaceStats(stats);
        else {
          void this.globalState.update("breathMaster.meditationStats", stats);
          e.reloadFromStorage();
        }
      },
      state: this.globalState,
      secrets: this.secrets,
      fetch: this.proxy,
      now: () => new Date(this.clock.now),
      retryBaseMs: 60_000,
      timers: this.timers,
      onBackgroundResult: (result) => this.background.push(result),
      ...this.options,
    });
  }

  private readonly proxy: typeof fetch = async (input, init) => {
    const url = urlOf(input);
    this.requests.push({ method: init?.method ?? "GET", url, privacy: this.settings.privacy });
    const mode = this.net;
    if (mode === "offline") throw new TypeError("fetch failed (offline)");
    // A slow link: the request leaves a few turns of the event loop later (other work interleaves), never by time.
    if (mode === "slow") for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    let response = await fetch(input, init);
    if (this.rewrite && response.ok && response.status !== 204) {
      const body = await response.json();
      response = new Response(JSON.stringify(this.rewrite(url, body)), { status: response.status, headers: response.headers });
    }
    if (mode === "drop-response") {
      await response.arrayBuffer();
      throw new TypeError("fetch failed (the connection dropped before the response arrived)");
    }
    return response;
  };

  get xp(): number {
    return this.engine.getStats().totalXP;
  }
}

/**
 * Timers the test fires itself: the kit's retries and scheduled syncs wait here until the test says `fire()`, so
 * that a test decides by events, never by sleeping.
 */
export class ManualTimers {
  private next = 1;
  readonly pending = new Map<number, { run: () => void; ms: number }>();
  set = (run: () => void, ms: number): unknown => {
    const id = this.next++;
    this.pending.set(id, { run, ms });
    return id;
  };
  clear = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };
  /** Runs every timer pending now (not those they set meanwhile); returns how many ran. */
  fire(): number {
    const due = [...this.pending.entries()];
    for (const [id, timer] of due) {
      this.pending.delete(id);
      timer.run();
    }
    return due.length;
  }
}

/** The URL a fetch was called with. */
export function urlOf(input: string | URL | Request): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/** A fetch's body as text (the kit only ever sends JSON strings). */
export function bodyOf(init: RequestInit | undefined): string {
  return typeof init?.body === "string" ? init.body : "";
}

export function toDateString(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toDateString();
}
