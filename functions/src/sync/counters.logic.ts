/**
 * The counter steps of the sync merge, pure: admitting a device (what it brings, once), its G-Counter slot, a plain
 * client's "never lower" raise, the merged totals, and how much of a sync's gain counts on the boards.
 */
import { dayNumber } from "../domain/dates";
import { firstSyncAllowance, newAllowance, spendOnBoard, type BoardAllowance } from "../domain/board-gains";
import { COUNTERS, type Counters, type DeviceSlot, type SharedChallenges, type UserProgress } from "../domain/progress";
import { takenBack } from "./shared-challenges.logic";
import { MAX_DEVICE_CHALLENGES, MAX_DEVICE_MEDITATION_MS, MAX_DEVICE_XP, MAX_TOTAL_CHALLENGES, MAX_TOTAL_MEDITATION_MS, MAX_TOTAL_XP } from "../domain/bounds";

/** What a device brings when it joins: its progress from before it started syncing ("adopt" brings zeros). */
export type Brought = Counters & { longestStreak: number };

export const ZERO: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };
const DEVICE_BOUNDS: Counters = { xp: MAX_DEVICE_XP, meditationMs: MAX_DEVICE_MEDITATION_MS, challengesCompleted: MAX_DEVICE_CHALLENGES };
const TOTAL_BOUNDS: Counters = { xp: MAX_TOTAL_XP, meditationMs: MAX_TOTAL_MEDITATION_MS, challengesCompleted: MAX_TOTAL_CHALLENGES };

export interface DeviceCounters {
  key: string;
  earned: Counters;
  brought?: Brought;
  localDate: string;
  todaySessionTime: number;
  countingSince?: string;
}

/** What admitting a new device adds: to the baseline, the one trusted longest streak, its first allowance. */
export interface Admission {
  baseline: Counters;
  trustedLongest: number;
  allowance: BoardAllowance;
}

/**
 * A device's first sync: refused beyond the device limit; otherwise what it brings joins the baseline (once: the
 * slot exists from now on), its reported longest streak is taken as its history, and its board allowance covers
 * the time since it started counting.
 */
export function admitDevice(
  existing: UserProgress | null,
  baseline: Counters,
  device: DeviceCounters,
  brought: Brought,
  maxDevices: number,
  now: Date,
): Admission {
  if (Object.keys(existing?.devices ?? {}).length >= maxDevices) throw new DeviceLimitReached(maxDevices);
  const next = { ...baseline };
  for (const name of COUNTERS) next[name] += brought[name];
  return { baseline: next, trustedLongest: brought.longestStreak, allowance: firstSyncAllowance(device.countingSince, existing?.createdAt, now) };
}

/**
 * A device that does not say what it brings (a client other than ours) follows the contract's older rule: the
 * user's first sync brings what its totals hold beyond what its device says it earned (within one device's
 * bounds); a device joining an existing user brings nothing but its earnings from then on. Either way its reported
 * longest streak is taken, once, as its history from before sync.
 */
export function inferredBrought(totals: Partial<Counters>, earned: Counters, longestStreak: number, userIsNew: boolean): Brought {
  const brought: Brought = { ...ZERO, longestStreak };
  if (!userIsNew) return brought;
  for (const name of COUNTERS) brought[name] = Math.min(DEVICE_BOUNDS[name], Math.max(0, (totals[name] ?? 0) - earned[name]));
  return brought;
}

/** A new device when the user already syncs from `maxDevices`: the sync route answers it as 403 `forbidden`. */
export class DeviceLimitReached extends Error {
  constructor(readonly maxDevices: number) {
    super(`This progress is already synced from ${maxDevices} devices, the most allowed.`);
    this.name = "DeviceLimitReached";
  }
}

export function mergeDeviceSlot(slot: DeviceSlot | undefined, device: DeviceCounters): DeviceSlot {
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

export function sumCounters(baseline: Counters, devices: Record<string, DeviceSlot>): Counters {
  const totals = { ...baseline };
  for (const slot of Object.values(devices)) {
    for (const name of COUNTERS) totals[name] += slot[name];
  }
  return totals;
}

/**
 * The merged totals: `baseline + Σ slots`, less the duplicate challenge rewards taken back, within the totals'
 * bounds. Devices alone cannot pass the bounds (each brings and earns at most its own); only plain clients' raises
 * added to devices' counters could, and there the total saturates rather than answer what cannot be posted back.
 */
export function totalsOf(baseline: Counters, devices: Record<string, DeviceSlot>, shared: SharedChallenges | undefined): Counters {
  const gross = sumCounters(baseline, devices);
  const back = takenBack(shared);
  const net = { ...gross, xp: gross.xp - back.xp, challengesCompleted: gross.challengesCompleted - back.challengesCompleted };
  for (const name of COUNTERS) net[name] = Math.min(TOTAL_BOUNDS[name], Math.max(0, net[name]));
  return net;
}

/** The "never lower" fallback for a client without `device`: raises the baseline so each total is max(server, client). */
export function raisedBaseline(baseline: Counters, current: Counters, reported: Partial<Counters>): Counters {
  const next = { ...baseline };
  for (const name of COUNTERS) {
    const wanted = reported[name];
    if (wanted !== undefined && wanted > current[name]) next[name] += wanted - current[name];
  }
  return next;
}

/**
 * How much of a sync's XP growth counts on the boards, spent from `allowance`. Duplicate challenge rewards this
 * sync took back are not a gain: they come off the growth first, and what the growth cannot cover (the reward was
 * counted by an earlier sync) is a negative gain that lowers the period buckets.
 */
export function boardGainOf(
  allowance: BoardAllowance | undefined,
  growth: number,
  takenBackXp: number,
  now: Date,
): { counted: number; allowance: BoardAllowance } {
  const net = growth - takenBackXp;
  const spent = spendOnBoard(allowance, Math.max(0, net), now);
  return { counted: net < 0 ? net : spent.counted, allowance: spent.allowance };
}

/** A slot from before allowances existed starts with a new device's allowance as of the user's last sync. */
export function slotAllowance(slot: DeviceSlot, existing: UserProgress): BoardAllowance {
  return slot.board ?? newAllowance(new Date(existing.lastSyncAt));
}
