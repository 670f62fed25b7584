/**
 * The growth table of `npm run bench`: the same requests against 1,000, 10,000 and 100,000 seeded opted-in users
 * (BENCH_GROWTH="1000,10000,100000"), with Firestore operations counted the way Firestore bills them
 * (counting-firestore.js). Per-request figures must stay flat across the sizes; the rebuild's grow with the
 * counted entries only (one read per 1,000), as docs/leaderboards.md says.
 *
 * Bulk users are written straight into the emulator with batched Admin SDK writes (the fields the boards and the
 * purge read); a handful of probe users are real users made through the API, their scores then moved to the top,
 * the middle and the bottom of the boards.
 */
"use strict";
const { randomUUID } = require("node:crypto");

const PERIODS = ["daily", "weekly", "monthly"];
const BATCH = 500;
const EXPIRED_PER_SIZE = 1000; // two purge pages of 500

/** A deterministic, skewed score for seeded user i (most people breathe a little, a few a lot). */
function scoreOf(i, scale) {
  const u = ((i * 2654435761) % 4294967296) / 4294967296 || 0.5;
  return Math.max(1, Math.min(Math.round(-Math.log(u) * 60 * scale), 17_000 * scale));
}

function periodKeys(now) {
  const day = now.toISOString().slice(0, 10);
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((date - yearStart) / 86_400_000 + 1) / 7);
  return { daily: day, weekly: `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`, monthly: day.slice(0, 7) };
}

async function seedUsers(db, from, to, keys, expireAt) {
  const users = db.collection("users");
  const commits = [];
  for (let start = from; start < to; start += BATCH) {
    const batch = db.batch();
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      batch.set(users.doc(`bench-${i}`), {
        leaderboardOptIn: true,
        anonymousId: `bench-seal-${(i % 65536).toString(16).padStart(4, "0")}-${Math.floor(i / 65536)}`,
        dailyKey: keys.daily,
        dailyXp: scoreOf(i, 1),
        weeklyKey: keys.weekly,
        weeklyXp: scoreOf(i, 3),
        monthlyKey: keys.monthly,
        monthlyXp: scoreOf(i, 8),
        expireAt,
      });
    }
    commits.push(batch.commit());
    if (commits.length >= 4) await Promise.all(commits.splice(0));
  }
  await Promise.all(commits);
}

async function growthTable({ firestore, base, call, metered, latencies, admin, sizes, requests, log }) {
  process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
  const { initializeApp } = require("firebase-admin/app");
  const { getFirestore, Timestamp } = require("firebase-admin/firestore");
  const db = getFirestore(initializeApp({ projectId: "demo-breath-master" }, `bench-growth-${randomUUID()}`));
  const { createContext } = require("../../functions/lib/context");
  const { testConfig } = require("../../functions/lib/config");
  const { runJob } = require("../../functions/lib/ops/jobs");
  const jobContext = createContext({ config: testConfig({ firestoreTimeoutMs: 120_000 }), db: () => db, log: () => {} });
  const now = new Date();
  const keys = periodKeys(now);
  const future = Timestamp.fromMillis(now.getTime() + 300 * 86_400_000);
  const past = Timestamp.fromMillis(now.getTime() - 86_400_000);
  const today = keys.daily;

  // Probe users: real users, through the API (new ones per size and for the latency run: a user may sync at
  // most RATE_LIMIT_SYNC_PER_USER_PER_MINUTE times a minute).
  const newProbe = async () => {
    const userId = randomUUID();
    const deviceId = randomUUID();
    const res = await call(base, "/sync", {
      method: "POST",
      headers: { authorization: `Bearer ${userId}` },
      body: { data: {}, device: { deviceId, earned: { xp: 10 }, localDate: today, activeDays: [today] }, leaderboard: { optIn: true } },
    });
    return { userId, deviceId, xp: 10, anonymousId: res.serverData.anonymousId };
  };
  const probes = {};
  for (const name of ["top", "middle", "bottom"]) probes[name] = await newProbe();
  const probeRef = async (name) => (await db.collection("users").where("anonymousId", "==", probes[name].anonymousId).get()).docs[0].ref;
  const placeProbe = async (name, score) => {
    const update = {};
    for (const period of PERIODS) update[`${period}Xp`] = score(period);
    await (await probeRef(name)).update(update);
  };

  const rows = [];
  let seeded = 0;
  let expiredSeeded = 0;
  for (const size of sizes) {
    const started = Date.now();
    await seedUsers(db, seeded, size, keys, future);
    seeded = size;
    const seedSeconds = (Date.now() - started) / 1000;
    const scale = { daily: 1, weekly: 3, monthly: 8 };
    await placeProbe("top", (p) => 20_000 * scale[p]);
    await placeProbe("middle", (p) => Math.round(42 * scale[p])); // about the median (60 × ln 2)
    await placeProbe("bottom", () => 1);

    // Two rebuilds: the first may still split histogram buckets after growth; the second is the steady state.
    // The jobs run here, on the same metered emulator (at 100,000 users the embedded emulator, which scans the
    // collection for every count, takes longer than the API function's 30 s timeout allows the admin route).
    const firstRebuild = await metered(firestore, () => runJob("leaderboards", jobContext));
    const rebuild = await metered(firestore, () => runJob("leaderboards", jobContext));
    // Warm the instance's board cache, as on a serving instance (a cold instance reads the board: +1).
    await call(base, "/leaderboard?period=weekly");

    probes.changing = await newProbe();
    probes.idle = await newProbe();
    const changing = await metered(firestore, async () => {
      for (let i = 0; i < 10; i++) {
        const p = probes.changing;
        p.xp += 5;
        await call(base, "/sync", { method: "POST", headers: { authorization: `Bearer ${p.userId}` }, body: { data: {}, device: { deviceId: p.deviceId, earned: { xp: p.xp }, localDate: today, activeDays: [today] } } });
      }
    }, 10);
    const idleBody = { data: {}, device: { deviceId: probes.idle.deviceId, earned: { xp: probes.idle.xp }, localDate: today, activeDays: [today] } };
    await call(base, "/sync", { method: "POST", headers: { authorization: `Bearer ${probes.idle.userId}` }, body: idleBody });
    const idle = await metered(firestore, async () => {
      for (let i = 0; i < 10; i++) await call(base, "/sync", { method: "POST", headers: { authorization: `Bearer ${probes.idle.userId}` }, body: idleBody });
    }, 10);
    const me = {};
    for (const where of ["top", "middle", "bottom"]) {
      me[where] = await metered(firestore, () => call(base, "/leaderboard?period=weekly", { headers: { authorization: `Bearer ${probes[where].userId}` } }));
    }
    const placeOfMiddle = (await call(base, "/leaderboard?period=weekly", { headers: { authorization: `Bearer ${probes.middle.userId}` } })).me;
    const around = await metered(firestore, () => call(base, `/leaderboard?period=weekly&around=${probes.middle.anonymousId}`));

    // Expired users for the purge: EXPIRED_PER_SIZE at each size, deleted in pages of 500.
    const expiredStart = 10_000_000 + expiredSeeded;
    await seedUsers(db, expiredStart, expiredStart + EXPIRED_PER_SIZE, keys, past);
    expiredSeeded += EXPIRED_PER_SIZE;
    let purgeSummary;
    const purge = await metered(firestore, async () => {
      purgeSummary = await runJob("retention", jobContext);
    });

    // The operator's view: the daily stats job (its count() aggregations grow with users, once a day) and the
    // request that reads what it wrote (flat).
    const statsJob = await metered(firestore, () => runJob("stats", jobContext));
    const statsRequest = await metered(firestore, () => call(base, "/admin/stats", { headers: admin }));

    const f = (o, per = 1) => `${fmtN(o.reads / per)} r, ${fmtN(o.writes / per)} w${o.deletes ? `, ${fmtN(o.deletes / per)} d` : ""}${o.aggregations ? `, ${fmtN(o.aggregations / per)} count()` : ""}`;
    rows.push({
      users: size.toLocaleString("en-US"),
      "seed s": seedSeconds.toFixed(0),
      "sync changing": f(changing),
      "sync idle": f(idle),
      "me top": f(me.top),
      "me middle": `${f(me.middle)} (${placeOfMiddle.exact ? "exact" : "≈"} #${placeOfMiddle.rank})`,
      "me bottom": f(me.bottom),
      "around=": f(around),
      "rebuild (3 boards)": `${f(rebuild)}; first after growth ${fmtN(firstRebuild.reads)} r`,
      // Every page is one query of at most 500 ids and their deletes; the last one of each collection finds fewer.
      [`purge of ${EXPIRED_PER_SIZE} expired`]: `${f(purge)} in ${purgeSummary.pages} pages`,
      "stats job (daily)": f(statsJob),
      "GET /admin/stats": f(statsRequest),
    });
    log(`growth: ${size} users measured (seeding took ${seedSeconds.toFixed(0)} s)`);
  }
  // At the largest size: p50 of an idle sync next to /health, interleaved, in the same run (idle installs taking
  // turns, each well under its per-user limit; each made its first sync already).
  const idlers = [];
  for (let i = 0; i < Math.ceil(requests / 8); i++) idlers.push(await newProbe());
  const idleBodyOf = (p) => ({ data: {}, device: { deviceId: p.deviceId, earned: { xp: p.xp }, localDate: today, activeDays: [today] } });
  const timing = await latencies(
    base,
    {
      health: () => call(base, "/health"),
      "idle sync": (i) => {
        const p = idlers[i % idlers.length];
        return call(base, "/sync", { method: "POST", headers: { authorization: `Bearer ${p.userId}` }, body: idleBodyOf(p) });
      },
    },
    requests,
  );
  await db.terminate();
  return { rows, timing };
}

const fmtN = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

module.exports = { growthTable };
