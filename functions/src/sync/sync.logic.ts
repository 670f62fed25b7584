/**
 * The merge rules of POST /sync, pure: the stored progress and one request in, the new progress out.
 *
 * - XP, meditation time and completed challenges are grow-only counters with one slot per device
 *   (a G-Counter): each slot keeps the largest value its device ever reported, and a total is
 *   `baseline + Σ slots`. Retries, duplicates and any delivery order give the same result.
 * - `baseline` is progress no device's `earned` accounts for: what each device brought when it joined (its
 *   progress from before it started syncing, counted once, at its first sync, in whatever order devices pair and
 *   join), and what a plain client (no `device`) raised a total to under the "never lower" fallback.
 * - Streaks are recomputed from the union of active days; today's time is summed over the devices that are on
 *   the caller's local day.
 */
import { AppError, type FieldProblem } from "../errors";
import { addDays, dayNumber, toExtensionDateString, utcDay, type Day } from "../domain/dates";
import { periodKeys } from "../domain/periods";
import { addDaysToRuns, currentStreak, longestRun, trimRuns } from "../domain/streaks";
import { addGain, newAllowance, spendOnBoard } from "../domain/board-gains";
import { COUNTERS, MAX_DAY_RUNS, type Counters, type DeviceSlot, type UserProgress } from "../domain/progress";
import type { MergedProgress } from "./sync.schema";

export { COUNTERS, MAX_DAY_RUNS, type CounterName, type Counters, type DeviceSlot, type UserProgress } from "../domain/progress";

/** What a device brings when it joins: its progress from before it started syncing ("adopt" brings zeros). */
export type Brought = Counters & { longestStreak: number };

export interface DeviceSync {
  key: string;
  earned: Counters;
  /**
   * Sent by the client library. A client that leaves it out brings `max(0, total − earned)` at the user's first
   * sync, nothing when it joins an existing user, and in both cases its reported longest streak.
   */
  brought?: Brought;
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

export interface SyncOutcome {
  progress: UserProgress;
  merged: MergedProgress;
  /** Growth of the merged XP total through this request: 0 for a retry. */
  xpGained: number;
  /** The part of this request's newly earned XP that counts on the boards (before the opt-in check). */
  boardGain: number;
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
  const { device, now } = input;
  const nowIso = now.toISOString();
  const today = device?.localDate ?? utcDay(now);

  const baseline = existing ? { ...existing.baseline } : { ...ZERO };
  const devices = { ...(existing?.devices ?? {}) };
  let plainBoard = existing?.plainBoard;
  let boardGain = 0;
  // The one longest streak the server takes on trust: what a device reports at its first sync (history from
  // before sync; a plain client's only at the user's first sync). Later reports are inflated by the extension.
  let trustedLongest = 0;

  if (device) {
    const before = devices[device.key];
    if (!before) {
      if (Object.keys(devices).length >= input.maxDevices) throw deviceLimit(input.maxDevices);
      const brought = device.brought ?? inferredBrought(input, device, existing === null);
      for (const name of COUNTERS) baseline[name] += brought[name];
      trustedLongest = brought.longestStreak;
    }
    const slot = mergeDeviceSlot(before, device);
    // A slot from before allowances existed starts with a new device's allowance as of the user's last sync.
    const allowance = before ? (before.board ?? newAllowance(new Date(existing!.lastSyncAt))) : undefined;
    const spent = spendOnBoard(allowance, slot.xp - (before?.xp ?? 0), now);
    devices[device.key] = { ...slot, board: spent.allowance };
    boardGain = spent.counted;
  } else {
    raiseBaselineToReportedTotals(baseline, devices, input.totals);
    if (!existing) {
      plainBoard = newAllowance(now);
      trustedLongest = input.reported.longestStreak ?? 0;
    }
  }
  const totals = sumCounters(baseline, devices);
  if (!device && existing) {
    // A plain client's gain is the growth of the total it raised (its devices are untouched).
    const spent = spendOnBoard(plainBoard, totals.xp - existing.totals.xp, now);
    plainBoard = spent.allowance;
    boardGain = spent.counted;
  }

  const reportedDays: Day[] = [...(device?.activeDays ?? [])];
  const lastDay = input.reported.lastMeditationDay;
  // A last-meditation day later than any real "today" can only be a broken clock; it would forge a streak.
  if (lastDay && dayNumber(lastDay) <= dayNumber(addDays(utcDay(now), 1))) reportedDays.push(lastDay);
  const allRuns = addDaysToRuns(existing?.activeDayRuns ?? [], reportedDays);
  const activeDayRuns = trimRuns(allRuns, MAX_DAY_RUNS);

  const streakSource =
    existing?.streakSource === "days" || (device?.activeDays.length ?? 0) > 0 ? "days" : "reported";
  const current =
    streakSource === "days"
      ? currentStreak(activeDayRuns, today)
      : (input.reported.currentStreak ?? existing?.currentStreak ?? 0);
  // Each term only grows with the set of requests seen, so any order of the same requests gives the same value.
  const longest = Math.max(existing?.longestStreak ?? 0, trustedLongest, longestRun(allRuns));

  const onboarding = {
    hasSeenTour: (existing?.onboarding.hasSeenTour ?? false) || (input.onboarding.hasSeenTour ?? false),
    gamificationOptIn: input.onboarding.gamificationOptIn ?? existing?.onboarding.gamificationOptIn ?? null,
  };

  const previousXp = existing ? existing.totals.xp : baseline.xp;
  const xpGained = Math.max(0, totals.xp - previousXp);
  const leaderboardOptIn = input.leaderboardOptIn ?? existing?.leaderboardOptIn ?? false;
  // Circle boards rank the same period scores, so a circle member keeps scoring whatever their global choice.
  const circles = existing?.circles?.length ? existing.circles : undefined;
  const periods = leaderboardOptIn || circles ? addGain(existing?.periods ?? {}, boardGain, periodKeys(now)) : {};

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
    ...(plainBoard ? { plainBoard } : {}),
    ...(circles ? { circles } : {}),
  };

  const todaySessionTime = device
    ? Object.values(devices)
        .filter((slot) => slot.localDate === today)
        .reduce((sum, slot) => sum + slot.todaySessionTime, 0)
    : (input.reported.todaySessionTime ?? 0);

  return { progress, merged: mergedView(progress, todaySessionTime), xpGained, boardGain };
}

/**
 * A device that does not say what it brings (a client other than ours) follows the contract's older rule: the
 * user's first sync brings what its totals hold beyond what its device says it earned; a device joining an
 * existing user brings nothing but its earnings from then on. Either way its reported longest streak is taken,
 * once, as its history from before sync.
 */
function inferredBrought(input: SyncInput, device: DeviceSync, userIsNew: boolean): Brought {
  const brought: Brought = { ...ZERO, longestStreak: input.reported.longestStreak ?? 0 };
  if (!userIsNew) return brought;
  for (const name of COUNTERS) brought[name] = Math.max(0, (input.totals[name] ?? 0) - device.earned[name]);
  return brought;
}

function deviceLimit(maxDevices: number): AppError {
  return new AppError("forbidden", `This progress is already synced from ${maxDevices} devices, the most allowed.`, {
    details: [{ path: "device.deviceId", message: "device limit reached" }],
  });
}

function mergeDeviceSlot(slot: DeviceSlot | undefined, device: DeviceSync): DeviceSlot {
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
      // Before any active days exist the current streak is the client's own, which may exceed the trusted longest.
      longestStreak: Math.max(progress.longestStreak, progress.currentStreak),
      todaySessionTime,
      lastMeditationDate: lastRun ? toExtensionDateString(lastRun.to) : "",
    },
    onboarding,
  };
}
