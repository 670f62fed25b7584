#!/usr/bin/env node
/**
 * Wall time of the in-memory rate limiter under a flood of distinct addresses (docs/security.md, "A flood of new
 * addresses"): µs per hit around 10,000 / 20,000 / 60,000 / 500,000 distinct keys on the hourly claim rule, at
 * 145 new addresses a second (the rate measured in issue 22), with the windows held. `npm run bench` prints it;
 * `node scripts/bench/rate-limiter.js` runs it alone (after `npm run build`). Tests count work, not time.
 */
"use strict";
const path = require("node:path");
const { RateLimiter, DEFAULT_MAX_KEYS_PER_RULE } = require(path.join(__dirname, "../../functions/lib/http/rate-limit.js"));
const { addressKey } = require(path.join(__dirname, "../../functions/lib/http/client-address.js"));

function limiterFlood() {
  let now = 0;
  const limiter = new RateLimiter({ clock: () => now });
  const rule = { name: "pairing claims per IP", limit: 10, windowMs: 3_600_000, key: () => undefined };
  const address = (i) => addressKey(`2001:db8:${(i >> 16) & 0xffff}:${i & 0xffff}::1`, 64);
  const milestones = [10_000, 20_000, 60_000, 500_000];
  const sample = 3_000;
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const rows = [];
  let i = 0;
  for (const milestone of milestones) {
    for (; i < milestone - 3 * sample; i++) {
      now += 7;
      limiter.hit(rule, address(i));
    }
    // The median of three samples of 3,000 hits: a shared machine's pauses fall on one of them, not on all.
    const samples = [];
    for (let s = 0; s < 3; s++) {
      const start = process.hrtime.bigint();
      for (const end = i + sample; i < end; i++) {
        now += 7;
        limiter.hit(rule, address(i));
      }
      samples.push(Number(process.hrtime.bigint() - start) / 1000 / sample);
    }
    rows.push({ "distinct keys so far": milestone, "µs per hit (median)": median(samples).toFixed(2), "windows held": limiter.size(rule) });
  }
  return { rows, cap: DEFAULT_MAX_KEYS_PER_RULE };
}

module.exports = { limiterFlood };

if (require.main === module) {
  const { rows, cap } = limiterFlood();
  console.log(`\nRate limiter under a flood of distinct /64s (cap ${cap} windows per rule)`);
  console.table(rows);
}
