/**
 * What our patches of @firestore-emulator/server (scripts/strict-transactions.js, query-cursors.js,
 * fast-inserts.js, query-log.js, write-semantics.js, query-semantics.js) rely on inside it. The package is pinned
 * to an exact version (package.json); a new version may move any of these, and a patch that silently stops
 * applying would make the emulator diverge from Firestore again. `checkPatchable` runs before the patches, at
 * every start of the emulator, and functions/test/unit/emulator-internals.test.ts checks it in `npm test`.
 */
"use strict";

const SERVICE = "/google.firestore.v1.Firestore/";
/** The gRPC handlers we wrap (their `func`). */
const HANDLERS = ["BeginTransaction", "BatchGetDocuments", "Commit", "Rollback", "RunQuery"];
/** The state methods we wrap or call. */
const STATE_METHODS = ["writeV1Document", "v1Query", "getCollection", "getDocument"];
/** Methods and fields of a document (and its collection) the patches call or replace. */
const DOCUMENT_METHODS = ["v1Transform", "getField", "getPath", "set", "update", "create", "delete"];

function checkPatchable(firestoreServer, { pinned, installed } = versions()) {
  const problems = [];
  if (pinned !== installed) problems.push(`installed version ${installed}, but package.json pins ${pinned}`);
  const handlers = firestoreServer.server && firestoreServer.server.handlers;
  if (!(handlers instanceof Map)) problems.push("server.server.handlers is not the gRPC server's handler map");
  else for (const name of HANDLERS) if (typeof handlers.get(SERVICE + name)?.func !== "function") problems.push(`no gRPC handler ${name} with a func`);
  const state = firestoreServer.state;
  for (const method of STATE_METHODS) if (typeof state?.[method] !== "function") problems.push(`state.${method} is not a function`);
  if (problems.length === 0) {
    const document = state.getDocument("projects/internals-check/databases/(default)/documents/probe/doc");
    for (const method of DOCUMENT_METHODS) if (typeof document?.[method] !== "function") problems.push(`a document has no ${method}()`);
    if (typeof document?.metadata?.hasExist !== "boolean") problems.push("a document has no metadata.hasExist");
    if (typeof document?.fields !== "object") problems.push("a document has no fields object");
    const collection = state.getCollection("projects/internals-check/databases/(default)/documents/probe");
    if (typeof Object.getPrototypeOf(collection)?.getDocument !== "function") problems.push("a collection has no getDocument()");
    if (typeof collection?.documents !== "object") problems.push("a collection has no documents object");
  }
  if (problems.length > 0) {
    throw new Error(
      `@firestore-emulator/server is not what scripts/ patch (${problems.join("; ")}). ` +
        "Pin the version the patches were written for, or update the patches and their conformance cases.",
    );
  }
}

function versions() {
  const pinned = require("../package.json").devDependencies["@firestore-emulator/server"];
  const installed = require("@firestore-emulator/server/package.json").version;
  return { pinned, installed };
}

module.exports = { checkPatchable, versions };
