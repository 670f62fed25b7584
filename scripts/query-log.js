/**
 * For the index test (functions/test/integration/firestore-indexes.test.ts): when FIRESTORE_QUERY_LOG names a
 * file, the embedded emulator appends one JSON line per query it evaluates — collection, filters, order, limit —
 * so a test can check every query the code really ran against firestore.indexes.json (the emulator itself, like
 * every emulator, enforces no index).
 */
"use strict";
const fs = require("node:fs");

const OPERATORS = { 1: "<", 2: "<=", 3: ">", 4: ">=", 5: "==", 6: "!=", 7: "array-contains", 8: "in", 9: "array-contains-any", 10: "not-in" };

function filtersOf(where) {
  if (!where) return [];
  if (where.has_field_filter) {
    return [{ field: where.field_filter.field.field_path, op: OPERATORS[where.field_filter.op] ?? String(where.field_filter.op) }];
  }
  if (where.has_composite_filter) return where.composite_filter.filters.flatMap(filtersOf);
  if (where.has_unary_filter) return [{ field: where.unary_filter.field.field_path, op: "unary" }];
  return [];
}

function logQueries(firestoreServer, file) {
  const state = firestoreServer.state;
  const original = state.v1Query.bind(state);
  state.v1Query = (parent, query) => {
    const entry = {
      collection: query.from[0] && query.from[0].collection_id,
      filters: query.has_where ? filtersOf(query.where) : [],
      orderBy: query.order_by.map((o) => ({ field: o.field.field_path, direction: o.direction === 2 ? "DESCENDING" : "ASCENDING" })),
      limit: query.has_limit ? query.limit.value : null,
    };
    fs.appendFileSync(file, JSON.stringify(entry) + "\n");
    return original(parent, query);
  };
}

module.exports = { logQueries };
