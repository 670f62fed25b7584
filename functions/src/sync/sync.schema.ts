/**
 * What POST /sync accepts. Bounds come from the contract; anything not named here is dropped by zod
 * (data minimisation), and `sessions` / `dailyChallenges` are checked but never stored.
 */
import { z } from "zod";
import { isDay, parseExtensionDay } from "../domain/dates";
import { UUID_V4 } from "../http/identity";

export const MAX_XP = 10_000_000;
/** 10^12 ms is about 31 years of continuous breathing: far beyond any real total, well inside a safe integer. */
export const MAX_MEDITATION_MS = 1_000_000_000_000;
export const MAX_CHALLENGES = 1_000_000;
/** A local day lasts at most 25 hours (DST), so a day's meditation time cannot be more. */
export const MAX_DAY_MS = 25 * 3_600_000;
export const MAX_STREAK = 100_000;
export const MAX_SESSIONS = 1_000;
export const MAX_ACTIVE_DAYS = 400;

const count = (max: number) => z.number().int().min(0).max(max);
const uuidV4 = z.string().regex(UUID_V4, "must be a UUID v4 (random) id");
const day = z.string().refine(isDay, "must be a real calendar day written YYYY-MM-DD");
/** The extension's `toDateString()` day ("Tue Nov 24 2026"), an ISO day, or "" for never. */
const extensionDay = z.string().max(32).refine((value) => parseExtensionDay(value) !== undefined, "is not a date");
const isoInstant = z.string().max(40).refine((value) => !Number.isNaN(Date.parse(value)), "is not a date-time");

const session = z.object({
  id: z.string().max(100).optional(),
  startedAt: isoInstant.optional(),
  endedAt: isoInstant.optional(),
  activeMs: count(MAX_DAY_MS).optional(),
  cycles: count(1_000_000).optional(),
  goalMinutes: z.number().min(0).max(24 * 60).optional(),
  goalBonusXP: count(MAX_XP).optional(),
  pledgeMultiplier: z.number().min(0).max(100).optional(),
  pledgeHonored: z.boolean().optional(),
  finalXP: count(MAX_XP).optional(),
});

export const meditationSchema = z.object({
  totalXP: count(MAX_XP).optional(),
  currentStreak: count(MAX_STREAK).optional(),
  longestStreak: count(MAX_STREAK).optional(),
  todaySessionTime: count(MAX_DAY_MS).optional(),
  totalMeditationTime: count(MAX_MEDITATION_MS).optional(),
  lastMeditationDate: extensionDay.optional(),
  sessionsToday: count(10_000).optional(),
  challengesCompleted: count(MAX_CHALLENGES).optional(),
  lastChallengeDate: extensionDay.optional(),
  sessions: z.array(session).max(MAX_SESSIONS, `at most ${MAX_SESSIONS} sessions`).optional(),
  dailyChallenges: z.array(z.object({ id: z.string().max(100).optional() })).max(100).optional(),
});

export const onboardingSchema = z.object({
  hasSeenTour: z.boolean().optional(),
  gamificationOptIn: z.boolean().optional(),
});

const progress = {
  meditation: meditationSchema.optional(),
  onboarding: onboardingSchema.optional(),
};

/** Either `{ meditation, onboarding }` or the extension's whole export `{ exportDate, breathMaster: {...} }`. */
const dataSchema = z.object({
  ...progress,
  exportDate: isoInstant.optional(),
  breathMaster: z.object({ ...progress, version: z.string().max(40).optional() }).optional(),
});

const counters = z.object({
  xp: count(MAX_XP).default(0),
  meditationMs: count(MAX_MEDITATION_MS).default(0),
  challengesCompleted: count(MAX_CHALLENGES).default(0),
});

export const deviceSchema = z.object({
  deviceId: uuidV4,
  earned: counters.default({ xp: 0, meditationMs: 0, challengesCompleted: 0 }),
  /** What the device brings when it joins (its progress from before sync; zeros after "adopt"); fixed per device. */
  brought: z
    .object({
      xp: count(MAX_XP),
      meditationMs: count(MAX_MEDITATION_MS),
      challengesCompleted: count(MAX_CHALLENGES),
      longestStreak: count(MAX_STREAK),
    })
    .optional(),
  localDate: day,
  todaySessionTime: count(MAX_DAY_MS).default(0),
  activeDays: z.array(day).max(MAX_ACTIVE_DAYS, `at most ${MAX_ACTIVE_DAYS} active days`).default([]),
});

export const syncRequestSchema = z.object({
  userId: uuidV4.optional(),
  data: dataSchema,
  device: deviceSchema.optional(),
  leaderboard: z.object({ optIn: z.boolean() }).optional(),
});

export type SyncRequest = z.output<typeof syncRequestSchema>;
export type DeviceReport = z.output<typeof deviceSchema>;
export type MeditationReport = z.output<typeof meditationSchema>;

// ---- what POST /sync answers ----------------------------------------------------------------------------------

/** The merged progress in the extension's own shape, ready to apply (sync.logic builds it). */
export const mergedProgressSchema = z.object({
  meditation: z.object({
    totalXP: z.number().int(),
    totalMeditationTime: z.number().int(),
    challengesCompleted: z.number().int(),
    currentStreak: z.number().int(),
    longestStreak: z.number().int(),
    todaySessionTime: z.number().int(),
    lastMeditationDate: z.string().describe("the extension's toDateString() form, or empty"),
  }),
  onboarding: z.object({ hasSeenTour: z.boolean(), gamificationOptIn: z.boolean().optional() }),
});
export type MergedProgress = z.output<typeof mergedProgressSchema>;

export const syncResponseSchema = z.object({
  synced: z.literal(true),
  serverData: z.object({
    lastSync: z.string(),
    data: mergedProgressSchema,
    anonymousId: z.string(),
    leaderboardOptIn: z.boolean(),
  }),
});
