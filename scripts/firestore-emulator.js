#!/usr/bin/env node
/**
 * The embedded Firestore emulator: @firestore-emulator/server (a Node implementation of Firestore's gRPC API)
 * on 127.0.0.1:<port>. Used by `npm start` and the tests where the official emulator (Java) is not available.
 * Its transactions are made isolated (optimistic concurrency, see strict-transactions.js), as real Firestore's are,
 * a plain `set()` replaces the document, commits are atomic, `FieldValue.delete()` and array transforms work
 * (write-semantics.js), query cursors, offsets and the implicit order by document name work and an orderBy filters for the
 * field's existence (query-cursors.js), and a projection returns only its fields (query-semantics.js), as in real Firestore: every one is a
 * case of the conformance suite (functions/test/conformance/), and every divergence is listed in
 * docs/architecture.md. The internals the patches rely on are checked first (emulator-internals.js). With FIRESTORE_QUERY_LOG set, every query is logged to that file for the index test (query-log.js).
 * Prints one line `firestore-emulator ready on <host:port>` when it accepts connections (with the port it got:
 * port 0 lets the system pick one while we bind, so no other process can take it between a probe and the bind);
 * stops on SIGINT/SIGTERM.
 *
 * Usage: node scripts/firestore-emulator.js [port]   (port 0 picks a free one and reports it)
 */
"use strict";
const { FirestoreServer } = require("@firestore-emulator/server");
const { enforceTransactions, replaceOnSet } = require("./strict-transactions");
const { addQueryCursors } = require("./query-cursors");
const { fastInserts } = require("./fast-inserts");
const { logQueries } = require("./query-log");
const { atomicCommits, completeTransforms, deleteMaskedFields } = require("./write-semantics");
const { projections } = require("./query-semantics");
const { checkPatchable } = require("./emulator-internals");

// The gRPC library the emulator's own server was built with (credentials must come from the same copy).
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@firestore-emulator/server")] }));

/** Binds the emulator's gRPC server on 127.0.0.1 and resolves with the port it actually got. */
function bind(server, port) {
  return new Promise((resolve, reject) => {
    server.server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}

/** Every patch, in the order they wrap each other (the innermost first). */
function patchToFirestoreSemantics(server) {
  atomicCommits(server);
  enforceTransactions(server);
  replaceOnSet(server);
  completeTransforms(server);
  deleteMaskedFields(server);
  addQueryCursors(server);
  projections(server);
  fastInserts(server);
}

async function main() {
  const requested = Number(process.argv[2] ?? process.env.FIRESTORE_PORT ?? 8080);
  const server = new FirestoreServer();
  checkPatchable(server);
  patchToFirestoreSemantics(server);
  if (process.env.FIRESTORE_QUERY_LOG) logQueries(server, process.env.FIRESTORE_QUERY_LOG);
  const port = await bind(server, requested);
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
