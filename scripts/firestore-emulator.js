#!/usr/bin/env node
/**
 * The embedded Firestore emulator: @firestore-emulator/server (a Node implementation of Firestore's gRPC API)
 * on 127.0.0.1:<port>. Used by `npm start` and the tests where the official emulator (Java) is not available.
 * Its transactions are made isolated (optimistic concurrency, see strict-transactions.js), as real Firestore's are,
 * a plain `set()` replaces the document, and query cursors and offsets work (query-cursors.js), as in real
 * Firestore. With FIRESTORE_QUERY_LOG set, every query is logged to that file for the index test (query-log.js).
 * Prints one line `firestore-emulator ready on <host:port>` when it accepts connections; stops on SIGINT/SIGTERM.
 *
 * Usage: node scripts/firestore-emulator.js [port]   (port 0 picks a free one)
 */
"use strict";
const { freePort } = require("./free-port");
const { FirestoreServer } = require("@firestore-emulator/server");
const { enforceTransactions, replaceOnSet } = require("./strict-transactions");
const { addQueryCursors } = require("./query-cursors");
const { fastInserts } = require("./fast-inserts");
const { logQueries } = require("./query-log");

async function main() {
  const requested = Number(process.argv[2] ?? process.env.FIRESTORE_PORT ?? 8080);
  const port = requested === 0 ? await freePort() : requested;
  const server = new FirestoreServer();
  enforceTransactions(server);
  replaceOnSet(server);
  addQueryCursors(server);
  fastInserts(server);
  if (process.env.FIRESTORE_QUERY_LOG) logQueries(server, process.env.FIRESTORE_QUERY_LOG);
  await server.start(port);
  process.stdout.write(`firestore-emulator ready on 127.0.0.1:${port}\n`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Die with the parent: a test runner or launcher that is killed must not leave the port taken.
  process.on("disconnect", stop);
}

main().catch((error) => {
  process.stderr.write(`firestore-emulator failed: ${error && error.message}\n`);
  process.exit(1);
});
