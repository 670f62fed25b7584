import { KeyedLock } from "../../src/http/keyed-lock";
import { RateLimiter, type RateRule } from "../../src/http/rate-limit";
import { TtlCache } from "../../src/http/ttl-cache";

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

describe("TtlCache", () => {
  test("serves from memory until the TTL, shares one load between concurrent misses, and forgets on delete", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)])).toEqual([1, 1, 1]);
    now = 999;
    expect(await cache.get("k", load)).toBe(1);
    now = 1000;
    expect(await cache.get("k", load)).toBe(2);
    cache.delete("k");
    expect(await cache.get("k", load)).toBe(3);
  });
});

describe("KeyedLock", () => {
  const late = () => new Error("late");
  const far = () => Date.now() + 60_000;

  test("runs tasks of one key one at a time, other keys in parallel", async () => {
    const lock = new KeyedLock(10_000);
    const order: string[] = [];
    const task = (name: string, ms: number) => async () => {
      order.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`end ${name}`);
    };
    await Promise.all([
      lock.run("u", task("a1", 30), far(), late),
      lock.run("u", task("a2", 1), far(), late),
      lock.run("v", task("b", 1), far(), late),
    ]);
    expect(order.indexOf("end a1")).toBeLessThan(order.indexOf("start a2"));
    expect(order.indexOf("end b")).toBeLessThan(order.indexOf("end a1"));
  });

  test("a task that outlives the hold time stops blocking the key; a failing task releases it", async () => {
    const lock = new KeyedLock(20);
    const hung = lock.run("u", () => new Promise<void>((resolve) => setTimeout(resolve, 500)), far(), late);
    const started = Date.now();
    await lock.run("u", async () => undefined, far(), late);
    expect(Date.now() - started).toBeLessThan(400);
    await expect(lock.run("u", async () => Promise.reject(new Error("boom")), far(), late)).rejects.toThrow("boom");
    await lock.run("u", async () => undefined, far(), late);
    await hung;
  });

  test("each waiter behind a hung task gives up at its own deadline, never later, and its task never runs", async () => {
    const lock = new KeyedLock(60_000);
    let thaw!: () => void;
    const hung = lock.run("u", () => new Promise<void>((resolve) => (thaw = resolve)), far(), late);
    const ran: number[] = [];
    const started = Date.now();
    const waiters = [0, 1, 2, 3, 4, 5, 6].map((i) =>
      lock
        .run("u", async () => void ran.push(i), started + 100, late)
        .then(
          () => ({ i, ms: Date.now() - started, outcome: "ran" }),
          (error: Error) => ({ i, ms: Date.now() - started, outcome: error.message }),
        ),
    );
    const results = await Promise.all(waiters);
    for (const result of results) {
      expect(result.outcome).toBe("late");
      expect(result.ms).toBeLessThan(100 + 150);
    }
    // Once the hung task settles the key is free again, and the abandoned tasks did not run in between.
    thaw();
    await hung;
    await lock.run("u", async () => void ran.push(99), far(), late);
    expect(ran).toEqual([99]);
  });

  test("a waiter whose turn comes before its deadline runs after the task before it settled", async () => {
    const lock = new KeyedLock(60_000);
    const order: string[] = [];
    const first = lock.run("u", async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push("first");
    }, far(), late);
    await lock.run("u", async () => void order.push("second"), Date.now() + 1000, late);
    await first;
    expect(order).toEqual(["first", "second"]);
  });
});

describe("TtlCache and delete() during a load", () => {
  test("a load in flight when the key is deleted answers its waiters but is not cached; the next get loads anew", async () => {
    const cache = new TtlCache<string>(60_000, () => 0);
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
