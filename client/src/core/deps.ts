/**
 * What the kit's stateful work (the sync resource, the marker changes, the root client) is handed: the install's
 * store, the network, and the extension's stats. Types only; the root client builds it once.
 */
import type { HttpOptions } from "./http";
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
