/**
 * Finds the Firestore calls and query shapes a source file uses, as the tags the conformance cases carry
 * (`[where:array-contains]`, `[FieldValue.delete]`, ...). Document-level calls (`create`, `set`, `tx.update`, ...)
 * are looked for only in files that touch Firestore's types, so `createHmac(...).update(` or a Map's `set(` are
 * not taken for Firestore writes. A call this scanner cannot classify (an operator that is not a literal) is
 * reported as its own tag (`where:?`), which no case covers: the completeness test then asks for one.
 */
const FIRESTORE_FILE = /firebase-admin\/firestore|firestoreTypes|FirebaseFirestore\./;

const QUERY_SHAPES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/\.where\(\s*[^,]+,\s*("([^"]+)"|[^,]+)/g, (m) => (m[2] ? `where:${m[2]}` : "where:?")],
  [/\.orderBy\(([^)]*)\)/g, (m) => (/,\s*"asc"\s*$/.test(m[1]) || !m[1].includes(",") ? "orderBy" : "orderBy:desc")],
  [/\.limit\(/g, () => "limit"],
  [/\.limitToLast\(/g, () => "limitToLast"],
  [/\.(startAfter|startAt|endAt|endBefore)\(/g, (m) => `cursor:${m[1]}`],
  [/\.offset\(/g, () => "offset"],
  [/\.count\(\)/g, () => "count"],
  [/\.(aggregate|collectionGroup|listDocuments|onSnapshot|bulkWriter|recursiveDelete|findNearest|listCollections)\(/g, (m) => m[1]],
  [/\.select\(\s*\)/g, () => "select:none"],
  [/\.select\(\s*[^)\s]/g, () => "select"],
  [/FieldValue\.(\w+)/g, (m) => `FieldValue.${m[1]}`],
  [/FieldPath\.(\w+)/g, (m) => `FieldPath.${m[1]}`],
  [/\.runTransaction\(/g, () => "transaction"],
  [/\.batch\(\)/g, () => "batch"],
];

const DOCUMENT_SHAPES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/\btx\.(get|getAll|create|set|update|delete)\(/g, (m) => `transaction:${m[1]}`],
  [/\bbatch\.(create|set|update|delete)\(/g, (m) => `batch:${m[1]}`],
  [/\bdb\.getAll\(/g, () => "getAll"],
  [/\)\s*\.(create|set|update|delete)\(/g, (m) => m[1]],
  [/\{\s*merge:\s*true\s*\}/g, () => "set:merge"],
  [/\bmergeFields\b/g, () => "set:mergeFields"],
  [/\bTimestamp\.(fromDate|fromMillis|now)\(/g, () => "Timestamp"],
];

/** The shapes `source` uses, each with the first line it appears on. */
export function shapesIn(source: string): Map<string, number> {
  const found = new Map<string, number>();
  const patterns = FIRESTORE_FILE.test(source) ? [...QUERY_SHAPES, ...DOCUMENT_SHAPES] : QUERY_SHAPES;
  for (const [pattern, tag] of patterns) {
    for (const match of source.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const shape = tag(match);
      const line = source.slice(0, match.index).split("\n").length;
      if (!found.has(shape)) found.set(shape, line);
    }
  }
  return found;
}

/** The tags of the conformance cases in a test file's text: `[tag]` or `[tag, tag]` at the start of a title. */
export function tagsIn(testSource: string): Set<string> {
  const tags = new Set<string>();
  for (const match of testSource.matchAll(/\b(?:test|it)\(\s*"\[([^\]]+)\]/g)) {
    for (const tag of match[1].split(",")) tags.add(tag.trim());
  }
  return tags;
}
