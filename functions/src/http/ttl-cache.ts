/**
 * A small per-instance cache with a time-to-live, for documents that a scheduled job rewrites every few minutes
 * (leaderboards, challenges): a warm instance then serves them without a Firestore read. Concurrent misses for
 * one key share a single load.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.clock()) return entry.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load()
      .then((value) => {
        this.entries.set(key, { value, expiresAt: this.clock() + this.ttlMs });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  /** Forgets a key on this instance (other instances keep theirs until it expires). */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
