/**
 * Runs tasks one at a time per key within this instance.
 *
 * Across instances, the Firestore transaction is what keeps two syncs of one user from losing each other's
 * counts. Within an instance this queue does the same without aborted-and-retried transactions.
 *
 * Every waiter has its own deadline: a request queued behind a hung datastore call gives up when *its* deadline
 * passes (and its task never runs), so the k-th queued request waits no longer than the first. A task keeps the
 * key until it settles — even after its request was answered with a 503 — so a retry that arrives once the
 * datastore is back runs after that late task instead of racing it into an aborted transaction. `maxHoldMs`
 * bounds how long one task that never settles can hold the key.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxHoldMs: number) {}

  async run<T>(key: string, task: () => Promise<T>, deadline: number, late: () => Error): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    const forget = () => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };

    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    const myTurn = await Promise.race([
      previous.then(() => true),
      new Promise<boolean>((resolve) => (waitTimer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(waitTimer);
    if (!myTurn) {
      // Give up the place without running: the next in line follows as soon as the one before us is done.
      void previous.then(() => {
        release();
        forget();
      });
      throw late();
    }

    const holdTimer = setTimeout(release, this.maxHoldMs);
    try {
      return await task();
    } finally {
      clearTimeout(holdTimer);
      release();
      forget();
    }
  }
}
