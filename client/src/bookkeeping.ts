/**
 * The sync bookkeeping, pure (no I/O, the clock passed in): what this install brought, what it earned since, what
 * it last saw or wrote, and what a sync result writes back. Everything the kit keeps per install lives in
 * `KitState` (globalState); the userId is kept apart, in SecretStorage.
 */
import { dayFromExtensionDate, localDay } from "./days";
import { MAX_ACTIVE_DAYS, MAX_CHALLENGES, MAX_DAY_MS, MAX_MEDITATION_MS, MAX_STREAK, MAX_XP } from "./server-bounds";
import type { JoinMode, MeditationStats, MergedMeditation } from "./types";

export interface Counters {
  xp: number;
  meditationMs: number;
  challengesCompleted: number;
}
const COUNTERS: Array<keyof Counters> = ["xp", "meditationMs", "challengesCompleted"];
const MAX_OF: Counters = { xp: MAX_XP, meditationMs: MAX_MEDITATION_MS, challengesCompleted: MAX_CHALLENGES };
const ZERO: Counters = { xp: 0, meditationMs: 0, challengesCompleted: 0 };

export type Brought = Counters & { longestStreak: number };

export interface KitState {
  v: 1;
  deviceId: string;
  /** Progress this device brought when it joined; fixed, sent with every sync. */
  brought: Brought;
  /** What this device earned since it joined: cumulative, never lower (its G-Counter slot). */
  earned: Counters;
  /** The local totals as last read or written by the kit. */
  seen: Counters;
  /** This device's own meditation ms on `day`, and today's engine value as last read or written. */
  day: string;
  todayOwn: number;
  seenToday: number;
  activeDays: string[];
  syncedOnce: boolean;
  lastSync?: string;
  anonymousId?: string;
  /** A leaderboard choice made on this install and not yet acknowledged by the server. */
  optInChoice?: boolean;
  /** The engine's data was cleared ("Clear All Data") while syncing: paused until the user decides. */
  cleared?: boolean;
}

/** A number the server accepts: a whole number in `0 … max`. */
export const clamp = (value: unknown, max: number) => Math.min(max, Math.max(0, Math.floor(Number(value) || 0)));

export function countersOf(stats: MeditationStats): Counters {
  return {
    xp: clamp(stats.totalXP, MAX_XP),
    meditationMs: clamp(stats.totalMeditationTime, MAX_MEDITATION_MS),
    challengesCompleted: clamp(stats.challengesCompleted, MAX_CHALLENGES),
  };
}

export function todayTimeOf(stats: MeditationStats, today: string): number {
  return dayFromExtensionDate(stats.lastMeditationDate) === today ? clamp(stats.todaySessionTime, MAX_DAY_MS) : 0;
}

/** A fresh bookkeeping for an install that joins now, bringing its progress (`merge`) or not (`adopt`). */
export function joinedState(deviceId: string, stats: MeditationStats, now: Date, mode: JoinMode): KitState {
  const today = localDay(now);
  const local = countersOf(stats);
  const own = todayTimeOf(stats, today);
  const brought: Brought =
    mode === "merge" ? { ...local, longestStreak: clamp(stats.longestStreak, MAX_STREAK) } : { ...ZERO, longestStreak: 0 };
  return {
    v: 1,
    deviceId,
    brought,
    earned: { ...ZERO },
    seen: local,
    day: today,
    todayOwn: mode === "merge" ? own : 0,
    seenToday: own,
    activeDays: mode === "merge" ? activeDaysOf(stats, [], today) : [],
    syncedOnce: false,
  };
}

/** What "Clear All Data" leaves: every total zero and no meditation day, where something was there before. */
function looksCleared(before: Counters, stats: MeditationStats): boolean {
  const now = countersOf(stats);
  const hadSomething = before.xp > 0 || before.meditationMs > 0;
  return hadSomething && now.xp === 0 && now.meditationMs === 0 && !stats.lastMeditationDate;
}

/**
 * Reads the stats into the bookkeeping: growth of a total since the last value seen or written is this device's
 * own earning; a lower total (another window overwrote it) is the new starting point, never a loss to count.
 */
export function observe(state: KitState, stats: MeditationStats, now: Date): KitState {
  const today = localDay(now);
  const local = countersOf(stats);
  if (looksCleared(state.seen, stats)) return { ...state, seen: local, cleared: true };
  const earned = { ...state.earned };
  for (const name of COUNTERS) earned[name] = Math.min(MAX_OF[name], earned[name] + Math.max(0, local[name] - state.seen[name]));
  const fresh = state.day !== today;
  const seenToday = fresh ? 0 : state.seenToday;
  const currentToday = todayTimeOf(stats, today);
  const todayOwn = Math.min(MAX_DAY_MS, (fresh ? 0 : state.todayOwn) + Math.max(0, currentToday - seenToday));
  return { ...state, earned, seen: local, day: today, todayOwn, seenToday: currentToday, activeDays: activeDaysOf(stats, state.activeDays, today) };
}

/** Active local days: those known, the last meditation day, and the days of logged sessions. */
function activeDaysOf(stats: MeditationStats, known: string[], today: string): string[] {
  const days = new Set(known);
  const last = dayFromExtensionDate(stats.lastMeditationDate);
  if (last) days.add(last);
  for (const session of stats.sessions ?? []) {
    const started = session.startedAt ? new Date(session.startedAt) : undefined;
    if (started && !Number.isNaN(started.getTime())) days.add(localDay(started));
  }
  return [...days].filter((day) => day <= today).sort().slice(-MAX_ACTIVE_DAYS);
}

/** What one sync sent, from the bookkeeping after an observation. */
export interface Sent {
  earned: Counters;
  day: string;
  todayOwn: number;
}

/**
 * The stats to write after a sync: the merged totals plus whatever this device earned since the request was
 * built (already counted in `state.earned`). Applying the same result again writes the same stats.
 */
export function mergedStats(current: MeditationStats, merged: MergedMeditation, sent: Sent, state: KitState): MeditationStats {
  const grown = (name: keyof Counters) => Math.max(0, state.earned[name] - sent.earned[name]);
  const localLast = dayFromExtensionDate(current.lastMeditationDate);
  const mergedLast = dayFromExtensionDate(merged.lastMeditationDate);
  // The device practised after the request was built: its own last day and streak are the newer news.
  const localIsNewer = localLast !== undefined && (mergedLast === undefined || localLast > mergedLast);
  const currentStreak = localIsNewer ? current.currentStreak : merged.currentStreak;
  return {
    ...current,
    totalXP: merged.totalXP + grown("xp"),
    totalMeditationTime: merged.totalMeditationTime + grown("meditationMs"),
    challengesCompleted: merged.challengesCompleted + grown("challengesCompleted"),
    todaySessionTime:
      state.day === sent.day ? merged.todaySessionTime + Math.max(0, state.todayOwn - sent.todayOwn) : current.todaySessionTime,
    lastMeditationDate: localIsNewer || !merged.lastMeditationDate ? current.lastMeditationDate : merged.lastMeditationDate,
    currentStreak,
    longestStreak: Math.max(merged.longestStreak, currentStreak),
  };
}

/** The bookkeeping after the kit wrote `written`: it saw what it wrote, so none of it is counted as earned later. */
export function afterWrite(state: KitState, written: MeditationStats): KitState {
  const today = written.lastMeditationDate && dayFromExtensionDate(written.lastMeditationDate) === state.day;
  return { ...state, seen: countersOf(written), seenToday: today ? clamp(written.todaySessionTime, MAX_DAY_MS) : state.seenToday };
}
