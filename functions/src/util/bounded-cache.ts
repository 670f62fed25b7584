/**
 * A per-instance cache with a time-to-live and a size bound, for documents a scheduled job or an admin rewrites
 * (leaderboards, challenge sets, circle boards): a warm instance serves them without a Firestore read. Entries live
 * in lru-cache (`max` entries at most, the least recently used evicted first, expired ones never served); concurrent
 * misses for one key share a single load.
 */
import { LRUCache } from "lru-cache";

export interface BoundedCacheOptions {
  ttlMs: number;
  /** At most this many entries: a flood of new keys (circle ids) evicts the least recently used. */
  max: number;
  clock: () => number;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- lru-cache holds any value but null and undefined
export class BoundedCache<V extends {}> {
  private readonly entries: LRUCache<string, V>;
  /** Loads in flight; `forgotten` is set by delete(): such a load answers its waiters but is not cached. */
  private readonly loading = new Map<string, { promise: Promise<V>; forgotten: boolean }>();

  constructor(options: BoundedCacheOptions) {
    // ttlResolution 0: read the clock on every check (a test clock moves in steps, and nothing may be served late).
    // lru-cache calls an entry stale once *more* than `ttl` has passed; ours expire when `ttlMs` have.
    const ttl = options.ttlMs - 1;
    this.entries = new LRUCache<string, V>({ max: options.max, ttl, ttlResolution: 0, perf: { now: options.clock } });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const pending = this.loading.get(key);
    if (pending) return pending.promise;
    const flight = { promise: load(), forgotten: false };
    this.loading.set(key, flight);
    try {
      const value = await flight.promise;
      if (!flight.forgotten) this.entries.set(key, value);
      return value;
    } finally {
      if (this.loading.get(key) === flight) this.loading.delete(key);
    }
  }

  /**
   * Forgets a key on this instance (other instances keep theirs until it expires). A load already in flight may
   * still answer the requests that were waiting for it, but its value is not cached, and the next get loads anew.
   */
  delete(key: string): void {
    this.entries.delete(key);
    const pending = this.loading.get(key);
    if (pending) pending.forgotten = true;
    this.loading.delete(key);
  }

  /** Entries held (tests: never more than `max`). */
  get size(): number {
    return this.entries.size;
  }
}
