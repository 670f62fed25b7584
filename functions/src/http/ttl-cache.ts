/**
 * A small per-instance cache with a time-to-live, for documents that a scheduled job rewrites every few minutes
 * (leaderboards, challenges): a warm instance then serves them without a Firestore read. Concurrent misses for
 * one key share a single load.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by delete(): a load that started before the delete must not cache what it read. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.clock()) return entry.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generations.get(key) ?? 0;
    const promise = load()
      .then((value) => {
        if ((this.generations.get(key) ?? 0) === generation) this.entries.set(key, { value, expiresAt: this.clock() + this.ttlMs });
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  /**
   * Forgets a key on this instance (other instances keep theirs until it expires). A load already in flight may
   * still answer the requests that were waiting for it, but its value is not cached, and the next get loads anew.
   */
  delete(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }
}
