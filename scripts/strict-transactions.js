/**
 * Gives the embedded Firestore emulator (@firestore-emulator/server) the transaction isolation it lacks.
 *
 * That emulator hands every transaction the same dummy id and commits whatever it is sent, so two concurrent
 * read-modify-write transactions silently lose one update — which real Firestore never allows. This wraps its
 * gRPC handlers with optimistic concurrency control: each transaction gets its own id, the versions of the
 * documents it reads are recorded, and its commit is refused with ABORTED (gRPC code 10) if any of them was
 * written since. The Admin SDK then retries the transaction, as it does against real Firestore. The check and the
 * emulator's own commit run in one synchronous step, so nothing can slip in between.
 */
"use strict";
const { randomBytes } = require("node:crypto");
const proto = require("@firestore-emulator/proto/dist/google/firestore/v1/firestore");

const SERVICE = "/google.firestore.v1.Firestore/";
const ABORTED = 10;

function enforceTransactions(firestoreServer) {
  const handlers = firestoreServer.server.handlers;
  /** Per document name, how many commits have written it (0 = never). */
  const versions = new Map();
  /** Per transaction id (hex), the version of each document it read. */
  const reads = new Map();
  const versionOf = (name) => versions.get(name) ?? 0;
  const newId = () => Uint8Array.from(randomBytes(12));
  const hex = (bytes) => Buffer.from(bytes).toString("hex");

  const wrap = (method, makeFunc) => {
    const handler = handlers.get(SERVICE + method);
    const original = handler.func;
    handler.func = makeFunc(original);
  };

  wrap("BeginTransaction", (original) => (call, callback) => {
    original(call, (error, _response) => {
      if (error) return callback(error);
      const id = newId();
      reads.set(hex(id), new Map());
      callback(null, proto.BeginTransactionResponse.fromObject({ transaction: id }));
    });
  });

  wrap("BatchGetDocuments", (original) => (call) => {
    let txId = call.request.has_transaction ? hex(call.request.transaction) : undefined;
    const write = call.write.bind(call);
    call.write = (message, ...rest) => {
      if (call.request.has_new_transaction && message.transaction && message.transaction.length > 0 && !txId) {
        const id = newId();
        txId = hex(id);
        reads.set(txId, new Map());
        return write(proto.BatchGetDocumentsResponse.fromObject({ transaction: id }), ...rest);
      }
      const name = message.has_found ? message.found.name : message.missing;
      if (txId && name) reads.get(txId)?.set(name, versionOf(name));
      return write(message, ...rest);
    };
    return original(call);
  });

  wrap("Commit", (original) => (call, callback) => {
    const txId = call.request.transaction && call.request.transaction.length > 0 ? hex(call.request.transaction) : undefined;
    const seen = txId ? reads.get(txId) : undefined;
    if (txId) reads.delete(txId);
    if (seen) {
      for (const [name, version] of seen) {
        if (versionOf(name) !== version) {
          return callback({ code: ABORTED, message: `transaction aborted: ${name} changed since it was read` });
        }
      }
    }
    return original(call, (error, response) => {
      if (!error) {
        for (const w of call.request.writes) {
          const name = w.has_delete ? w.delete : w.update.name;
          versions.set(name, versionOf(name) + 1);
        }
      }
      callback(error, response);
    });
  });

  wrap("Rollback", (original) => (call, callback) => {
    if (call.request.transaction) reads.delete(hex(call.request.transaction));
    return original(call, callback);
  });
}

/**
 * The same emulator applies a `set()` without merge as a merge of top-level fields, so a field the new document
 * no longer has survives. Real Firestore replaces the whole document; so does this, for writes that carry no
 * update mask and no precondition (a plain `set()`).
 */
function replaceOnSet(firestoreServer) {
  const state = firestoreServer.state;
  const original = state.writeV1Document.bind(state);
  state.writeV1Document = (date, write) => {
    if (write.has_update && !write.has_update_mask && !write.has_current_document) {
      const document = state.getDocument(write.update.name);
      if (document.metadata.hasExist) document.fields = {};
    }
    return original(date, write);
  };
}

module.exports = { enforceTransactions, replaceOnSet };
