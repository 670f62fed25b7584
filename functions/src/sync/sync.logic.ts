/**
 * The merge rules of POST /sync, pure: the stored progress and one request in, the new progress out.
 *
 * - XP, meditation time and completed challenges are grow-only counters with one slot per device
 *   (a G-Counter): each slot keeps the largest value its device ever reported, and a total is
 *   `baseline + Σ slots`. Retries, duplicates and any delivery order give the same result.
 * - `baseline` is progress no device's `earned` accounts for: what each device brought when it joined (its
 *   progress from before it started syncing, counted once, at its first sync, in whatever order devices pair and
 *   join), and what a plain client (no `device`) raised a total to under the "never lower" fallback.
 * - Each served challenge's reward counts once per user: a second device's duplicate reward is taken back from
 *   the totals and from that device's board gain (shared-challenges.logic).
 * - Streaks are recomputed from the union of active days; today's time is summed over the devices that are on
 *   the caller's local day.
 *
 * mergeSync is a short sequence of named steps; the counter steps are in counters.logic.
 */
import type { FieldProblem } from "../errors";
import { addDays, dayNumber, toExtensionDateString, utcDay, type Day } from "../domain/dates";
import { periodKeys } from "../domain/periods";
import { addDaysToRuns, currentStreak, longestRun, trimRuns, type DayRun } from "../domain/streaks";
import { addGain, newAllowance, type BoardAllowance } from "../domain/board-gains";
import { MAX_DAY_RUNS, type Counters, type DeviceSlot, type SharedChallenges, type UserProgress } from "../domain/progress";
import {
  admitDevice,
  boardGainOf,
  inferredBrought,
  mergeDeviceSlot,
  raisedBaseline,
  slotAllowance,
  totalsOf,
  ZERO,
  type Brought,
  type DeviceCounters,
} from "./counters.logic";
import { completedOn, recordCompletions, type CompletionReport, type ServedRewards } from "./shared-challenges.logic";
import { MAX_STREAK, MAX_TOTAL_DAY_MS } from "../domain/bounds";
import type { MergedProgress } from "./sync.schema";

export { COUNTERS, MAX_DAY_RUNS, type CounterName, type Counters, type DeviceSlot, type UserProgress } from "../domain/progress";
export { sumCounters, type Brought } from "./counters.logic";

export interface DeviceSync extends DeviceCounters {
  /**
   * Sent by the client library. A client that leaves it out brings `max(0, total − earned)` at the user's first
   * sync, nothing when it joins an existing user, and in both cases its reported longest streak.
   */
  brought?: Brought;
  activeDays: Day[];
  /** Served challenges this device's engine completed (shared-challenges.logic). */
  completedChallenges?: CompletionReport[];
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
  /** The rewards of the sets served on the dates `datesNeedingSets` named (none needed: leave it out). */
  servedRewards?: ServedRewards;
}

export interface SyncOutcome {
  progress: UserProgress;
  merged: MergedProgress;
  /** The served challenges completed on the caller's local day and the day before (`serverData`). */
  completedChallenges: CompletionReport[];
  /**
   * What this request changes on the boards (before the opt-in check): the part of its newly earned XP that
   * counts, less duplicate challenge rewards it took back (so it can be negative).
   */
  boardGain: number;
}

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

/** The counters after one sync: what is stored of them, and what counts on the boards. */
interface CounterStep {
  stored: {
    baseline: Counters;
    devices: Record<string, DeviceSlot>;
    totals: Counters;
    sharedChallenges?: SharedChallenges;
    plainBoard?: BoardAllowance;
  };
  boardGain: number;
  /** The one longest streak taken on trust: what a device (or a new user's plain client) reports first. */
  trustedLongest: number;
}

/** The counter step (a device's or a plain client's) → streaks → onboarding → boards → the stored progress and the answer. */
export function mergeSync(existing: UserProgress | null, input: SyncInput): SyncOutcome {
  const counters = input.device ? deviceCounters(existing, input, input.device) : plainCounters(existing, input);
  const today = input.device?.localDate ?? utcDay(input.now);
  const streaks = mergeStreaks(existing, input, today, counters.trustedLongest);
  const leaderboardOptIn = input.leaderboardOptIn ?? existing?.leaderboardOptIn ?? false;
  const { boardGain, stored } = counters;
  // Circle boards rank the same period scores, so a circle member keeps scoring whatever their global choice.
  const circles = existing?.circles?.length ? existing.circles : undefined;
  const progress: UserProgress = {
    createdAt: existing?.createdAt ?? input.now.toISOString(),
    lastSyncAt: input.now.toISOString(),
    anonymousId: existing?.anonymousId ?? input.anonymousId,
    baseline: stored.baseline,
    devices: stored.devices,
    totals: stored.totals,
    ...streaks,
    onboarding: mergeOnboarding(existing, input),
    leaderboardOptIn,
    periods: leaderboardOptIn || circles ? addGain(existing?.periods ?? {}, boardGain, periodKeys(input.now)) : {},
    // Absent rather than undefined: Firestore refuses undefined fields.
    ...(stored.plainBoard ? { plainBoard: stored.plainBoard } : {}),
    ...(stored.sharedChallenges ? { sharedChallenges: stored.sharedChallenges } : {}),
    ...(circles ? { circles } : {}),
  };
  return {
    progress,
    merged: mergedView(progress, todayTime(progress, input, today)),
    completedChallenges: completedOn(progress.sharedChallenges, [addDays(today, -1), today]),
    boardGain,
  };
}

/** A device's sync: admit it (first sync only), merge its slot, record its completions, count its own growth. */
function deviceCounters(existing: UserProgress | null, input: SyncInput, device: DeviceSync): CounterStep {
  const before = existing?.devices[device.key];
  let baseline = existing ? { ...existing.baseline } : { ...ZERO };
  let trustedLongest = 0;
  let allowance = before ? slotAllowance(before, existing) : undefined;
  if (!before) {
    const brought = device.brought ?? inferredBrought(input.totals, device.earned, input.reported.longestStreak ?? 0, existing === null);
    const admitted = admitDevice(existing, baseline, device, brought, input.maxDevices, input.now);
    ({ baseline, trustedLongest, allowance } = admitted);
  }
  const slot = mergeDeviceSlot(before, device);
  const recorded = recordCompletions(
    existing?.sharedChallenges,
    device.key,
    device.completedChallenges ?? [],
    device.localDate,
    input.servedRewards ?? {},
    input.now,
  );
  const gain = boardGainOf(allowance, slot.xp - (before?.xp ?? 0), recorded.newlyTakenBack.xp, input.now);
  const devices = { ...(existing?.devices ?? {}), [device.key]: { ...slot, board: gain.allowance } };
  const sharedChallenges = recorded.shared.recent.length > 0 || existing?.sharedChallenges ? recorded.shared : undefined;
  return {
    stored: { baseline, devices, totals: totalsOf(baseline, devices, sharedChallenges), sharedChallenges, plainBoard: existing?.plainBoard },
    boardGain: gain.counted,
    trustedLongest,
  };
}

/** A plain client's sync ("never lower"): its gain is the growth of the total it raised; devices are untouched. */
function plainCounters(existing: UserProgress | null, input: SyncInput): CounterStep {
  const devices = { ...(existing?.devices ?? {}) };
  const sharedChallenges = existing?.sharedChallenges;
  const current = totalsOf(existing?.baseline ?? ZERO, devices, sharedChallenges);
  const baseline = raisedBaseline(existing?.baseline ?? ZERO, current, input.totals);
  const totals = totalsOf(baseline, devices, sharedChallenges);
  if (!existing) {
    return { stored: { baseline, devices, totals, plainBoard: newAllowance(input.now) }, boardGain: 0, trustedLongest: input.reported.longestStreak ?? 0 };
  }
  const gain = boardGainOf(existing.plainBoard, totals.xp - existing.totals.xp, 0, input.now);
  return { stored: { baseline, devices, totals, sharedChallenges, plainBoard: gain.allowance }, boardGain: gain.counted, trustedLongest: 0 };
}

interface Streaks {
  activeDayRuns: DayRun[];
  streakSource: "days" | "reported";
  currentStreak: number;
  longestStreak: number;
}

function mergeStreaks(existing: UserProgress | null, input: SyncInput, today: Day, trustedLongest: number): Streaks {
  const reportedDays: Day[] = [...(input.device?.activeDays ?? [])];
  const lastDay = input.reported.lastMeditationDay;
  // A last-meditation day later than any real "today" can only be a broken clock; it would forge a streak.
  if (lastDay && dayNumber(lastDay) <= dayNumber(addDays(utcDay(input.now), 1))) reportedDays.push(lastDay);
  const allRuns = addDaysToRuns(existing?.activeDayRuns ?? [], reportedDays);
  const activeDayRuns = trimRuns(allRuns, MAX_DAY_RUNS);
  const streakSource = existing?.streakSource === "days" || (input.device?.activeDays.length ?? 0) > 0 ? "days" : "reported";
  const current =
    streakSource === "days" ? currentStreak(activeDayRuns, today) : (input.reported.currentStreak ?? existing?.currentStreak ?? 0);
  // Each term only grows with the set of requests seen, so any order of the same requests gives the same value.
  const longest = Math.max(existing?.longestStreak ?? 0, trustedLongest, longestRun(allRuns));
  return { activeDayRuns, streakSource, currentStreak: current, longestStreak: longest };
}

function mergeOnboarding(existing: UserProgress | null, input: SyncInput): UserProgress["onboarding"] {
  return {
    hasSeenTour: (existing?.onboarding.hasSeenTour ?? false) || (input.onboarding.hasSeenTour ?? false),
    gamificationOptIn: input.onboarding.gamificationOptIn ?? existing?.onboarding.gamificationOptIn ?? null,
  };
}

/** Today's time: Σ over the devices on the caller's local day; a plain client's own value (its day is unknown). */
function todayTime(progress: UserProgress, input: SyncInput, today: Day): number {
  if (!input.device) return input.reported.todaySessionTime ?? 0;
  return Object.values(progress.devices)
    .filter((slot) => slot.localDate === today)
    .reduce((sum, slot) => sum + slot.todaySessionTime, 0);
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
      // Within the request's bounds, so a client can post the merged view back (a run of active days could pass them).
      currentStreak: Math.min(MAX_STREAK, progress.currentStreak),
      // Before any active days exist the current streak is the client's own, which may exceed the trusted longest.
      longestStreak: Math.min(MAX_STREAK, Math.max(progress.longestStreak, progress.currentStreak)),
      todaySessionTime: Math.min(MAX_TOTAL_DAY_MS, todaySessionTime),
      lastMeditationDate: lastRun ? toExtensionDateString(lastRun.to) : "",
    },
    onboarding,
  };
}
