/**
 * The embedded Firestore emulator, in this process, with a meter on its gRPC handlers: it counts billable
 * operations the way Firestore bills them (a document read per document returned or looked up, at least one per
 * query; one read per 1,000 index entries a count() matches, at least one; one write or delete per document
 * written), and how many index entries the count() aggregations matched. Bench only.
 */
"use strict";
const { FirestoreServer } = require("@firestore-emulator/server");
const { enforceTransactions, replaceOnSet } = require("../strict-transactions");
const { addQueryCursors } = require("../query-cursors");
const { fastInserts } = require("../fast-inserts");

const SERVICE = "/google.firestore.v1.Firestore/";

function startCountingFirestore(port) {
  const firestore = new FirestoreServer();
  enforceTransactions(firestore);
  replaceOnSet(firestore);
  addQueryCursors(firestore);
  fastInserts(firestore);
  const counts = { reads: 0, writes: 0, deletes: 0, queries: 0, aggregations: 0, aggregatedEntries: 0 };
  // grpc-js keeps one handler per method path; wrap the four that cost money.
  const handlers = firestore.server.handlers;
  const wrap = (method, meter) => {
    const handler = handlers.get(SERVICE + method);
    const original = handler.func;
    handler.func = (call, callback) => {
      meter(call);
      return original(call, callback);
    };
  };
  const countStream = (call, perMessage) => {
    const write = call.write.bind(call);
    let messages = 0;
    call.write = (message, ...rest) => {
      messages += perMessage(message);
      return write(message, ...rest);
    };
    call.once("finish", () => (counts.reads += Math.max(1, messages)));
  };
  wrap("BatchGetDocuments", (call) => countStream(call, (m) => (m.found || m.missing ? 1 : 0)));
  wrap("RunQuery", (call) => {
    counts.queries += 1;
    countStream(call, (m) => (m.document ? 1 : 0));
  });
  wrap("RunAggregationQuery", (call) => {
    counts.queries += 1;
    counts.aggregations += 1;
    // A count() is billed one read per 1,000 index entries it matches (at least one).
    countStream(call, (m) => {
      if (!m.result) return 0;
      const fields = m.result.aggregate_fields;
      const values = fields instanceof Map ? [...fields.values()] : Object.values(fields || {});
      const matched = Math.max(0, ...values.map((v) => Number(v.integer_value || 0)));
      counts.aggregatedEntries += matched;
      return Math.max(1, Math.ceil(matched / 1000));
    });
  });
  wrap("Commit", (call) => {
    for (const write of call.request.writes) {
      if (write.has_delete) counts.deletes += 1;
      else counts.writes += 1;
    }
  });
  return firestore.start(port).then(() => ({
    host: `127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    stop: () => firestore.stop(),
  }));
}

module.exports = { startCountingFirestore };
