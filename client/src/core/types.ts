/**
 * The shapes the kit meets: the extension's stats and challenges (as far as sync needs them), what the user
 * allows, the stores VS Code gives, and the results the kit hands back. Types only.
 */
import type { DailyChallenges, ErrorBody, Leaderboard, SyncResponse } from "../generated/wire";

/**
 * The extension's `breathMaster.meditationStats`, as far as sync needs it. No index signature, so the engine's
 * own `MeditationStats` fits; the kit spreads the stats it reads, so other fields pass through untouched.
 */
export interface MeditationStats {
  totalXP: number;
  currentStreak: number;
  longestStreak: number;
  todaySessionTime: number;
  totalMeditationTime: number;
  lastMeditationDate: string;
  sessionsToday?: number;
  challengesCompleted?: number;
  sessions?: Array<{ id?: string; startedAt?: string; endedAt?: string; activeMs?: number }>;
  dailyChallenges?: EngineChallenge[];
  lastChallengeDate?: string;
  /** Written by the kit (bookkeeping/state.ts, `KitState.mark`): the engine keeps it, and only "Clear All Data" drops it. */
  syncMark?: string;
}

export interface OnboardingState {
  hasSeenTour?: boolean;
  gamificationOptIn?: boolean;
}

/** `breathMaster.gamification.dataPrivacy`: `local-only` means nothing leaves the machine. */
export type PrivacySetting = "local-only" | "export-allowed";

/** What the user allows right now; read before every request. */
export interface SyncPermission {
  syncEnabled: boolean;
  privacy: PrivacySetting | string;
}

export type ErrorCode = ErrorBody["error"]["code"];
/** What POST /sync answers, and the merged progress in the extension's own shape. */
export type ServerData = SyncResponse["serverData"];
export type MergedMeditation = ServerData["data"]["meditation"];
export type { Leaderboard };
export type Period = Leaderboard["period"];
/** A challenge as the server sends it: the same for everyone on `date`, available from a local hour. */
export type ServerChallenge = DailyChallenges["challenges"][number];
/** The served set of a local day, as GET /challenges/daily answers it. */
export type ServedSet = DailyChallenges;
export type ChallengeType = ServerChallenge["type"];

/** The engine's own `DailyChallenge`. */
export interface EngineChallenge {
  id: string;
  date: string;
  type: ChallengeType;
  target: number;
  rewardXP: number;
  availableFrom: number;
  completed?: boolean;
  expired?: boolean;
  title: string;
  description: string;
  eonMessage: string;
  completionMessage: string;
}

export type SkipReason = "sync-off" | "privacy" | "not-set-up" | "local-data-cleared";

export type SyncResult =
  | { status: "synced"; serverData: ServerData; stats: MeditationStats }
  | { status: "skipped"; reason: SkipReason }
  | { status: "offline"; error: string; retryInMs: number }
  | { status: "error"; code: ErrorCode; message: string }
  | { status: "gone" };

/** How a newly paired install joins: bring its own progress (`merge`) or take the synced one instead (`adopt`). */
export type JoinMode = "merge" | "adopt";

/** What to do after the extension's "Clear All Data" wiped this install's stats while it was syncing. */
export type ClearedDataChoice = "restore" | "leave" | "delete";

export type Awaitable<T> = T | PromiseLike<T>;

/** VS Code's `Memento` (globalState) fits. */
export interface StateStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Awaitable<void>;
}

/** VS Code's `SecretStorage` fits. */
export interface SecretStore {
  get(key: string): Awaitable<string | undefined>;
  store(key: string, value: string): Awaitable<void>;
  delete(key: string): Awaitable<void>;
}

/** Timers the kit waits on (retries, scheduled syncs); tests hand in their own to fire them when they choose. */
export interface KitTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SyncClientOptions {
  /** The API base (`breathMaster.sync.endpoint`); `/api/v1` is added when missing. Read at every request. */
  endpoint: () => string;
  permission: () => Awaitable<SyncPermission>;
  getStats: () => MeditationStats;
  /** Writes merged stats into the engine; must not trigger a sync by itself. */
  writeStats: (stats: MeditationStats) => Awaitable<void>;
  getOnboarding?: () => OnboardingState;
  state: StateStore;
  secrets: SecretStore;
  /** Results of syncs nobody awaited (retries, follow-ups): for the status bar. */
  onBackgroundResult?: (result: SyncResult) => void;
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  timers?: KitTimers;
  /** Hand the engine the server's challenges of the local day, the user's completions marked (default: yes). */
  sharedChallenges?: boolean;
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}
