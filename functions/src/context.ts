import type { Config } from "./config";
import { defaultFirestore, type FirestoreProvider } from "./firestore";
import { jsonLineLog } from "./http/request-log";

export type LogEntry = Record<string, unknown> & { severity: "INFO" | "WARNING" | "ERROR"; message: string };

/** What every feature gets: settings, the datastore, the clock and the log. All injectable. */
export interface AppContext {
  config: Config;
  db: FirestoreProvider;
  now: () => Date;
  log: (entry: LogEntry) => void;
}

export interface ContextDeps {
  config: Config;
  db?: FirestoreProvider;
  now?: () => Date;
  log?: (entry: LogEntry) => void;
}

/** Fills in production defaults: the project's Firestore, the wall clock, JSON lines on stdout. */
export function createContext(deps: ContextDeps): AppContext {
  return {
    config: deps.config,
    db: deps.db ?? defaultFirestore,
    now: deps.now ?? (() => new Date()),
    log: deps.log ?? jsonLineLog,
  };
}
