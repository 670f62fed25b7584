/**
 * Keeps the conformance suite complete: every Firestore call and query shape in functions/src (found by
 * shapes.ts) must have a conformance case tagged with it, so a new feature cannot rely on an emulator path no
 * case has checked against Firestore's documented behaviour.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { shapesIn, tagsIn } from "./shapes";

const ROOT = path.resolve(__dirname, "../../..");
const SRC = path.join(ROOT, "functions/src");
const CASES = __dirname;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });

/** Every shape the source uses, with where it is first used. */
function shapesOfSource(): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const file of filesUnder(SRC).filter((f) => f.endsWith(".ts"))) {
    for (const [shape, line] of shapesIn(readFileSync(file, "utf8"))) {
      if (!shapes.has(shape)) shapes.set(shape, `${path.relative(ROOT, file)}:${line}`);
    }
  }
  return shapes;
}

function caseTags(): Set<string> {
  const tags = new Set<string>();
  for (const file of filesUnder(CASES).filter((f) => f.endsWith(".test.ts"))) for (const tag of tagsIn(readFileSync(file, "utf8"))) tags.add(tag);
  return tags;
}

test("every Firestore call and query shape in functions/src has a conformance case", () => {
  const tags = caseTags();
  const uncovered = [...shapesOfSource()].filter(([shape]) => !tags.has(shape));
  if (uncovered.length > 0) {
    throw new Error(
      "Firestore shapes the code uses without a conformance case (the embedded emulator may not do them as Firestore does):\n" +
        uncovered.map(([shape, where]) => `  ${shape}  (first used at ${where})`).join("\n") +
        "\nAdd a case titled \"[<shape>] <Firestore's documented behaviour>\" to functions/test/conformance/, make it pass " +
        "(patch the emulator in scripts/ if it must), and list any divergence in docs/architecture.md.",
    );
  }
});

test("the scan finds what the code is known to use (it cannot pass by finding nothing)", () => {
  const shapes = shapesOfSource();
  for (const known of ["FieldValue.delete", "transaction:update", "where:array-contains", "orderBy:desc", "cursor:startAfter", "count", "getAll", "select:none"]) {
    expect(shapes.has(known)).toBe(true);
  }
});

test("the scanner classifies each shape, Firestore-only calls only in files that use Firestore", () => {
  const source = `import type { Firestore } from "firebase-admin/firestore";
    db.collection("x").where("a", "in", [1]).where("b", op, 2).orderBy("c").orderBy("d", dir).offset(3).limitToLast(2).select();
    tx.set(ref, v); batch.update(ref, v); ref.doc("y").set(v, { merge: true }); FieldValue.arrayUnion(1); db.collectionGroup("g");`;
  expect([...shapesIn(source).keys()].sort()).toEqual(
    ["FieldValue.arrayUnion", "batch:update", "collectionGroup", "limitToLast", "offset", "orderBy", "orderBy:desc", "select:none", "set", "set:merge", "transaction:set", "where:?", "where:in"].sort(),
  );
  // createHmac(...).update( and a Map's set( in a file that does not use Firestore are not Firestore writes.
  expect([...shapesIn(`createHmac("sha256", k).update(x); cache.set(k, v);`).keys()]).toEqual([]);
  expect(tagsIn(`test("[where:in, count] x", () => {}); it("[limit] y", f); test("no tag", f);`)).toEqual(new Set(["where:in", "count", "limit"]));
});
