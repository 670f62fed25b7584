#!/usr/bin/env node
/**
 * `npm run bench`: measures the local stack (Hosting → Functions emulator → embedded Firestore emulator) and
 * prints one table. Not part of `npm test`: timings on a shared 2-core machine are noisy, so each route's latency
 * is reported next to /health measured in the same run (the floor), and the ratio is what we track.
 *
 *   - Firestore operations per request, counted at the emulator's gRPC handlers (scripts/bench/counting-firestore.js)
 *   - p50 / p99 latency per route over BENCH_REQUESTS requests (default 2000), interleaved with /health
 *   - cold start: module load and first request in fresh processes (BENCH_COLD_RUNS each, default 9), ours next to
 *     a minimal onRequest hello world and to a naive "import everything at the top" version
 *   - the rate limiter's µs per hit under a flood of distinct addresses (scripts/bench/rate-limiter.js)
 *   - the API's resident memory under a flood of 10,000 / 100,000 / 400,000 distinct addresses, with the deployed
 *     node options (scripts/bench/memory-flood.js)
 */
"use strict";
const { randomUUID } = require("node:crypto");
const { startCountingFirestore } = require("./bench/counting-firestore");
const { growthTable } = require("./bench/growth");
const { startFirebaseEmulators, freePort } = require("./emulators");
const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const path = require("node:path");
const { localAdminKey, localEnv } = require("./local-env");
const { limiterFlood } = require("./bench/rate-limiter");
const { memoryFlood } = require("./bench/memory-flood");

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/**
 * Fresh processes, variants interleaved run by run so machine noise falls on all of them alike. (Asynchronous:
 * the counting Firestore emulator lives in this process and must keep answering while a child runs.)
 */
async function coldStarts(firestoreHost) {
  const env = localEnv({
    FIRESTORE_EMULATOR_HOST: firestoreHost,
    ADMIN_API_KEY: localAdminKey(),
    USER_ID_PEPPER: "bench-pepper-0123456789abcdef",
  });
  const child = path.join(__dirname, "bench", "cold-start-child.js");
  const variants = [
    ["hello world (onRequest)", "hello", "/"],
    ["ours, first request /health", "ours", "/api/v1/health"],
    ["ours, first request /challenges/daily (Firestore)", "ours", "/api/v1/challenges/daily"],
    ["naive, first request /health", "naive", "/api/v1/health"],
  ];
  const samples = variants.map(() => ({ load: [], first: [] }));
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const [i, [, variant, firstPath]] of variants.entries()) {
      const { stdout } = await promisify(execFile)(process.execPath, [child, variant, firstPath], { env, encoding: "utf8" });
      const timing = JSON.parse(stdout.slice(stdout.lastIndexOf('{"status"')));
      if (timing.status !== 200) throw new Error(`cold start ${variant} ${firstPath} answered ${timing.status}`);
      samples[i].load.push(timing.loadMs);
      samples[i].first.push(timing.firstRequestMs);
    }
  }
  const helloLoad = median(samples[0].load);
  return variants.map(([name], i) => {
    const load = median(samples[i].load);
    const first = median(samples[i].first);
    return {
      variant: name,
      "module load": `${load.toFixed(0)} ms (×${(load / helloLoad).toFixed(2)} hello)`,
      "first request": `${first.toFixed(0)} ms`,
      "load + first": `${(load + first).toFixed(0)} ms`,
    };
  });
}
const SEED_USERS = Number(process.env.BENCH_USERS ?? 300);
/** Sizes of the growth table ("" skips it); BENCH_ONLY=growth runs only that table. */
const GROWTH = (process.env.BENCH_GROWTH ?? "1000,10000,100000").split(",").filter(Boolean).map(Number);
const ONLY_GROWTH = process.env.BENCH_ONLY === "growth";
const GROWTH_REQUESTS = Number(process.env.BENCH_GROWTH_REQUESTS ?? 300);

// The load comes from many clients, as in production: each request carries the address our (emulated) front
// proxy would append, so per-IP rate limits apply per simulated client and not to the whole benchmark.
let clientCounter = 0;
const nextClientIp = () => {
  clientCounter += 1;
  return `198.18.${(clientCounter >> 8) & 255}.${clientCounter & 255}`;
};

async function call(base, path, { method = "GET", body, headers = {} } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { "x-forwarded-for": nextClientIp(), ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Firestore operations caused by `action`, divided by `per`. */
async function metered(firestore, action, per = 1) {
  const before = firestore.counts();
  await action();
  const after = firestore.counts();
  const diff = {};
  for (const key of Object.keys(after)) diff[key] = (after[key] - before[key]) / per;
  return diff;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function latencies(base, routes, n) {
  const samples = Object.fromEntries(Object.keys(routes).map((name) => [name, []]));
  for (let i = 0; i < n; i++) {
    for (const [name, request] of Object.entries(routes)) {
      const started = process.hrtime.bigint();
      await request(i);
      samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const result = {};
  for (const [name, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    result[name] = { p50: percentile(list, 50), p99: percentile(list, 99) };
  }
  return result;
}

const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const ops = (o) => `${fmt(o.reads)} reads, ${fmt(o.writes)} writes${o.queries ? `, ${fmt(o.queries)} queries` : ""}`;

async function main() {
  const firestore = await startCountingFirestore(await freePort());
  const emulators = await startFirebaseEmulators({ firestoreHost: firestore.host });
  const { base } = emulators;
  const admin = { "x-admin-key": localAdminKey() };
  const today = new Date().toISOString().slice(0, 10);
  const rows = [];
  try {
    if (ONLY_GROWTH) return await printGrowth(firestore, base, admin);
    // Seed opted-in users, and measure what a sync costs while doing it.
    const users = Array.from({ length: SEED_USERS }, () => ({ userId: randomUUID(), deviceId: randomUUID() }));
    const firstSync = await metered(firestore, async () => {
      for (const [i, u] of users.entries()) {
        await call(base, "/sync", {
          method: "POST",
          headers: { authorization: `Bearer ${u.userId}` },
          // a first sync's own earnings count for ranking, so every seeded user lands on the boards
          body: {
            data: { meditation: { totalXP: 100 } },
            device: { deviceId: u.deviceId, earned: { xp: 1 + (i % 97) }, localDate: today },
            leaderboard: { optIn: true },
          },
        });
      }
    }, users.length);
    const laterSync = await metered(firestore, async () => {
      for (const [i, u] of users.entries()) {
        await call(base, "/sync", {
          method: "POST",
          headers: { authorization: `Bearer ${u.userId}` },
          body: { data: {}, device: { deviceId: u.deviceId, earned: { xp: 2 + (i % 97) }, localDate: today, activeDays: [today] } },
        });
      }
    }, users.length);
    rows.push(["POST /sync (first)", ops(firstSync)], ["POST /sync (later)", ops(laterSync)]);

    const rebuild = await metered(firestore, () => call(base, "/admin/jobs/leaderboards", { method: "POST", headers: admin }));
    rows.push(["leaderboard rebuild (3 periods)", ops(rebuild)]);

    const cold = await metered(firestore, () => call(base, "/leaderboard?period=weekly"));
    const warm = await metered(firestore, async () => {
      for (let i = 0; i < 50; i++) await call(base, "/leaderboard?period=weekly");
    }, 50);
    const withMe = await metered(firestore, async () => {
      for (let i = 0; i < 20; i++) {
        await call(base, "/leaderboard?period=weekly", { headers: { authorization: `Bearer ${users[i].userId}` } });
      }
    }, 20);
    const challengesCold = await metered(firestore, () => call(base, "/challenges/daily"));
    const challengesWarm = await metered(firestore, async () => {
      for (let i = 0; i < 50; i++) await call(base, "/challenges/daily");
    }, 50);
    rows.push(
      ["GET /challenges/daily, cold instance cache", ops(challengesCold)],
      ["GET /challenges/daily, warm", ops(challengesWarm)],
      ["GET /leaderboard, cold instance cache", ops(cold)],
      ["GET /leaderboard, warm", ops(warm)],
      ["GET /leaderboard with me", ops(withMe)],
    );

    // A circle at the default member limit (50): the creator, 39 seeded users who scored this week, and 10 members
    // who synced but scored nothing (the board must not read them). Each view is by a different member: the
    // per-user limit of account-class requests applies to circle routes.
    const bearer = (u) => ({ authorization: `Bearer ${u.userId}` });
    const idle = Array.from({ length: 10 }, () => ({ userId: randomUUID() }));
    for (const u of idle) await call(base, "/sync", { method: "POST", headers: bearer(u), body: { data: {} } });
    const circleMembers = [...users.slice(0, 40), ...idle];
    const circle = await call(base, "/circles", { method: "POST", headers: bearer(circleMembers[0]) });
    for (const u of circleMembers.slice(1)) await call(base, "/circles/join", { method: "POST", headers: bearer(u), body: { code: circle.code } });
    const circleBoard = (u) => call(base, `/circles/${circle.circleId}/leaderboard?period=weekly`, { headers: bearer(u) });
    const circleCold = await metered(firestore, () => circleBoard(circleMembers[0]));
    const circleWarm = await metered(firestore, async () => {
      for (const u of circleMembers.slice(1)) await circleBoard(u);
    }, circleMembers.length - 1);
    const memberSync = await metered(firestore, async () => {
      for (const [i, u] of users.slice(0, 40).entries()) {
        await call(base, "/sync", {
          method: "POST",
          headers: bearer(u),
          body: { data: {}, device: { deviceId: u.deviceId, earned: { xp: 200 + i }, localDate: today, activeDays: [today] } },
        });
      }
    }, 40);
    rows.push(
      ["GET /circles/{id}/leaderboard (50 members, 40 scored), cold instance cache", ops(circleCold)],
      ["GET /circles/{id}/leaderboard, warm", ops(circleWarm)],
      ["POST /sync of a circle member", ops(memberSync)],
    );

    const timing = await latencies(
      base,
      {
        health: () => call(base, "/health"),
        leaderboard: () => call(base, "/leaderboard?period=weekly&limit=100"),
        challenges: () => call(base, "/challenges/daily"),
        sync: (i) => {
          const u = users[i % users.length];
          return call(base, "/sync", {
            method: "POST",
            headers: { authorization: `Bearer ${u.userId}` },
            body: { data: {}, device: { deviceId: u.deviceId, earned: { xp: 100 + i }, localDate: today, activeDays: [today] } },
          });
        },
      },
      REQUESTS,
    );
    const floor = timing.health;
    const latencyRows = Object.entries(timing).map(([name, t]) => [
      name,
      `p50 ${t.p50.toFixed(2)} ms (×${(t.p50 / floor.p50).toFixed(2)} health)`,
      `p99 ${t.p99.toFixed(2)} ms (×${(t.p99 / floor.p99).toFixed(2)} health)`,
    ]);

    console.log(`\nCold start: median of ${COLD_RUNS} fresh processes per variant`);
    console.table(await coldStarts(firestore.host));
    console.log(`\nFirestore operations per request (counted at the emulator, ${SEED_USERS} users)`);
    console.table(rows.map(([what, cost]) => ({ what, cost })));
    console.log(`\nLatency over ${REQUESTS} sequential requests each, interleaved, through Hosting → Functions emulator`);
    console.table(latencyRows.map(([route, p50, p99]) => ({ route, p50, p99 })));
    const flood = limiterFlood();
    console.log(`\nRate limiter under a flood of distinct /64s (cap ${flood.cap} windows per rule)`);
    console.table(flood.rows);
    console.log("\nResident memory of the API under a flood of distinct client addresses (pairing claims; 256 MiB deployed)");
    console.table(await memoryFlood());
    if (GROWTH.length > 0) await printGrowth(firestore, base, admin);
  } finally {
    await emulators.stop();
    firestore.stop();
  }
}

async function printGrowth(firestore, base, admin) {
  const { rows: growth, timing } = await growthTable({
    firestore,
    base,
    call,
    metered,
    latencies,
    admin,
    sizes: GROWTH,
    requests: GROWTH_REQUESTS,
    log: (line) => console.error(line),
  });
  console.log("\nGrowth: Firestore operations per request as billed (r reads, w writes, d deletes; a count() is 1 read per 1,000 entries)");
  console.table(growth);
  const floor = timing.health.p50;
  console.log(
    `Idle sync p50 ${timing["idle sync"].p50.toFixed(2)} ms, health p50 ${floor.toFixed(2)} ms (×${(timing["idle sync"].p50 / floor).toFixed(2)}), ${GROWTH_REQUESTS} each, interleaved, at ${GROWTH[GROWTH.length - 1]} users`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
