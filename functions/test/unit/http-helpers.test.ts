import { RateLimiter, type RateRule } from "../../src/http/rate-limit";
import { BoundedCache } from "../../src/util/bounded-cache";
import { KeyedLock } from "../../src/util/keyed-lock";

describe("RateLimiter (fixed windows)", () => {
  const rule: RateRule = { name: "test", limit: 3, windowMs: 60_000, key: () => "x" };

  test("allows the limit, refuses the next, and opens again in the next window", () => {
    let now = 0;
    const limiter = new RateLimiter({ clock: () => now });
    expect([1, 2, 3, 4].map(() => limiter.hit(rule, "a").allowed)).toEqual([true, true, true, false]);
    expect(limiter.hit(rule, "b").allowed).toBe(true);
    expect(limiter.hit(rule, "a").resetSeconds).toBe(60);
    now = 60_000;
    expect(limiter.hit(rule, "a")).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe("BoundedCache", () => {
  const START = 1_764_000_000_000;
  test("serves from memory until the TTL, shares one load between concurrent misses, and forgets on delete", async () => {
    let now = START;
    let loads = 0;
    const cache = new BoundedCache<number>({ ttlMs: 1000, max: 10, clock: () => now });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)])).toEqual([1, 1, 1]);
    now = START + 999;
    expect(await cache.get("k", load)).toBe(1);
    now = START + 1000;
    expect(await cache.get("k", load)).toBe(2);
    cache.delete("k");
    expect(await cache.get("k", load)).toBe(3);
  });

  test("holds at most `max` entries: a flood of new keys evicts the least recently used", async () => {
    const cache = new BoundedCache<string>({ ttlMs: 60_000, max: 3, clock: () => START });
    for (let i = 0; i < 100; i++) await cache.get(`circle-${i}`, async () => `board ${i}`);
    expect(cache.size).toBe(3);
    expect(await cache.get("circle-99", async () => "reloaded")).toBe("board 99");
    expect(await cache.get("circle-0", async () => "reloaded")).toBe("reloaded");
  });
});

describe("KeyedLock", () => {
  // Decided by events, not by the wall clock: tasks finish when the test settles them, and the lock's timers run
  // on jest's fake clock (which fakes Date.now as well), advanced by exactly what each step needs.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const late = () => new Error("late");
  const far = () => Date.now() + 60_000;
  /** A promise the test settles. */
  function deferred<T = void>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }
  /** Lets every promise callback that is ready run (no timer moves). */
  const settle = () => jest.advanceTimersByTimeAsync(0);

  test("runs tasks of one key one at a time, other keys in parallel", async () => {
    const lock = new KeyedLock(10_000);
    const order: string[] = [];
    const a1 = deferred();
    const task = (name: string, until?: Promise<void>) => async () => {
      order.push(`start ${name}`);
      await until;
      order.push(`end ${name}`);
    };
    const all = Promise.all([lock.run("u", task("a1", a1.promise), far(), late), lock.run("u", task("a2"), far(), late), lock.run("v", task("b"), far(), late)]);
    await settle();
    // a1 holds "u": a2 waits, b (another key) has run to its end.
    expect(order).toEqual(["start a1", "start b", "end b"]);
    a1.resolve();
    await all;
    expect(order).toEqual(["start a1", "start b", "end b", "end a1", "start a2", "end a2"]);
  });

  test("a task that outlives the hold time stops blocking the key; a failing task releases it", async () => {
    const lock = new KeyedLock(20);
    const hung = deferred();
    const first = lock.run("u", () => hung.promise, far(), late);
    let secondRan = false;
    const second = lock.run("u", async () => void (secondRan = true), far(), late);
    await jest.advanceTimersByTimeAsync(19);
    expect(secondRan).toBe(false);
    await jest.advanceTimersByTimeAsync(1); // the hold time has passed: the key is free though the task is not done
    await second;
    expect(secondRan).toBe(true);
    await expect(lock.run("u", async () => Promise.reject(new Error("boom")), far(), late)).rejects.toThrow("boom");
    await lock.run("u", async () => undefined, far(), late);
    hung.resolve();
    await first;
  });

  test("each waiter behind a hung task gives up at its own deadline, never later, and its task never runs", async () => {
    const lock = new KeyedLock(60_000);
    const hung = deferred();
    const first = lock.run("u", () => hung.promise, far(), late);
    const ran: number[] = [];
    const outcomes: string[] = [];
    const started = Date.now();
    const waiters = [0, 1, 2, 3, 4, 5, 6].map((i) =>
      lock.run("u", async () => void ran.push(i), started + 100 + i, late).then(
        () => outcomes.push(`${i} ran`),
        (error: Error) => outcomes.push(`${i} ${error.message} at +${Date.now() - started}`),
      ),
    );
    await jest.advanceTimersByTimeAsync(99);
    expect(outcomes).toEqual([]);
    await jest.advanceTimersByTimeAsync(7);
    await Promise.all(waiters);
    // Each at its own deadline (100 + i ms), in order, none waiting for the one before it.
    expect(outcomes).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `${i} late at +${100 + i}`));
    // Once the hung task settles the key is free again, and the abandoned tasks did not run in between.
    hung.resolve();
    await first;
    await lock.run("u", async () => void ran.push(99), far(), late);
    expect(ran).toEqual([99]);
  });

  test("a waiter whose turn comes before its deadline runs after the task before it settled", async () => {
    const lock = new KeyedLock(60_000);
    const order: string[] = [];
    const gate = deferred();
    const first = lock.run("u", async () => {
      await gate.promise;
      order.push("first");
    }, far(), late);
    const second = lock.run("u", async () => void order.push("second"), Date.now() + 1000, late);
    await jest.advanceTimersByTimeAsync(999);
    expect(order).toEqual([]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
  });
});

describe("BoundedCache and delete() during a load", () => {
  test("a load in flight when the key is deleted answers its waiters but is not cached; the next get loads anew", async () => {
    const cache = new BoundedCache<string>({ ttlMs: 60_000, max: 10, clock: () => 1_764_000_000_000 });
    let finishStale!: (value: string) => void;
    const stale = cache.get("2026-11-25", () => new Promise<string>((resolve) => (finishStale = resolve)));
    cache.delete("2026-11-25"); // an admin curated the day while the old set was being read
    const fresh = cache.get("2026-11-25", async () => "curated");
    finishStale("generated");
    expect(await stale).toBe("generated");
    expect(await fresh).toBe("curated");
    expect(await cache.get("2026-11-25", async () => "reloaded")).toBe("curated");
  });
});
