/**
 * The merge rules of POST /sync, pure: the stored progress and one request in, the new progress out.
 *
 * - XP, meditation time and completed challenges are grow-only counters with one slot per device
 *   (a G-Counter): each slot keeps the largest value its device ever reported, and a total is
 *   `baseline + Σ slots`. Retries, duplicates and any delivery order give the same result.
 * - `baseline` is progress no syncing device accounts for: what the first sync brought from before sync was
 *   enabled, and what a plain client (no `device`) raised a total to under the "never lower" fallback.
 * - Streaks are recomputed from the union of active days; today's time is summed over the devices that are on
 *   the caller's local day.
 */
import { AppError, type FieldProblem } from "../errors";
import { addDays, dayNumber, toExtensionDateString, utcDay, type Day } from "../domain/dates";
import { periodKeys } from "../domain/periods";
import { addDaysToRuns, currentStreak, longestRun, trimRuns, type DayRun } from "../domain/streaks";
import { addGain, rankableGain, type PeriodBuckets } from "../leaderboard/leaderboard.logic";

export const COUNTERS = ["xp", "meditationMs", "challengesCompleted"] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

/** Runs of active days kept per user; older runs only ever fed `longestStreak`, which is kept as a number. */
export const MAX_DAY_RUNS = 500;

export interface DeviceSlot extends Counters {
  /** The device's local day at its newest sync, and its meditation ms on that day. */
  localDate: Day;
  todaySessionTime: number;
}

/** Everything stored about one user (the Firestore document, before timestamps are added). */
export interface UserProgress {
  createdAt: string;
  lastSyncAt: string;
  anonymousId: string;
  baseline: Counters;
  devices: Record<string, DeviceSlot>;
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
}

export interface DeviceSync {
  key: string;
  earned: Counters;
  localDate: Day;
  todaySessionTime: number;
  activeDays: Day[];
}

/** One sync request, validated and reduced to what the merge needs. */
export interface SyncInput {
  now: Date;
  totals: Partial<Counters>;
  reported: {
    currentStreak?: number;
    longestStreak?: number;
    todaySessionTime?: number;
    lastMeditationDay?: Day | "";
  };
  onboarding: { hasSeenTour?: boolean; gamificationOptIn?: boolean };
  device?: DeviceSync;
  leaderboardOptIn?: boolean;
  /** Used only when the user is new. */
  anonymousId: string;
  maxDevices: number;
}

/** The merged progress in the extension's own shape, ready to apply. */
export interface MergedProgress {
  meditation: {
    totalXP: number;
    totalMeditationTime: number;
    challengesCompleted: number;
    currentStreak: number;
    longestStreak: number;
    todaySessionTime: number;
    lastMeditationDate: string;
  };
  onboarding: { hasSeenTour: boolean; gamificationOptIn?: boolean };
}

export interface SyncOutcome {
  progress: UserProgress;
  merged: MergedProgress;
  /** Growth of the merged XP total through this request: 0 for a retry. */
  xpGained: number;
}

const ZERO: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };

/**
 * Checks the days a device reports against the server's UTC day: no real time zone is more than one day ahead
 * of UTC, and no active day can come after the device's own today.
 */
export function deviceDateProblems(device: { localDate: Day; activeDays: Day[] }, now: Date): FieldProblem[] {
  const latestPossible = dayNumber(addDays(utcDay(now), 1));
  const problems: FieldProblem[] = [];
  if (dayNumber(device.localDate) > latestPossible) {
    problems.push({ path: "device.localDate", message: "is in the future" });
  }
  device.activeDays.forEach((day, index) => {
    if (dayNumber(day) > dayNumber(device.localDate)) {
      problems.push({ path: `device.activeDays.${index}`, message: "is after device.localDate" });
    }
  });
  return problems;
}

export function sumCounters(baseline: Counters, devices: Record<string, DeviceSlot>): Counters {
  const totals = { ...baseline };
  for (const slot of Object.values(devices)) {
    for (const name of COUNTERS) totals[name] += slot[name];
  }
  return totals;
}

export function mergeSync(existing: UserProgress | null, input: SyncInput): SyncOutcome {
  const { device } = input;
  const nowIso = input.now.toISOString();
  const today = device?.localDate ?? utcDay(input.now);

  const baseline = existing ? { ...existing.baseline } : firstBaseline(input);
  const devices = { ...(existing?.devices ?? {}) };

  if (device) {
    devices[device.key] = mergeDeviceSlot(devices[device.key], device, Object.keys(devices).length, input.maxDevices);
  } else if (existing) {
    raiseBaselineToReportedTotals(baseline, devices, input.totals);
  }
  const totals = sumCounters(baseline, devices);

  const reportedDays: Day[] = [...(device?.activeDays ?? [])];
  const lastDay = input.reported.lastMeditationDay;
  // A last-meditation day later than any real "today" can only be a broken clock; it would forge a streak.
  if (lastDay && dayNumber(lastDay) <= dayNumber(addDays(utcDay(input.now), 1))) reportedDays.push(lastDay);
  const activeDayRuns = trimRuns(addDaysToRuns(existing?.activeDayRuns ?? [], reportedDays), MAX_DAY_RUNS);

  const streakSource =
    existing?.streakSource === "days" || (device?.activeDays.length ?? 0) > 0 ? "days" : "reported";
  const current =
    streakSource === "days"
      ? currentStreak(activeDayRuns, today)
      : (input.reported.currentStreak ?? existing?.currentStreak ?? 0);
  const longest = Math.max(
    existing?.longestStreak ?? 0,
    input.reported.longestStreak ?? 0,
    current,
    streakSource === "days" ? longestRun(activeDayRuns) : 0,
  );

  const onboarding = {
    hasSeenTour: (existing?.onboarding.hasSeenTour ?? false) || (input.onboarding.hasSeenTour ?? false),
    gamificationOptIn: input.onboarding.gamificationOptIn ?? existing?.onboarding.gamificationOptIn ?? null,
  };

  const previousXp = existing ? existing.totals.xp : baseline.xp;
  const xpGained = Math.max(0, totals.xp - previousXp);
  const leaderboardOptIn = input.leaderboardOptIn ?? existing?.leaderboardOptIn ?? false;
  const minutesSinceLastSync = existing ? (input.now.getTime() - Date.parse(existing.lastSyncAt)) / 60_000 : null;
  const periods = leaderboardOptIn
    ? addGain(existing?.periods ?? {}, rankableGain(xpGained, minutesSinceLastSync), periodKeys(input.now))
    : {};

  const progress: UserProgress = {
    createdAt: existing?.createdAt ?? nowIso,
    lastSyncAt: nowIso,
    anonymousId: existing?.anonymousId ?? input.anonymousId,
    baseline,
    devices,
    totals,
    activeDayRuns,
    streakSource,
    currentStreak: current,
    longestStreak: longest,
    onboarding,
    leaderboardOptIn,
    periods,
  };

  const todaySessionTime = device
    ? Object.values(devices)
        .filter((slot) => slot.localDate === today)
        .reduce((sum, slot) => sum + slot.todaySessionTime, 0)
    : (input.reported.todaySessionTime ?? 0);

  return { progress, merged: mergedView(progress, todaySessionTime), xpGained };
}

/**
 * First sync: the totals the client sends are its progress so far. What its device says it earned since it
 * started syncing goes into that device's slot; the rest is the baseline, so the user's total is what they had.
 */
function firstBaseline(input: SyncInput): Counters {
  const baseline = { ...ZERO };
  for (const name of COUNTERS) {
    baseline[name] = Math.max(0, (input.totals[name] ?? 0) - (input.device?.earned[name] ?? 0));
  }
  return baseline;
}

function mergeDeviceSlot(
  slot: DeviceSlot | undefined,
  device: DeviceSync,
  deviceCount: number,
  maxDevices: number,
): DeviceSlot {
  if (!slot && deviceCount >= maxDevices) {
    throw new AppError("forbidden", `This progress is already synced from ${maxDevices} devices, the most allowed.`, {
      details: [{ path: "device.deviceId", message: "device limit reached" }],
    });
  }
  const merged: DeviceSlot = slot ? { ...slot } : { ...ZERO, localDate: device.localDate, todaySessionTime: 0 };
  for (const name of COUNTERS) merged[name] = Math.max(merged[name], device.earned[name]);
  // A device's day only moves forward; within one day its time only grows. An old retry changes neither.
  const order = dayNumber(device.localDate) - dayNumber(merged.localDate);
  if (!slot || order > 0) {
    merged.localDate = device.localDate;
    merged.todaySessionTime = device.todaySessionTime;
  } else if (order === 0) {
    merged.todaySessionTime = Math.max(merged.todaySessionTime, device.todaySessionTime);
  }
  return merged;
}

/** The "never lower" fallback for a client without `device`: each total becomes max(server, client). */
function raiseBaselineToReportedTotals(
  baseline: Counters,
  devices: Record<string, DeviceSlot>,
  reported: Partial<Counters>,
): void {
  const current = sumCounters(baseline, devices);
  for (const name of COUNTERS) {
    const wanted = reported[name];
    if (wanted !== undefined && wanted > current[name]) baseline[name] += wanted - current[name];
  }
}

export function mergedView(progress: UserProgress, todaySessionTime: number): MergedProgress {
  const lastRun = progress.activeDayRuns[progress.activeDayRuns.length - 1];
  const onboarding: MergedProgress["onboarding"] = { hasSeenTour: progress.onboarding.hasSeenTour };
  if (progress.onboarding.gamificationOptIn !== null) {
    onboarding.gamificationOptIn = progress.onboarding.gamificationOptIn;
  }
  return {
    meditation: {
      totalXP: progress.totals.xp,
      totalMeditationTime: progress.totals.meditationMs,
      challengesCompleted: progress.totals.challengesCompleted,
      currentStreak: progress.currentStreak,
      longestStreak: progress.longestStreak,
      todaySessionTime,
      lastMeditationDate: lastRun ? toExtensionDateString(lastRun.to) : "",
    },
    onboarding,
  };
}
