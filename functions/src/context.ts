import type { Config } from "./config";
import { datastore, defaultFirestore, type Datastore, type FirestoreProvider } from "./firestore";
import { platformLog, type LogEntry } from "./http/request-log";

export type { LogEntry };

/** What every feature gets: settings, the datastore (with its deadline), the clock and the log. All injectable. */
export interface AppContext {
  config: Config;
  /** Runs a datastore operation under FIRESTORE_TIMEOUT_MS (503 `unavailable` past it). */
  data: Datastore;
  now: () => Date;
  log: (entry: LogEntry) => void;
}

export interface ContextDeps {
  config: Config;
  db?: FirestoreProvider;
  now?: () => Date;
  log?: (entry: LogEntry) => void;
}

/** Fills in production defaults: the project's Firestore, the wall clock, the platform's logger. */
export function createContext(deps: ContextDeps): AppContext {
  return {
    config: deps.config,
    data: datastore(deps.db ?? defaultFirestore, deps.config.firestoreTimeoutMs),
    now: deps.now ?? (() => new Date()),
    log: deps.log ?? platformLog,
  };
}
