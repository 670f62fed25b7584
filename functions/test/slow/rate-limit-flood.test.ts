/**
 * The limiter under a flood of new keys: memory capped, the work of a hit flat (counted in stored windows touched,
 * not in wall time — wall-time figures are `npm run bench`'s), and the limits still binding.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { addressKey } from "../../src/http/client-address";
import { DEFAULT_MAX_KEYS_PER_RULE, RateLimiter, type RateRule } from "../../src/http/rate-limit";

// Half a million hits take seconds; on a loaded machine more. The verdicts count work, so only the timeout moves.
jest.setTimeout(180_000);

const claims: RateRule = { name: "pairing claims per IP", limit: 10, windowMs: 3_600_000, key: () => undefined };
const perMinute: RateRule = { name: "requests per IP", limit: 120, windowMs: 60_000, key: () => undefined };
const ipOf = (i: number) => addressKey(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 64);

function counted(cap: number) {
  const clock = { now: 0 };
  const work = { touches: 0 };
  const limiter = new RateLimiter({ clock: () => clock.now, maxKeysPerRule: cap, onTouch: () => (work.touches += 1) });
  return { clock, work, limiter };
}

test("500,000 distinct addresses inside one claim window: at most the cap held, the same few touches per hit throughout", () => {
  const cap = 50_000;
  const { clock, work, limiter } = counted(cap);
  const perSlice: number[] = [];
  let worstHit = 0;
  for (let slice = 0; slice < 10; slice++) {
    const sliceStart = work.touches;
    for (let i = slice * 50_000; i < (slice + 1) * 50_000; i++) {
      clock.now += 7; // 145 a second, as measured in the issue: nothing expires within the hour
      const before = work.touches;
      limiter.hit(claims, ipOf(i));
      worstHit = Math.max(worstHit, work.touches - before);
    }
    perSlice.push((work.touches - sliceStart) / 50_000);
    expect(limiter.size(claims)).toBeLessThanOrEqual(cap);
  }
  // Before the cap: read the front, look up, store (3). At the cap: the same plus one eviction (4). Never a sweep.
  expect(worstHit).toBeLessThanOrEqual(4);
  expect(Math.max(...perSlice.slice(1))).toBeLessThanOrEqual(4);
  expect(perSlice[9]).toBeCloseTo(perSlice[1], 5);
  expect(limiter.size(claims)).toBe(cap);
});

test("the heap after 500,000 distinct addresses holds the default cap's windows, not the flood's", () => {
  // A fresh process with a forced gc, so the figure is what stays, not garbage waiting for collection.
  const limiterModule = path.resolve(__dirname, "../../lib/http/rate-limit.js");
  const script = `
    const { RateLimiter } = require(${JSON.stringify(limiterModule)});
    let now = 0;
    const rule = { name: "pairing claims per IP", limit: 10, windowMs: 3600000 };
    const limiter = new RateLimiter({ clock: () => now });
    gc(); const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 500000; i++) { now += 7; limiter.hit(rule, "v4:10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)); }
    gc(); console.log(JSON.stringify({ grown: process.memoryUsage().heapUsed - before, size: limiter.size(rule) }));`;
  const run = spawnSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  const { grown, size } = JSON.parse(run.stdout) as { grown: number; size: number };
  expect(size).toBe(DEFAULT_MAX_KEYS_PER_RULE);
  // ≈ 210 bytes a window: 30,000 windows ≈ 6.4 MB; the unbounded limiter kept all 500,000 (≈ 80 MB).
  expect(grown).toBeLessThan(DEFAULT_MAX_KEYS_PER_RULE * 400);
});

test("a flood over many windows: expired windows leave from the front, amortised O(1) per hit", () => {
  const { clock, work, limiter } = counted(50_000);
  for (let i = 0; i < 200_000; i++) {
    clock.now += 1; // 1,000 new keys a second on a 60-second rule: 60,000 would be live without expiry
    limiter.hit(perMinute, ipOf(i));
  }
  expect(work.touches / 200_000).toBeLessThanOrEqual(5);
  expect(limiter.size(perMinute)).toBeLessThanOrEqual(50_000);
});

test("the limits still bind during a flood: a client that used its allowance stays refused until cap newer keys arrived", () => {
  const cap = 1_000;
  const { clock, limiter } = counted(cap);
  const attacker = addressKey("2001:db8:1:2::1", 64);
  for (let i = 0; i < claims.limit; i++) expect(limiter.hit(claims, attacker).allowed).toBe(true);
  expect(limiter.hit(claims, addressKey("2001:db8:1:2:ffff::9", 64)).allowed).toBe(false); // same /64
  // cap - 1 other keys later the window is still there (it is the oldest, the next to be evicted).
  for (let i = 0; i < cap - 1; i++) {
    clock.now += 1;
    expect(limiter.hit(claims, ipOf(i)).allowed).toBe(true);
  }
  expect(limiter.hit(claims, attacker).allowed).toBe(false);
  // Every key of the flood is bound too: its second hit inside the window counts as its second.
  expect(limiter.hit(claims, ipOf(cap - 2)).remaining).toBe(claims.limit - 2);
});

test("windows expire and reopen; a reopened window goes to the back, behind the ones it outlives", () => {
  const { clock, limiter } = counted(3);
  const rule: RateRule = { ...perMinute, limit: 1 };
  expect(limiter.hit(rule, "a").allowed).toBe(true);
  clock.now = 30_000;
  expect(limiter.hit(rule, "b").allowed).toBe(true);
  clock.now = 60_000; // a's window ends, b's does not
  expect(limiter.hit(rule, "a").allowed).toBe(true);
  expect(limiter.hit(rule, "b").allowed).toBe(false);
  expect(limiter.hit(rule, "c").allowed).toBe(true);
  expect(limiter.hit(rule, "d").allowed).toBe(true); // the cap of 3: b, the oldest live window, is evicted
  expect(limiter.size(rule)).toBe(3);
  expect(limiter.hit(rule, "a").allowed).toBe(false);
});
