/**
 * Which logged queries (scripts/query-log.js) firestore.indexes.json does not serve, by Firestore's rules:
 *   - equality filters only, no order: served by the automatic single-field indexes (merged), unless a field's
 *     override removes them;
 *   - one field in all (filters and order): its single-field index, ascending or descending as ordered, unless
 *     an override removes it;
 *   - anything else needs a composite index: the equality fields (any order), then the inequality/order fields
 *     exactly as the query orders them (an inequality without an order: that field, either direction). The
 *     trailing `__name__` order the SDK adds is implicit in every index.
 * No emulator enforces indexes, so this is the check that a deployment will not answer FAILED_PRECONDITION.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const INDEXES = path.resolve(__dirname, "../../../firestore.indexes.json");
const EQUALITY = new Set(["==", "in", "array-contains", "array-contains-any"]);

function loadIndexes(file = INDEXES) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The single-field indexes of `field` in `collection`: the override's list when there is one, else both orders. */
function singleFieldOrders(config, collection, field) {
  const override = (config.fieldOverrides ?? []).find((o) => o.collectionGroup === collection && o.fieldPath === field);
  if (!override) return ["ASCENDING", "DESCENDING"];
  return (override.indexes ?? []).filter((i) => (i.queryScope ?? "COLLECTION") === "COLLECTION" && i.order).map((i) => i.order);
}

/** Why `query` is not served, or `null` when it is. */
function whyUnserved(query, config) {
  const orders = query.orderBy.filter((o) => o.field !== "__name__");
  const equalities = query.filters.filter((f) => EQUALITY.has(f.op)).map((f) => f.field);
  const ranges = [...new Set(query.filters.filter((f) => !EQUALITY.has(f.op)).map((f) => f.field))];
  const fields = new Set([...equalities, ...ranges, ...orders.map((o) => o.field)]);
  if (fields.size === 0) return null;

  if (orders.length === 0 && ranges.length === 0) {
    const missing = equalities.filter((f) => singleFieldOrders(config, query.collection, f).length === 0);
    return missing.length === 0 ? null : `equality on ${missing.join(", ")}, whose single-field index is exempted`;
  }
  if (fields.size === 1) {
    const [field] = fields;
    const wanted = orders[0]?.direction;
    const available = singleFieldOrders(config, query.collection, field);
    return (wanted ? available.includes(wanted) : available.length > 0) ? null : `${field}: no single-field ${wanted ?? ""} index`.replace("  ", " ");
  }

  if (ranges.length > 1) return `inequalities on several fields (${ranges.join(", ")})`;
  const tail = orders.length > 0 ? orders : ranges.map((field) => ({ field, direction: null }));
  if (ranges.length === 1 && tail[0].field !== ranges[0]) return `the inequality field ${ranges[0]} is not ordered first`;
  const eq = [...new Set(equalities)].filter((f) => !tail.some((t) => t.field === f));
  const served = (config.indexes ?? []).some((index) => {
    if (index.collectionGroup !== query.collection || (index.queryScope ?? "COLLECTION") !== "COLLECTION") return false;
    const indexFields = index.fields.filter((f) => f.fieldPath !== "__name__");
    if (indexFields.length !== eq.length + tail.length) return false;
    const head = new Set(indexFields.slice(0, eq.length).map((f) => f.fieldPath));
    if (!eq.every((f) => head.has(f))) return false;
    return tail.every((t, i) => {
      const f = indexFields[eq.length + i];
      return f.fieldPath === t.field && (t.direction === null || f.order === t.direction);
    });
  });
  return served ? null : `no composite index (${[...eq.map((f) => `${f} ==`), ...tail.map((t) => `${t.field} ${t.direction ?? "range"}`)].join(", ")})`;
}

/** One line per distinct unserved query shape. */
function unservedQueries(queries, config = loadIndexes()) {
  const problems = new Map();
  for (const query of queries) {
    const why = whyUnserved(query, config);
    if (why) problems.set(JSON.stringify({ ...query, limit: undefined }), `${query.collection}: ${why} — ${JSON.stringify({ filters: query.filters, orderBy: query.orderBy })}`);
  }
  return [...problems.values()];
}

function readQueryLogs(files) {
  return files
    .filter((file) => fs.existsSync(file))
    .flatMap((file) => fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line)));
}

module.exports = { whyUnserved, unservedQueries, readQueryLogs, loadIndexes };
