/**
 * What POST /sync accepts. Bounds come from the contract; anything not named here is dropped by zod
 * (data minimisation), and `sessions` / `dailyChallenges` are checked but never stored.
 */
import { z } from "zod";
import { parseExtensionDay } from "../domain/dates";
import { UUID_V4 } from "../http/identity";
import { calendarDay } from "../http/validate";

import {
  MAX_DEVICE_XP,
  MAX_DEVICE_MEDITATION_MS,
  MAX_DEVICE_CHALLENGES,
  MAX_TOTAL_XP,
  MAX_TOTAL_MEDITATION_MS,
  MAX_TOTAL_CHALLENGES,
  MAX_DAY_MS,
  MAX_TOTAL_DAY_MS,
  MAX_STREAK,
  MAX_SESSIONS,
  MAX_ACTIVE_DAYS,
  MAX_COMPLETED_CHALLENGES,
  MAX_CHALLENGE_ID_LENGTH,
} from "../domain/bounds";

/** A whole number from 0 to a named bound; the name goes into the OpenAPI document for the client kit. */
const count = (max: number, bound?: string) => {
  const schema = z.number().int().min(0).max(max);
  return bound ? schema.meta({ "x-bound": bound }) : schema;
};
const uuidV4 = z.string().regex(UUID_V4, "must be a UUID v4 (random) id");
const day = calendarDay();
/** The extension's `toDateString()` day ("Tue Nov 24 2026"), an ISO day, or "" for never. */
const extensionDay = z.string().max(32).refine((value) => parseExtensionDay(value) !== undefined, "is not a date");
const isoInstant = z.string().max(40).refine((value) => !Number.isNaN(Date.parse(value)), "is not a date-time");

/** A served challenge, by the local day it was served for and its served id. */
const completedChallenge = z.object({
  date: day,
  id: z.string().min(1).max(MAX_CHALLENGE_ID_LENGTH, `at most ${MAX_CHALLENGE_ID_LENGTH} characters`).meta({ "x-bound": "MAX_CHALLENGE_ID_LENGTH" }),
});

const session = z.object({
  id: z.string().max(100).optional(),
  startedAt: isoInstant.optional(),
  endedAt: isoInstant.optional(),
  activeMs: count(MAX_DAY_MS).optional(),
  cycles: count(1_000_000).optional(),
  goalMinutes: z.number().min(0).max(24 * 60).optional(),
  goalBonusXP: count(MAX_DEVICE_XP).optional(),
  pledgeMultiplier: z.number().min(0).max(100).optional(),
  pledgeHonored: z.boolean().optional(),
  // the running total after the session: a merged total once the kit has applied one
  finalXP: count(MAX_TOTAL_XP).optional(),
});

export const meditationSchema = z.object({
  totalXP: count(MAX_TOTAL_XP, "MAX_TOTAL_XP").optional(),
  currentStreak: count(MAX_STREAK, "MAX_STREAK").optional(),
  longestStreak: count(MAX_STREAK, "MAX_STREAK").optional(),
  todaySessionTime: count(MAX_TOTAL_DAY_MS, "MAX_TOTAL_DAY_MS").optional(),
  totalMeditationTime: count(MAX_TOTAL_MEDITATION_MS, "MAX_TOTAL_MEDITATION_MS").optional(),
  lastMeditationDate: extensionDay.optional(),
  sessionsToday: count(10_000).optional(),
  challengesCompleted: count(MAX_TOTAL_CHALLENGES, "MAX_TOTAL_CHALLENGES").optional(),
  lastChallengeDate: extensionDay.optional(),
  sessions: z.array(session).max(MAX_SESSIONS, `at most ${MAX_SESSIONS} sessions`).meta({ "x-bound": "MAX_SESSIONS" }).optional(),
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
  xp: count(MAX_DEVICE_XP, "MAX_DEVICE_XP").default(0),
  meditationMs: count(MAX_DEVICE_MEDITATION_MS, "MAX_DEVICE_MEDITATION_MS").default(0),
  challengesCompleted: count(MAX_DEVICE_CHALLENGES, "MAX_DEVICE_CHALLENGES").default(0),
});

export const deviceSchema = z.object({
  deviceId: uuidV4,
  earned: counters.default({ xp: 0, meditationMs: 0, challengesCompleted: 0 }),
  /** What the device brings when it joins (its progress from before sync; zeros after "adopt"); fixed per device. */
  brought: z
    .object({
      xp: count(MAX_DEVICE_XP, "MAX_DEVICE_XP"),
      meditationMs: count(MAX_DEVICE_MEDITATION_MS, "MAX_DEVICE_MEDITATION_MS"),
      challengesCompleted: count(MAX_DEVICE_CHALLENGES, "MAX_DEVICE_CHALLENGES"),
      longestStreak: count(MAX_STREAK, "MAX_STREAK"),
    })
    .optional(),
  localDate: day,
  todaySessionTime: count(MAX_DAY_MS, "MAX_DAY_MS").default(0),
  activeDays: z
    .array(day)
    .max(MAX_ACTIVE_DAYS, `at most ${MAX_ACTIVE_DAYS} active days`)
    .meta({ "x-bound": "MAX_ACTIVE_DAYS" })
    .default([]),
  completedChallenges: z
    .array(completedChallenge)
    .max(MAX_COMPLETED_CHALLENGES, `at most ${MAX_COMPLETED_CHALLENGES} completed challenges`)
    .meta({
      "x-bound": "MAX_COMPLETED_CHALLENGES",
      description:
        "Served challenges this device's own engine completed (paid) while syncing for this user — after it joined (countingSince), never those its engine held completed when it joined (paid under another user or before, or marked from the user's other devices) — for its local days localDate − 6 … localDate; cumulative (re-sending is a no-op). Ids not in the set served for that date, and dates outside the window, are ignored.",
    })
    .optional(),
  countingSince: isoInstant
    .meta({
      description:
        "When this install started counting `earned` (set once by the kit when it starts syncing). Lets the device's first sync count on the boards what that time allows (docs/leaderboards.md).",
    })
    .optional(),
});

export const syncRequestSchema = z.object({
  userId: uuidV4.optional(),
  data: dataSchema,
  device: deviceSchema.optional(),
  leaderboard: z.object({ optIn: z.boolean() }).optional(),
});

export type SyncRequest = z.output<typeof syncRequestSchema>;

// ---- what POST /sync answers ----------------------------------------------------------------------------------

/** The merged progress in the extension's own shape, ready to apply (sync.logic builds it). */
export const mergedProgressSchema = z.object({
  meditation: z.object({
    // The same bounds as the request's totals: what the server answers, a client can post back.
    totalXP: z.number().int().min(0).max(MAX_TOTAL_XP),
    totalMeditationTime: z.number().int().min(0).max(MAX_TOTAL_MEDITATION_MS),
    challengesCompleted: z.number().int().min(0).max(MAX_TOTAL_CHALLENGES),
    currentStreak: z.number().int().min(0).max(MAX_STREAK),
    longestStreak: z.number().int().min(0).max(MAX_STREAK),
    todaySessionTime: z.number().int().min(0).max(MAX_TOTAL_DAY_MS),
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
    completedChallenges: z
      .array(z.object({ date: z.string(), id: z.string() }))
      .describe(
        "The served challenges any of the user's devices completed, for the caller's localDate and the day before (a plain client: the server's UTC day and the day before); mark them completed before the engine pays them again.",
      ),
  }),
});
