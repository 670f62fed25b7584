/**
 * The conformance suite's datastore: the embedded emulator (scripts/firestore-emulator.js, with every patch) and
 * the real Admin SDK. Each case names, in brackets at the start of its title, the Firestore call or query shape it
 * covers (`[where:array-contains]`); completeness.test.ts checks that every shape functions/src uses has one.
 * Each case states the behaviour Firestore documents (the reference of the Node.js server SDK and of the v1 API),
 * not what the emulator happens to do.
 */
import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { startFirestoreEmulator, type RunningEmulator } from "../helpers/firestore-emulator";

export interface ConformanceStore {
  db: Firestore;
  /** A fresh collection name per case, so cases never see each other's documents. */
  collection(): FirebaseFirestore.CollectionReference;
  close(): Promise<void>;
}

export async function startConformanceStore(): Promise<ConformanceStore> {
  const emulator: RunningEmulator = await startFirestoreEmulator({ logQueries: false });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const app: App = initializeApp({ projectId: "demo-conformance" }, `conformance-${randomUUID()}`);
  const db = getFirestore(app);
  let n = 0;
  return {
    db,
    collection: () => db.collection(`c${++n}`),
    close: async () => {
      await db.terminate();
      await deleteApp(app);
      await emulator.stop();
    },
  };
}

/** A document's data as stored now (undefined when it does not exist): every write case reads back. */
export async function stored(ref: FirebaseFirestore.DocumentReference): Promise<FirebaseFirestore.DocumentData | undefined> {
  return (await ref.get()).data();
}
