/**
 * Conformance, queries: every filter, order, bound and aggregation the code's queries use, with the answer
 * Firestore documents for it, checked on the embedded emulator. Tags in brackets: see emulator.ts. Sources: the
 * Node.js server SDK reference (Query) and the v1 API's StructuredQuery ("an orderBy also filters for existence
 * of the field", "offset applies after the other constraints, limit after all of them", projections).
 */
import { FieldPath, Timestamp } from "firebase-admin/firestore";
import { startConformanceStore, type ConformanceStore } from "./emulator";

let store: ConformanceStore;
let users: FirebaseFirestore.CollectionReference;

/** A small board: ids a..g, with scores, period keys, circles and names (one without a score, one opted out). */
const PEOPLE = [
  { id: "a", xp: 100, key: "2026-W48", optIn: true, name: "ash", circles: ["c1"], expireAt: 1_000 },
  { id: "b", xp: 60, key: "2026-W48", optIn: true, name: "birch", circles: ["c1", "c2"], expireAt: 2_000 },
  { id: "c", xp: 60, key: "2026-W48", optIn: true, name: "cedar", circles: ["c2"], expireAt: 3_000 },
  { id: "d", xp: 30, key: "2026-W48", optIn: false, name: "dogwood", circles: ["c1"], expireAt: 4_000 },
  { id: "e", xp: 10, key: "2026-W47", optIn: true, name: "elm", circles: [], expireAt: 5_000 },
  { id: "f", xp: 5, key: "2026-W48", optIn: true, name: "fir", circles: ["c1"], expireAt: 6_000 },
];

beforeAll(async () => {
  store = await startConformanceStore();
  users = store.collection();
  for (const { id, expireAt, ...rest } of PEOPLE) await users.doc(id).set({ ...rest, expireAt: Timestamp.fromMillis(expireAt) });
  // "g" has no xp field at all: any query ordered by xp must leave it out.
  await users.doc("g").set({ key: "2026-W48", optIn: true, name: "ginkgo", circles: ["c1"], expireAt: Timestamp.fromMillis(7_000) });
});
afterAll(async () => {
  await store.close();
});

const ids = (snapshot: FirebaseFirestore.QuerySnapshot) => snapshot.docs.map((d) => d.id);

describe("filters", () => {
  test("[where:==, where:>] without an orderBy, results come by document name; an inequality orders by its field first", async () => {
    expect(ids(await users.where("optIn", "==", true).get())).toEqual(["a", "b", "c", "e", "f", "g"]);
    expect(ids(await users.where("xp", ">", 20).get())).toEqual(["d", "b", "c", "a"]);
  });

  test("[where:==] == matches equal values only; two == filters are ANDed", async () => {
    expect(ids(await users.where("optIn", "==", true).where("key", "==", "2026-W48").get()).sort()).toEqual(["a", "b", "c", "f", "g"]);
  });

  test("[where:in] in matches any of up to 30 values", async () => {
    expect(ids(await users.where("name", "in", ["ash", "elm", "nobody"]).get()).sort()).toEqual(["a", "e"]);
  });

  test("[where:array-contains] array-contains matches documents whose array holds the value", async () => {
    expect(ids(await users.where("circles", "array-contains", "c2").get()).sort()).toEqual(["b", "c"]);
  });

  test("[where:>, where:>=, where:<, where:<=] range filters on numbers, bounds included or not as written", async () => {
    expect(ids(await users.where("xp", ">", 30).get()).sort()).toEqual(["a", "b", "c"]);
    expect(ids(await users.where("xp", ">=", 30).where("xp", "<", 100).get()).sort()).toEqual(["b", "c", "d"]);
    expect(ids(await users.where("xp", "<=", 10).get()).sort()).toEqual(["e", "f"]);
  });

  test("[where:>] a range filter on strings compares them in code-point order (the retention sweep's page on ids)", async () => {
    expect(ids(await users.where("name", ">", "dogwood").orderBy("name").get())).toEqual(["e", "f", "g"]);
  });

  test("[where:<=, Timestamp] a range filter on Timestamps compares instants", async () => {
    expect(ids(await users.where("expireAt", "<=", Timestamp.fromMillis(3_000)).orderBy("expireAt").get())).toEqual(["a", "b", "c"]);
  });
});

describe("order, limit, cursors and offsets", () => {
  test("[orderBy, orderBy:desc] orderBy sorts, ties broken by the next order; documents without the field are left out", async () => {
    const snapshot = await users.orderBy("xp", "desc").orderBy("name", "asc").get();
    expect(ids(snapshot)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(ids(await users.orderBy("xp").get())).toEqual(["f", "e", "d", "b", "c", "a"]);
  });

  test("[limit] limit returns the first n in the query's order, after the filters", async () => {
    const snapshot = await users.where("circles", "array-contains", "c1").where("key", "==", "2026-W48").orderBy("xp", "desc").limit(2).get();
    expect(ids(snapshot)).toEqual(["a", "b"]);
  });

  test("[cursor:startAfter] startAfter(values) starts right after that position of the full order", async () => {
    const after = await users.orderBy("xp", "desc").orderBy("name", "asc").startAfter(60, "birch").limit(2).get();
    expect(ids(after)).toEqual(["c", "d"]);
    const above = await users.orderBy("xp", "asc").orderBy("name", "desc").startAfter(60, "birch").get();
    expect(ids(above)).toEqual(["a"]);
  });

  test("[cursor:startAfter, orderBy:desc] ties come in document-name order (in the last order's direction), and startAfter(a document) continues right after it", async () => {
    // b and c tie at 60: "ORDER BY xp DESC" is "ORDER BY xp DESC, __name__ DESC", so c comes first.
    const query = users.orderBy("xp", "desc").limit(2);
    const first = await query.get();
    expect(ids(first)).toEqual(["a", "c"]);
    const second = await query.startAfter(first.docs[1]).get();
    expect(ids(second)).toEqual(["b", "d"]);
    expect(ids(await query.startAfter(second.docs[1]).get())).toEqual(["e", "f"]);
  });

  test("[cursor:startAt, cursor:endBefore] startAt includes the position, endBefore excludes its end", async () => {
    expect(ids(await users.orderBy("xp").startAt(10).endBefore(60).get())).toEqual(["e", "d"]);
  });

  test("[FieldPath.documentId, orderBy:desc, cursor:startAfter, limit] ordering by the document id pages by id, and startAfter(an id) continues right after it (the audit log's newest-first pages)", async () => {
    const byId = users.orderBy(FieldPath.documentId(), "desc");
    expect(ids(await byId.limit(3).get())).toEqual(["g", "f", "e"]);
    expect(ids(await byId.startAfter("e").limit(3).get())).toEqual(["d", "c", "b"]);
    // An id that names no document is still a position in the order.
    expect(ids(await byId.startAfter("bb").get())).toEqual(["b", "a"]);
  });

  test("[offset] offset skips that many results before the limit applies", async () => {
    expect(ids(await users.orderBy("xp", "desc").orderBy("name").offset(2).limit(2).get())).toEqual(["c", "d"]);
  });
});

describe("aggregation and projection", () => {
  test("[count] count() counts the documents matching the filters, without reading them", async () => {
    const count = async (query: FirebaseFirestore.Query) => (await query.count().get()).data().count;
    expect(await count(users.where("circles", "array-contains", "c1"))).toBe(5);
    expect(await count(users.where("optIn", "==", true).where("key", "==", "2026-W48").where("xp", ">=", 60).where("xp", "<", 100))).toBe(2);
    expect(await count(users.where("circles", "array-contains", "none"))).toBe(0);
  });

  test("[select] select(fields) returns only those fields", async () => {
    const snapshot = await users.where("name", "==", "ash").select("name", "xp").get();
    expect(snapshot.docs.map((d) => d.data())).toEqual([{ name: "ash", xp: 100 }]);
  });

  test("[select:none] select() with no field returns the documents' ids only", async () => {
    const snapshot = await users.where("expireAt", "<=", Timestamp.fromMillis(2_000)).orderBy("expireAt").select().get();
    expect(snapshot.docs.map((d) => [d.id, d.data()])).toEqual([["a", {}], ["b", {}]]);
  });
});
