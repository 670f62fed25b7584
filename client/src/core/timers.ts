/** The host's timers, unref'd so that a pending retry never keeps a process alive. */
import type { KitTimers } from "./types";

export const hostTimers: KitTimers = {
  set(run, ms) {
    const handle = setTimeout(run, ms);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Promises still running, so that `idle()` can wait for them (tests wait on events, never on sleeps). */
export class Tasks {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(task: Promise<T>): Promise<T> {
    this.pending.add(task);
    const done = () => this.pending.delete(task);
    task.then(done, done);
    return task;
  }

  busy(): boolean {
    return this.pending.size > 0;
  }

  /** Resolves when nothing tracked is running, including what the tracked work started meanwhile. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
