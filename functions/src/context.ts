import type { Config } from "./config";
import { datastore, defaultFirestore, type Datastore, type FirestoreProvider } from "./firestore";
import { platformLog, type LogEntry } from "./http/request-log";
import { BoundedCache } from "./util/bounded-cache";

export type { LogEntry };

/**
 * The per-instance caches, one table: each one's time-to-live (the Cache-Control its route gives says the same) and
 * its size bound. They belong to the app context, so each app (and each test app) has its own, and no feature
 * reaches into another's module for a cache or its lifetime.
 */
export const CACHES = {
  /** A board per period, kept until the next scheduled rebuild is due. */
  leaderboards: { seconds: 30, max: 16 },
  /** The operator's hidden list, applied to every global board served: read again as often as the boards are. */
  hiddenList: { seconds: 30, max: 1 },
  /** A challenge set per date asked for (yesterday to the last curatable day). */
  challengeSets: { seconds: 60, max: 64 },
  /** The rewards of a served set, as long as the challenges route keeps the set (a re-curation shows in both). */
  servedRewards: { seconds: 60, max: 64 },
  /** A circle's board per period: ≈ 5 KB each at 50 members, so 2,000 keep a flood of circle ids near 10 MB. */
  circleBoards: { seconds: 30, max: 2_000 },
} as const;

export type CacheName = keyof typeof CACHES;

/** What every feature gets: settings, the datastore (with its deadline), the clock and the log. All injectable. */
export interface AppContext {
  config: Config;
  /** Runs a datastore operation under FIRESTORE_TIMEOUT_MS (503 `unavailable` past it). */
  data: Datastore;
  now: () => Date;
  log: (entry: LogEntry) => void;
  /** This app's cache of that name (created on first use). Each name holds one kind of value: its users agree on `V`. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- any value but null and undefined (lru-cache's rule)
  cache<V extends {}>(name: CacheName): BoundedCache<V>;
}

export interface ContextDeps {
  config: Config;
  db?: FirestoreProvider;
  now?: () => Date;
  log?: (entry: LogEntry) => void;
}

/** Fills in production defaults: the project's Firestore, the wall clock, the platform's logger. */
export function createContext(deps: ContextDeps): AppContext {
  const now = deps.now ?? (() => new Date());
  const caches = new Map<CacheName, BoundedCache<object>>();
  return {
    config: deps.config,
    data: datastore(deps.db ?? defaultFirestore, deps.config.firestoreTimeoutMs),
    now,
    log: deps.log ?? platformLog,
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- as in AppContext
    cache<V extends {}>(name: CacheName): BoundedCache<V> {
      let cache = caches.get(name);
      if (!cache) {
        cache = new BoundedCache<object>({ ttlMs: CACHES[name].seconds * 1000, max: CACHES[name].max, clock: () => now().getTime() });
        caches.set(name, cache);
      }
      // One kind of value per name (see AppContext.cache).
      return cache as unknown as BoundedCache<V>;
    },
  };
}
