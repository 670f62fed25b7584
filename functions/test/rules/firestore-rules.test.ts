/**
 * Evaluates firestore.rules in the official Firestore emulator with @firebase/rules-unit-testing: no client,
 * signed in or not, may read or write any document directly. Run with `npm run test:rules`, which starts the
 * official emulator through `firebase emulators:exec` — it needs the emulator's jar and Java 21, so it cannot run
 * on machines without them (this project's CI machine among them); `npm test` checks the rules file instead.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  assertFails,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { doc, getDoc, setDoc, deleteDoc, collection, getDocs } from "firebase/firestore";

let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: "demo-breath-master",
    firestore: { rules: readFileSync(path.resolve(__dirname, "../../../firestore.rules"), "utf8") },
  });
  await env.withSecurityRulesDisabled(async (admin) => {
    await setDoc(doc(admin.firestore(), "users/some-user-key"), { totals: { xp: 5 } });
    await setDoc(doc(admin.firestore(), "leaderboards/daily"), { rankings: [] });
  });
});

afterAll(async () => {
  await env?.cleanup();
});

const clients = () => [
  ["an anonymous client", env.unauthenticatedContext().firestore()],
  ["a signed-in client", env.authenticatedContext("someone").firestore()],
] as const;

test.each(["users/some-user-key", "leaderboards/daily", "challenges/2026-11-24", "pairingCodes/abc"])(
  "no client may read or write %s",
  async (documentPath) => {
    for (const [, db] of clients()) {
      await assertFails(getDoc(doc(db, documentPath)));
      await assertFails(setDoc(doc(db, documentPath), { x: 1 }));
      await assertFails(deleteDoc(doc(db, documentPath)));
    }
  },
);

test("no client may list a collection", async () => {
  for (const [, db] of clients()) {
    await assertFails(getDocs(collection(db, "users")));
  }
});
