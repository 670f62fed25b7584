/** The extension's own shapes (as in its export) and the API's, as far as the client needs them. */

export interface MeditationStats {
  totalXP: number;
  currentStreak: number;
  longestStreak: number;
  todaySessionTime: number;
  totalMeditationTime: number;
  lastMeditationDate: string;
  sessionsToday?: number;
  challengesCompleted?: number;
  sessions?: Array<{ startedAt?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface OnboardingState {
  hasSeenTour?: boolean;
  gamificationOptIn?: boolean;
  [key: string]: unknown;
}

/** `breathMaster.gamification.dataPrivacy`: `local-only` means nothing leaves the machine. */
export type PrivacySetting = "local-only" | "export-allowed";

export interface SyncOptions {
  privacy: PrivacySetting;
  /** `breathMaster.leaderboard.enabled`; absent = leave the server's choice as it is. */
  leaderboardOptIn?: boolean;
}

/** The merged progress the server returns, in the extension's own shape. */
export interface MergedMeditation {
  totalXP: number;
  totalMeditationTime: number;
  challengesCompleted: number;
  currentStreak: number;
  longestStreak: number;
  todaySessionTime: number;
  lastMeditationDate: string;
}

export interface ServerData {
  lastSync: string;
  data: { meditation: MergedMeditation; onboarding: { hasSeenTour: boolean; gamificationOptIn?: boolean } };
  anonymousId: string;
  leaderboardOptIn: boolean;
}

export type SyncResult =
  | {
      status: "synced";
      serverData: ServerData;
      /**
       * The stats to store: the merged progress, plus whatever this device earned locally while the request was
       * in flight (pass the stats as they are now). Never lowers anything the device has.
       */
      apply(current: MeditationStats): MeditationStats;
    }
  | { status: "skipped"; reason: "disabled" | "privacy" }
  | { status: "offline"; error: string; retryInMs: number };

/** A tiny key-value store: VS Code's `globalState` (or `SecretStorage` for the userId) fits it. */
export interface KeyValueStore {
  get(key: string): unknown | Promise<unknown>;
  set(key: string, value: unknown): void | Promise<void>;
}

export type Period = "daily" | "weekly" | "monthly";

export interface Leaderboard {
  period: Period;
  periodKey: string;
  generatedAt: string;
  rankings: Array<{ rank: number; xp: number; anonymousId: string }>;
  me?: { rank: number; xp: number };
}

export interface DailyChallenge {
  id: string;
  type: "cycles" | "minutes" | "deep_session" | "morning_breath" | "evening_flow" | "streak";
  target: number;
  title: string;
  description: string;
  rewardXP: number;
  eonMessage: string;
  completionMessage: string;
}

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

/** Any API failure, with the contract's error code (`unavailable` and status 0 when the server was unreachable). */
export class SyncApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "SyncApiError";
  }
}
