/**
 * The embedded emulator enforces no indexes, so a query whose composite index is missing would pass every other
 * test and fail in production: each composite query the code runs is listed here, built from the same field names
 * the stores use, and must be declared in firestore.indexes.json.
 */
import fs from "node:fs";
import path from "node:path";
import { PERIODS } from "../../src/domain/periods";
import { CIRCLES_FIELD, USERS, scoreFields } from "../../src/users/users.store";

interface IndexField {
  fieldPath: string;
  order?: "ASCENDING" | "DESCENDING";
  arrayConfig?: "CONTAINS";
}
interface Index {
  collectionGroup: string;
  queryScope: string;
  fields: IndexField[];
}

const declared = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../firestore.indexes.json"), "utf8")) as { indexes: Index[] }).indexes;

function isDeclared(collection: string, fields: IndexField[]): boolean {
  return declared.some(
    (index) =>
      index.collectionGroup === collection &&
      index.queryScope === "COLLECTION" &&
      JSON.stringify(index.fields.map((f) => ({ fieldPath: f.fieldPath, order: f.order, arrayConfig: f.arrayConfig }))) ===
        JSON.stringify(fields.map((f) => ({ fieldPath: f.fieldPath, order: f.order, arrayConfig: f.arrayConfig }))),
  );
}

describe.each(PERIODS)("the %s board queries have their composite indexes", (period) => {
  const { key, xp } = scoreFields(period);

  test("global board: opted in, scored in the period, best first (topContenders, countAbove)", () => {
    expect(
      isDeclared(USERS, [
        { fieldPath: "leaderboardOptIn", order: "ASCENDING" },
        { fieldPath: key, order: "ASCENDING" },
        { fieldPath: xp, order: "DESCENDING" },
      ]),
    ).toBe(true);
  });

  test("circle board: a member of the circle, scored in the period, best first (circleContenders)", () => {
    expect(
      isDeclared(USERS, [
        { fieldPath: CIRCLES_FIELD, arrayConfig: "CONTAINS" },
        { fieldPath: key, order: "ASCENDING" },
        { fieldPath: xp, order: "DESCENDING" },
      ]),
    ).toBe(true);
  });
});

test("every declared index is one of the queries above (none left over from a query that is gone)", () => {
  expect(declared).toHaveLength(PERIODS.length * 2);
});
