/**
 * Gives the embedded Firestore emulator (@firestore-emulator/server) the query cursors and offsets it ignores.
 *
 * That emulator sorts and filters a structured query and applies its limit, but silently drops `start_at`,
 * `end_at` and `offset`, and does not order by `__name__`, neither when asked nor implicitly (Firestore orders
 * every query by `__name__` last, in the direction of the last order, so ties come in one stable order and
 * a cursor on a document continues right after it); real Firestore honours all of them. It also returned
 * documents without an orderBy field (sorted last); Firestore's orderBy filters for the field's existence. The leaderboard's
 * neighbour queries page from a position (`startAfter(xp, anonymousId)`), so this wraps the emulator's query
 * evaluation: it lets the emulator filter and sort without a limit, re-sorts stably by the full `order_by`
 * (document name included), then applies the cursors, the offset and the limit, as Firestore does. Values are
 * compared in Firestore's cross-type order (null < booleans < numbers < timestamps < strings < bytes < references).
 */
"use strict";

const ASCENDING = 1;
const NAME = "__name__";

/** A Value (proto or the emulator's own `toV1ValueObject()`) as [type rank, comparable]. */
function comparable(value) {
  const has = (key) => (typeof value[`has_${key}`] === "boolean" ? value[`has_${key}`] : value[key] !== undefined);
  if (has("null_value")) return [0, 0];
  if (has("boolean_value")) return [1, value.boolean_value ? 1 : 0];
  if (has("integer_value")) return [2, Number(value.integer_value)];
  if (has("double_value")) return [2, Number(value.double_value)];
  if (has("timestamp_value")) return [3, Number(value.timestamp_value.seconds) * 1e9 + Number(value.timestamp_value.nanos ?? 0)];
  if (has("string_value")) return [4, value.string_value];
  if (has("bytes_value")) return [5, Buffer.from(value.bytes_value).toString("hex")];
  if (has("reference_value")) return [6, value.reference_value];
  throw new Error("query-cursors: a cursor or order value of an unsupported type");
}

function compareValues(a, b) {
  const [ta, va] = comparable(a);
  const [tb, vb] = comparable(b);
  if (ta !== tb) return ta - tb;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

const INEQUALITIES = new Set([1, 2, 3, 4, 6, 10]); // <, <=, >, >=, !=, not-in

/** The fields of the query's inequality filters, in the order written. */
function inequalityFields(where) {
  if (!where) return [];
  if (where.has_field_filter) return INEQUALITIES.has(where.field_filter.op) ? [where.field_filter.field.field_path] : [];
  if (where.has_composite_filter) return where.composite_filter.filters.flatMap(inequalityFields);
  return [];
}

/**
 * The query's full order, as Firestore completes it (v1 StructuredQuery.order_by): the explicit orders; with none,
 * the inequality-filtered fields ascending; then `__name__` in the direction of the last order (ascending if none).
 * So documents that tie on the written orders still come in one stable order, which cursors rely on.
 */
function fullOrder(query) {
  const orders = query.order_by.map((o) => ({ path: o.field.field_path, sign: o.direction === ASCENDING ? 1 : -1 }));
  if (orders.length === 0) for (const path of new Set(inequalityFields(query.has_where ? query.where : undefined))) orders.push({ path, sign: 1 });
  if (!orders.some((o) => o.path === NAME)) orders.push({ path: NAME, sign: orders.length > 0 ? orders[orders.length - 1].sign : 1 });
  return orders;
}

function addQueryCursors(firestoreServer) {
  const state = firestoreServer.state;
  const original = state.v1Query.bind(state);
  state.v1Query = (parent, query) => {
    // The emulator evaluates the query without its bounds (set aside and put back: a copy of the message would
    // not keep its filters), then the bounds are applied here.
    const bounds = { start_at: query.start_at, end_at: query.end_at, offset: query.offset, limit: query.limit };
    const hasStart = query.has_start_at;
    const hasEnd = query.has_end_at;
    const hasLimit = query.has_limit;
    query.start_at = undefined;
    query.end_at = undefined;
    query.offset = 0;
    query.limit = undefined;
    let all;
    try {
      all = original(parent, query);
    } finally {
      if (hasStart) query.start_at = bounds.start_at;
      if (hasEnd) query.end_at = bounds.end_at;
      query.offset = bounds.offset;
      if (hasLimit) query.limit = bounds.limit;
    }
    const orders = fullOrder(query);
    const valueOf = (doc, path) => {
      if (path === NAME) return { reference_value: doc.getPath() };
      const field = doc.getField(path);
      return field ? field.toV1ValueObject() : undefined;
    };
    const compareKeys = ([ta, va], [tb, vb]) => (ta !== tb ? ta - tb : va < vb ? -1 : va > vb ? 1 : 0);
    // An orderBy also filters for the field's existence (the emulator returned such documents, sorted last).
    const ordered = query.order_by.map((o) => o.field.field_path).filter((path) => path !== NAME);
    // Each document's sort key is computed once (a query may sort thousands of documents, a count() too).
    let rows = all
      .filter((doc) => ordered.every((path) => doc.getField(path) !== undefined))
      .map((doc) => ({ doc, keys: orders.map(({ path }) => comparable(valueOf(doc, path))) }));
    rows.sort((a, b) => {
      for (let i = 0; i < orders.length; i++) {
        const c = compareKeys(a.keys[i], b.keys[i]) * orders[i].sign;
        if (c !== 0) return c;
      }
      return 0;
    });
    /** A row against a cursor's values, in the query's order: < 0 before it, 0 at it, > 0 after it. */
    const againstCursor = (row, values) => {
      for (let i = 0; i < values.length; i++) {
        const c = compareKeys(row.keys[i], comparable(values[i])) * orders[i].sign;
        if (c !== 0) return c;
      }
      return 0;
    };
    if (query.has_start_at) {
      const { values, before } = query.start_at;
      rows = rows.filter((row) => (before ? againstCursor(row, values) >= 0 : againstCursor(row, values) > 0));
    }
    if (query.has_end_at) {
      const { values, before } = query.end_at;
      rows = rows.filter((row) => (before ? againstCursor(row, values) < 0 : againstCursor(row, values) <= 0));
    }
    let docs = rows.map((row) => row.doc);
    if (query.offset > 0) docs = docs.slice(query.offset);
    if (query.has_limit) docs = docs.slice(0, query.limit.value);
    return docs;
  };
}

module.exports = { addQueryCursors, compareValues };
