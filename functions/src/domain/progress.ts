/**
 * What the server keeps of a user's progress: the shape of the `users/{userKey}` document before storage details
 * (timestamps, flattened period scores). Pure types, shared by the merge (sync) and the users store.
 */
import type { BoardAllowance, PeriodBuckets } from "./board-gains";
import type { Day } from "./dates";
import type { DayRun } from "./streaks";

export const COUNTERS = ["xp", "meditationMs", "challengesCompleted"] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

/** Runs of active days kept per user; older runs only ever fed `longestStreak`, which is kept as a number. */
export const MAX_DAY_RUNS = 500;

/**
 * The most devices MAX_DEVICES_PER_USER may allow. The bounds on merged totals are derived from it (sync.schema),
 * so whatever the server answers, a client can post back, however the param is set.
 */
export const DEVICE_LIMIT_CEILING = 50;

/** One served challenge that some of the user's devices completed ("Shared challenges", docs/architecture.md). */
export interface ChallengeCompletion {
  /** The local day the challenge was served for, and its served id. */
  date: Day;
  id: string;
  /** The served set's reward, fixed when the first report of it arrived (a later re-curation does not change it). */
  rewardXP: number;
  /** The device keys that reported it, in arrival order; every one after the first paid a duplicate reward. */
  devices: string[];
}

/** What the server keeps to count each served challenge's reward once per user. */
export interface SharedChallenges {
  /** Completions of recent local days only (the report window plus a margin); older ones are settled. */
  recent: ChallengeCompletion[];
  /** The duplicates of completions pruned from `recent`: taken back for good, so pruning changes no total. */
  settled: { xp: number; challengesCompleted: number };
  /** Reports for days before this are ignored: their completions may already be settled. Only moves forward. */
  keptFrom: Day;
}

export interface DeviceSlot extends Counters {
  /** The device's local day at its newest sync, and its meditation ms on that day. */
  localDate: Day;
  todaySessionTime: number;
  /** What this device may still put on the boards (absent on slots written before allowances existed). */
  board?: BoardAllowance;
}

/** Everything stored about one user (the Firestore document, before timestamps are added). */
export interface UserProgress {
  createdAt: string;
  lastSyncAt: string;
  anonymousId: string;
  baseline: Counters;
  devices: Record<string, DeviceSlot>;
  /** `baseline + Σ devices`, less the duplicate challenge rewards taken back, within the bounds of sync.schema. */
  totals: Counters;
  activeDayRuns: DayRun[];
  /** "days" once any device has sent active days; until then the client's own streak is all we know. */
  streakSource: "days" | "reported";
  currentStreak: number;
  longestStreak: number;
  onboarding: { hasSeenTour: boolean; gamificationOptIn: boolean | null };
  leaderboardOptIn: boolean;
  /** XP gained per UTC period while opted in, capped for ranking (empty while not opted in). */
  periods: PeriodBuckets;
  /** The board allowance of plain clients (no `device`), which have no slot of their own. */
  plainBoard?: BoardAllowance;
  /** Absent until a device first reports a completed served challenge. */
  sharedChallenges?: SharedChallenges;
}

