/**
 * Jest global setup/teardown: clears the captured log lines before the run, and afterwards fails the run if any
 * reply of a test app did not match its declared schema, or if any line the app logged carries a UUID (every
 * userId and deviceId is one), an admin or API key, or an IP address.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const LOG_DIR = path.resolve(__dirname, "../../../.tmp/test-logs");
const FORBIDDEN = [
  ["a UUID (userId or deviceId)", /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ["an admin key", /test-admin-key|local-admin-key/],
  ["an API key", /challenge-key-123/],
  ["an IPv4 address", /\b(?:\d{1,3}\.){3}\d{1,3}\b/],
  ["an IPv6 address", /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b|::1|::ffff:/i],
];

function setup() {
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
}

const MISMATCHES = "response-mismatches.txt";

function teardown() {
  if (!fs.existsSync(LOG_DIR)) return;
  // Every test app checks each reply against its route's declared schema (helpers/log-capture.ts).
  const mismatches = path.join(LOG_DIR, MISMATCHES);
  if (fs.existsSync(mismatches)) {
    throw new Error(`Replies that do not match their declared schemas:\n${fs.readFileSync(mismatches, "utf8")}`);
  }
  let lines = 0;
  const problems = [];
  for (const file of fs.readdirSync(LOG_DIR).filter((name) => name !== MISMATCHES)) {
    for (const line of fs.readFileSync(path.join(LOG_DIR, file), "utf8").split("\n").filter(Boolean)) {
      lines += 1;
      for (const [what, pattern] of FORBIDDEN) if (pattern.test(line)) problems.push(`${what} in: ${line}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`The app logged what it must never log:\n${problems.slice(0, 10).join("\n")}`);
  }
  process.stdout.write(`log scan: ${lines} log lines of the run hold no userId, key or IP\n`);
}

module.exports = { setup, teardown };
