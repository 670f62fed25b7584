#!/usr/bin/env node
/**
 * Resident memory of the API under a flood of distinct client addresses (docs/security.md, "A flood of new
 * addresses"): the app runs alone in a child process with the production settings (scripts/bench/flood-server.js);
 * this sends it pairing claims — each one a window in the per-IP rule and in the hourly claim rules, which do not
 * expire during the flood — from 400,000 distinct IPv4 clients through two emulated proxy hops, and reads the
 * child's resident set size (RSS) and heap at 10,000 / 100,000 / 400,000 addresses. The function is deployed with
 * 256 MiB and the node options of functions/.env, which the child gets too. `npm run bench` prints it; `node scripts/bench/memory-flood.js` runs it alone (after `npm run build`).
 */
"use strict";
const { fork } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const MILESTONES = (process.env.BENCH_FLOOD ?? "10000,100000,400000").split(",").map(Number);
const CONCURRENCY = 32;
const MB = 1024 * 1024;

function ask(child, message) {
  return new Promise((resolve) => {
    child.once("message", resolve);
    child.send(message);
  });
}

/** One claim from client `i` (a distinct IPv4 address), through one of 8 CDN nodes; resolves with the status. */
function claim(port, agent, i) {
  const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const body = JSON.stringify({ code: "PC-2222-2222" });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/v1/pairing/claim",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-forwarded-for": `${client}, 130.211.0.${i % 8}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function deployedNodeOptions() {
  const env = fs.readFileSync(path.join(__dirname, "../../functions/.env"), "utf8");
  const match = /^NODE_OPTIONS=(.*)$/m.exec(env);
  return match ? match[1].trim().split(/\s+/) : [];
}

async function memoryFlood() {
  // The node options the deployed function runs with (functions/.env), so the figures are the instance's.
  const execArgv = deployedNodeOptions();
  const child = fork(path.join(__dirname, "flood-server.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"], execArgv });
  try {
    const { port } = await new Promise((resolve) => child.once("message", resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const mib = (bytes) => `${(bytes / MB).toFixed(0)} MiB`;
    const before = await ask(child, "memory");
    const row = (addresses, memory, statuses) => ({
      "distinct addresses": addresses,
      RSS: mib(memory.rss),
      "heap used / total": `${mib(memory.heapUsed)} / ${mib(memory.heapTotal)}`,
      external: mib(memory.external),
      statuses,
    });
    const rows = [row(0, before, "")];
    let sent = 0;
    for (const milestone of MILESTONES) {
      const statuses = {};
      const worker = async () => {
        while (sent < milestone) {
          const status = await claim(port, agent, sent++);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const memory = await ask(child, "memory");
      rows.push(row(milestone, memory, Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(" ")));
    }
    agent.destroy();
    return rows;
  } finally {
    child.kill();
  }
}

module.exports = { memoryFlood };

if (require.main === module) {
  memoryFlood().then((rows) => {
    console.log("\nResident memory of the API under a flood of distinct client addresses (pairing claims; 256 MiB deployed)");
    console.table(rows);
  });
}
