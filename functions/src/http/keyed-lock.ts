/**
 * Runs tasks one at a time per key within this instance.
 *
 * Across instances, the Firestore transaction is what keeps two syncs of one user from losing each other's
 * counts. Within an instance this queue does the same without any aborted-and-retried transactions, and it is
 * what keeps concurrent syncs correct on the embedded test emulator, whose transactions have no isolation
 * (see docs/architecture.md). A task that outlives `maxHoldMs` stops holding the key, so one hung datastore call
 * cannot block the user's next requests once the datastore is back.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxHoldMs: number) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    const timer = setTimeout(release, this.maxHoldMs);
    try {
      return await task();
    } finally {
      clearTimeout(timer);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
