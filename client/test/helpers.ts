/**
 * Simulated extension installs for the client tests: each has its own key-value store (like globalState), its own
 * stats and onboarding objects in the extension's export shape, and a SyncClient talking over real HTTP to the
 * real app on a real Firestore emulator.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SyncClient, type MeditationStats, type OnboardingState, type SyncClientOptions } from "../src";
import type { TestStack } from "../../functions/test/helpers/test-app";

export class MemoryStore {
  readonly values = new Map<string, unknown>();
  get(key: string) {
    // Round-trip through JSON, as globalState does: the client must not rely on object identity.
    const value = this.values.get(key);
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
  set(key: string, value: unknown) {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

export interface Server {
  endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The real app on a real port (the same port after a stop/start, as a server coming back would be). */
export async function serve(stack: TestStack): Promise<Server> {
  const app = stack.makeApp();
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

/** Counts requests at the fetch layer, and can drop the next response after the server has handled the request. */
export function countingFetch() {
  const calls: string[] = [];
  let dropNext = false;
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push(`${init?.method ?? "GET"} ${String(input)}`);
    const response = await fetch(input, init);
    if (dropNext) {
      dropNext = false;
      await response.arrayBuffer();
      throw new TypeError("fetch failed (the connection dropped before the response arrived)");
    }
    return response;
  };
  return { fetch: fetchImpl, calls, dropNextResponse: () => (dropNext = true) };
}

export function toDateString(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toDateString();
}

export class ExtensionInstall {
  readonly store = new MemoryStore();
  readonly secrets = new MemoryStore();
  readonly net = countingFetch();
  readonly client: SyncClient;
  stats: MeditationStats;
  onboarding: OnboardingState = { hasSeenTour: true, gamificationOptIn: true, engagementCount: 2 };

  constructor(endpoint: string, readonly clock: { now: Date }, options: Partial<SyncClientOptions> = {}) {
    this.client = new SyncClient({
      endpoint,
      store: this.store,
      secretStore: this.secrets,
      fetch: this.net.fetch,
      now: () => new Date(clock.now),
      retryBaseMs: 60_000,
      ...options,
    });
    this.stats = {
      totalXP: 0,
      currentStreak: 0,
      longestStreak: 0,
      todaySessionTime: 0,
      totalMeditationTime: 0,
      lastMeditationDate: "",
      sessionsToday: 0,
      sessions: [],
      challengesCompleted: 0,
    };
  }

  /** A breathing session on this install: XP, time, today's counters, the session log — as the extension does. */
  breathe(xp: number, minutes: number, day: string): void {
    const ms = minutes * 60_000;
    const sameDay = this.stats.lastMeditationDate === toDateString(day);
    this.stats = {
      ...this.stats,
      totalXP: this.stats.totalXP + xp,
      totalMeditationTime: this.stats.totalMeditationTime + ms,
      todaySessionTime: (sameDay ? this.stats.todaySessionTime : 0) + ms,
      sessionsToday: (sameDay ? this.stats.sessionsToday ?? 0 : 0) + 1,
      lastMeditationDate: toDateString(day),
      // the extension's inflated counter, which the server must not trust
      currentStreak: this.stats.currentStreak + 3,
      sessions: [...(this.stats.sessions ?? []), { id: `sess-${Date.now()}`, startedAt: `${day}T08:00:00.000Z`, activeMs: ms, cycles: xp }],
    };
  }

  async sync(options = { privacy: "export-allowed" as const }) {
    const result = await this.client.sync(this.stats, this.onboarding, options);
    if (result.status === "synced") this.stats = result.apply(this.stats);
    return result;
  }
}
