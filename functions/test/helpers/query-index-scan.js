/**
 * Jest global setup/teardown: clears the query logs of the test emulators before the run, and afterwards fails
 * the run if any query the code ran (in any test) has no index in firestore.indexes.json (index-coverage.js).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { readQueryLogs, unservedQueries } = require("./index-coverage");

const QUERY_LOG_DIR = path.resolve(__dirname, "../../../.tmp/test-queries");

function setup() {
  fs.rmSync(QUERY_LOG_DIR, { recursive: true, force: true });
}

function teardown() {
  if (!fs.existsSync(QUERY_LOG_DIR)) return;
  const queries = readQueryLogs(fs.readdirSync(QUERY_LOG_DIR).map((name) => path.join(QUERY_LOG_DIR, name)));
  const problems = unservedQueries(queries);
  if (problems.length > 0) {
    throw new Error(`Queries that firestore.indexes.json does not serve:\n${problems.slice(0, 10).join("\n")}`);
  }
  process.stdout.write(`index scan: ${queries.length} queries of the run are served by firestore.indexes.json\n`);
}

module.exports = { setup, teardown };
