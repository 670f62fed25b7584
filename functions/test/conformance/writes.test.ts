/**
 * Conformance, writes and transactions: what Firestore documents for each write the code makes, checked on the
 * embedded emulator by reading back. Tags in brackets: see emulator.ts. Sources: the Node.js server SDK reference
 * (DocumentReference, WriteBatch, Transaction, FieldValue) and the v1 API's Write / Precondition / Commit.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { startConformanceStore, stored, type ConformanceStore } from "./emulator";

let store: ConformanceStore;
beforeAll(async () => {
  store = await startConformanceStore();
});
afterAll(async () => {
  await store.close();
});

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

describe("field transforms", () => {
  test("[FieldValue.delete, update] update() with FieldValue.delete() removes the field and keeps the others", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ circles: ["c1"], xp: 60 });
    await ref.update({ circles: FieldValue.delete() });
    expect(await stored(ref)).toEqual({ xp: 60 });
  });

  test("[FieldValue.delete, transaction:update] FieldValue.delete() in a transaction's update() removes the field; queries no longer match it", async () => {
    const users = store.collection();
    await users.doc("a").set({ circles: ["c1"], xp: 60 });
    await users.doc("b").set({ circles: ["c1"], xp: 30 });
    await store.db.runTransaction(async (tx) => {
      await tx.get(users.doc("a"));
      tx.update(users.doc("a"), { circles: FieldValue.delete() });
    });
    expect(await stored(users.doc("a"))).toEqual({ xp: 60 });
    const top = await users.where("circles", "array-contains", "c1").orderBy("xp", "desc").limit(1).get();
    expect(top.docs.map((d) => d.id)).toEqual(["b"]);
  });

  test("[FieldValue.delete, set:merge] set(..., { merge: true }) with FieldValue.delete() removes the field", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ circles: ["c1"], xp: 60 });
    await ref.set({ circles: FieldValue.delete(), name: "n" }, { merge: true });
    expect(await stored(ref)).toEqual({ xp: 60, name: "n" });
  });

  test("[FieldValue.increment] increment adds to a number, and starts from 0 on a missing field", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ xp: 5 });
    await ref.update({ xp: FieldValue.increment(3), other: FieldValue.increment(2) });
    expect(await stored(ref)).toEqual({ xp: 8, other: 2 });
  });

  test("[FieldValue.arrayUnion] arrayUnion appends the missing elements only; on a missing field it sets them", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ list: ["a", "b"] });
    await ref.update({ list: FieldValue.arrayUnion("b", "c"), fresh: FieldValue.arrayUnion("x") });
    expect(await stored(ref)).toEqual({ list: ["a", "b", "c"], fresh: ["x"] });
  });

  test("[FieldValue.arrayRemove] arrayRemove removes every instance; on a missing field it sets an empty array", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ list: ["a", "b", "a", "c"] });
    await ref.update({ list: FieldValue.arrayRemove("a"), fresh: FieldValue.arrayRemove("x") });
    expect(await stored(ref)).toEqual({ list: ["b", "c"], fresh: [] });
  });

  test("[FieldValue.serverTimestamp] serverTimestamp() stores the commit time as a Timestamp, beside other transforms", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ n: 1 });
    const before = Date.now();
    await ref.update({ at: FieldValue.serverTimestamp(), list: FieldValue.arrayUnion("a"), n: FieldValue.increment(1) });
    const data = await stored(ref);
    expect(data?.at).toBeInstanceOf(Timestamp);
    expect((data?.at as Timestamp).toMillis()).toBeGreaterThanOrEqual(before - 1000);
    expect(data).toMatchObject({ list: ["a"], n: 2 });
  });

  test("[Timestamp] a Timestamp field reads back as the same Timestamp (millisecond precision kept)", async () => {
    const ref = store.collection().doc("u");
    const at = Timestamp.fromMillis(1_764_000_000_123);
    await ref.set({ expireAt: at });
    expect(((await stored(ref))?.expireAt as Timestamp).toMillis()).toBe(at.toMillis());
  });
});

describe("document writes and their preconditions", () => {
  test("[create] create() writes a new document and fails with ALREADY_EXISTS on an existing one, which stays as it was", async () => {
    const ref = store.collection().doc("u");
    await ref.create({ v: 1 });
    await expect(ref.create({ v: 2 })).rejects.toMatchObject({ code: ALREADY_EXISTS });
    expect(await stored(ref)).toEqual({ v: 1 });
  });

  test("[update] update() changes only the fields named, and fails with NOT_FOUND on a missing document, creating nothing", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ a: 1, b: 2 });
    await ref.update({ b: 3 });
    expect(await stored(ref)).toEqual({ a: 1, b: 3 });
    const missing = store.collection().doc("missing");
    await expect(missing.update({ a: 1 })).rejects.toMatchObject({ code: NOT_FOUND });
    expect((await missing.get()).exists).toBe(false);
  });

  test("[set] set() without merge replaces the whole document", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ a: 1, b: 2 });
    await ref.set({ c: 3 });
    expect(await stored(ref)).toEqual({ c: 3 });
  });

  test("[set:merge] set(..., { merge: true }) keeps the fields it does not name and creates a missing document", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ a: 1, b: 2 }, { merge: true });
    await ref.set({ b: 3 }, { merge: true });
    expect(await stored(ref)).toEqual({ a: 1, b: 3 });
  });

  test("[delete] delete() removes the document (reads back as missing); deleting a missing document succeeds", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ a: 1 });
    await ref.delete();
    expect((await ref.get()).exists).toBe(false);
    await expect(ref.delete()).resolves.toBeDefined();
  });

  test("[getAll] getAll() returns one snapshot per reference, in their order, missing ones with exists false", async () => {
    const items = store.collection();
    await items.doc("b").set({ v: "b" });
    await items.doc("a").set({ v: "a" });
    const snapshots = await store.db.getAll(items.doc("b"), items.doc("none"), items.doc("a"));
    expect(snapshots.map((s) => [s.id, s.exists, s.get("v")])).toEqual([["b", true, "b"], ["none", false, undefined], ["a", true, "a"]]);
  });
});

describe("batched writes", () => {
  test("[batch, batch:set, batch:delete] a batch applies all its writes at once", async () => {
    const items = store.collection();
    await items.doc("old").set({ v: 1 });
    const batch = store.db.batch();
    batch.set(items.doc("new"), { v: 2 });
    batch.delete(items.doc("old"));
    await batch.commit();
    expect(await stored(items.doc("new"))).toEqual({ v: 2 });
    expect((await items.doc("old").get()).exists).toBe(false);
  });

  test("[batch, create] a batch whose create() fails applies none of its writes (commits are atomic)", async () => {
    const items = store.collection();
    await items.doc("taken").set({ v: 1 });
    const batch = store.db.batch();
    batch.set(items.doc("first"), { v: 2 });
    batch.delete(items.doc("taken"));
    batch.create(items.doc("taken"), { v: 3 });
    await expect(batch.commit()).rejects.toMatchObject({ code: ALREADY_EXISTS });
    expect((await items.doc("first").get()).exists).toBe(false);
    expect(await stored(items.doc("taken"))).toEqual({ v: 1 });
  });
});

describe("transactions", () => {
  test("[transaction, transaction:get, transaction:set] concurrent read-modify-write transactions are isolated: 12 increments give 12", async () => {
    const ref = store.collection().doc("counter");
    await ref.set({ n: 0 });
    let attempts = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        store.db.runTransaction(
          async (tx) => {
            attempts += 1;
            const n = Number((await tx.get(ref)).get("n"));
            tx.set(ref, { n: n + 1 });
          },
          { maxAttempts: 20 },
        ),
      ),
    );
    expect(await stored(ref)).toEqual({ n: 12 });
    // Isolation was enforced, not lucky: some transactions saw a stale read and ran again.
    expect(attempts).toBeGreaterThan(12);
  });

  test("[transaction] a transaction whose read changed before its commit is retried and sees the new value", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ n: 1 });
    const seen: number[] = [];
    await store.db.runTransaction(async (tx) => {
      const n = Number((await tx.get(ref)).get("n"));
      seen.push(n);
      if (seen.length === 1) await ref.set({ n: 10 }); // a write from outside, between this read and the commit
      tx.update(ref, { n: n + 1 });
    });
    expect(seen).toEqual([1, 10]);
    expect(await stored(ref)).toEqual({ n: 11 });
  });

  test("[transaction, transaction:getAll, transaction:delete] a transaction reads several documents at once and deletes", async () => {
    const items = store.collection();
    await items.doc("a").set({ v: 1 });
    await items.doc("b").set({ v: 2 });
    const read = await store.db.runTransaction(async (tx) => {
      const snapshots = await tx.getAll(items.doc("a"), items.doc("none"), items.doc("b"));
      tx.delete(items.doc("a"));
      return snapshots.map((s) => s.exists);
    });
    expect(read).toEqual([true, false, true]);
    expect((await items.doc("a").get()).exists).toBe(false);
  });

  test("[transaction, transaction:create] a transaction whose create() meets an existing document fails whole: none of its writes apply", async () => {
    const items = store.collection();
    await items.doc("taken").set({ v: 1 });
    const run = store.db.runTransaction(async (tx) => {
      await tx.get(items.doc("taken"));
      tx.set(items.doc("side"), { v: 2 });
      tx.create(items.doc("taken"), { v: 3 });
    });
    await expect(run).rejects.toMatchObject({ code: ALREADY_EXISTS });
    expect((await items.doc("side").get()).exists).toBe(false);
    expect(await stored(items.doc("taken"))).toEqual({ v: 1 });
  });

  test("[transaction, transaction:update] a transaction whose function throws writes nothing", async () => {
    const ref = store.collection().doc("u");
    await ref.set({ v: 1 });
    const run = store.db.runTransaction(async (tx) => {
      await tx.get(ref);
      tx.update(ref, { v: 2 });
      throw new Error("changed my mind");
    });
    await expect(run).rejects.toThrow("changed my mind");
    expect(await stored(ref)).toEqual({ v: 1 });
  });
});
