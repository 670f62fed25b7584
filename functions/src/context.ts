import type { Config } from "./config";
import type { FirestoreProvider } from "./firestore";

export type LogEntry = Record<string, unknown> & { severity: "INFO" | "WARNING" | "ERROR"; message: string };

/** What every feature gets from the app: settings, the datastore, the clock and the log. All injectable. */
export interface AppContext {
  config: Config;
  db: FirestoreProvider;
  now: () => Date;
  log: (entry: LogEntry) => void;
}
