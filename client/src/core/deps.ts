/**
 * What the kit's stateful work is handed: `SyncDeps` (the install's store, the network, the extension's stats) for
 * the sync resource and the marker changes, and `Root` for every resource. Types only; the root client builds both.
 */
import type { HttpOptions, Outcome } from "./http";
import type { KitStore } from "./store";
import type { MeditationStats, OnboardingState } from "./types";

export interface SyncDeps {
  store: KitStore;
  http: HttpOptions;
  getStats: () => MeditationStats;
  writeStats: (stats: MeditationStats) => unknown;
  getOnboarding: () => OnboardingState;
  now: () => Date;
  /** Hand the engine the server's challenges of the local day (and mark the user's completions in them). */
  sharedChallenges: boolean;
}

/**
 * What the root client (sync-client.ts) hands each resource, resend-node's shape: the root owns the network, the
 * install's store and the one-sync-at-a-time rule; a resource is a small class over it, and answers with values.
 */
export interface Root {
  readonly deps: SyncDeps;
  /** This install's userId, or `not-sent / not-set-up` when it has none. */
  userId(): Promise<Outcome<string>>;
  /** The userId once the server knows the user: syncs first if this install never has. */
  syncedUserId(): Promise<Outcome<string>>;
  /** Stops a pending retry (the id is about to change). */
  stopRetries(): void;
  /** Forgets the id and the bookkeeping on this install. */
  forget(): Promise<void>;
}
