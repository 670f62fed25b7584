/**
 * The sync bookkeeping, pure (no I/O, the clock passed in): what this install brought, what it earned since, what
 * it last saw or wrote, and what a sync result writes back. Everything the kit keeps per install lives in
 * `KitState` (globalState); the userId is kept apart, in SecretStorage.
 */
import { dayFromExtensionDate, localDay } from "../days";
import {
  MAX_ACTIVE_DAYS,
  MAX_COMPLETED_CHALLENGES,
  MAX_DAY_MS,
  MAX_DEVICE_CHALLENGES,
  MAX_DEVICE_MEDITATION_MS,
  MAX_DEVICE_XP,
  MAX_STREAK,
  MAX_TOTAL_CHALLENGES,
  MAX_TOTAL_MEDITATION_MS,
  MAX_TOTAL_XP,
} from "../../generated/wire";
import { completedNow, ownCompletions, type ChallengeRef } from "./challenge-rules";
import { todaysShare } from "./own-time";
import type { JoinMode, MeditationStats, MergedMeditation, ServedSet } from "../types";

export interface Counters {
  xp: number;
  meditationMs: number;
  challengesCompleted: number;
}
const COUNTERS: Array<keyof Counters> = ["xp", "meditationMs", "challengesCompleted"];
/** A device's own counters (`earned`, `brought`) and the totals it reports have the server's bounds. */
const MAX_OF: Counters = { xp: MAX_DEVICE_XP, meditationMs: MAX_DEVICE_MEDITATION_MS, challengesCompleted: MAX_DEVICE_CHALLENGES };
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
  /** This device's own meditation ms on its local `day` (own-time.ts). */
  day: string;
  todayOwn: number;
  activeDays: string[];
  syncedOnce: boolean;
  lastSync?: string;
  anonymousId?: string;
  /** A leaderboard choice made on this install and not yet acknowledged by the server. */
  optInChoice?: boolean;
  /** The engine's data was cleared ("Clear All Data") while syncing: paused until the user decides. */
  cleared?: boolean;
  /**
   * Set when the pause was recorded together with a new `mark` written into the (wiped) stats: a read without
   * that marker is one more wipe during the pause, and what the stats hold was all earned after it. Absent
   * (bookkeeping from an older kit), a wipe during the pause cannot be told.
   */
  pauseMarked?: boolean;
  /**
   * The marker the kit writes into the stats with everything it writes (`syncMark`). The engine keeps unknown
   * fields through load and save, and only `reset()` drops them: a read without it is a wipe, whatever the
   * totals have grown back to since.
   */
  mark?: string;
  /**
   * Whether the id may be on other installs: false for an id made here and never given a code, true once this
   * install made a code or joined with one, absent when the kit cannot say (then it is treated as shared).
   */
  shared?: boolean;
  /** When this install started counting `earned` (sent as `device.countingSince`). */
  countingSince?: string;
  /** Served challenges the kit handed to the engine (last week). */
  handed?: ChallengeRef[];
  /** Served challenges the kit marked completed because other installs had: never reported as this one's. */
  marked?: ChallengeRef[];
  /**
   * Served challenges the engine's list held as completed when this install started counting (it joined, or
   * synced under a new id): paid under another user, before the kit kept books, or marked from others. They are
   * never reported (docs/architecture.md, "Shared challenges across joins"); a wipe empties the list, so it drops
   * them too (whatever the engine pays after a wipe is its own).
   */
  joinedCompleted?: ChallengeRef[];
  /** Served challenges this install's engine completed itself (reported, cumulative, last week). */
  ownCompleted?: ChallengeRef[];
  /** The user's completed served challenges, as the server last answered (the caller's day and the one before). */
  userCompleted?: ChallengeRef[];
  /** What the last successful sync sent (resources/sync.ts, digestOf): a timer with nothing new to send stays quiet. */
  sentDigest?: string;
  /** The served set last fetched, for its local day. */
  served?: ServedSet;
}

/** The most completions a device reports (the server's bound). */
export const MAX_REPORTED_COMPLETIONS = MAX_COMPLETED_CHALLENGES;

/** A number the server accepts: a whole number in `0 … max`. */
export const clamp = (value: unknown, max: number) => Math.min(max, Math.max(0, Math.floor(Number(value) || 0)));

/** The stats' totals, as the server accepts them back (the merged totals it answers fit these bounds). */
export function countersOf(stats: MeditationStats): Counters {
  return {
    xp: clamp(stats.totalXP, MAX_TOTAL_XP),
    meditationMs: clamp(stats.totalMeditationTime, MAX_TOTAL_MEDITATION_MS),
    challengesCompleted: clamp(stats.challengesCompleted, MAX_TOTAL_CHALLENGES),
  };
}

const capped = (counters: Counters): Counters => ({
  xp: Math.min(MAX_DEVICE_XP, counters.xp),
  meditationMs: Math.min(MAX_DEVICE_MEDITATION_MS, counters.meditationMs),
  challengesCompleted: Math.min(MAX_DEVICE_CHALLENGES, counters.challengesCompleted),
});

function todayTimeOf(stats: MeditationStats, today: string): number {
  return dayFromExtensionDate(stats.lastMeditationDate) === today ? clamp(stats.todaySessionTime, MAX_DAY_MS) : 0;
}

/**
 * A fresh bookkeeping for an install that joins now, bringing its progress (`merge`) or not (`adopt`); `mark` is
 * the new marker the kit then writes into the stats.
 */
export function joinedState(deviceId: string, stats: MeditationStats, now: Date, mode: JoinMode, mark?: string): KitState {
  const today = localDay(now);
  const local = countersOf(stats);
  const own = todayTimeOf(stats, today);
  const brought: Brought =
    mode === "merge" ? { ...capped(local), longestStreak: clamp(stats.longestStreak, MAX_STREAK) } : { ...ZERO, longestStreak: 0 };
  return {
    v: 1,
    deviceId,
    brought,
    earned: { ...ZERO },
    seen: local,
    day: today,
    todayOwn: mode === "merge" ? own : 0,
    activeDays: mode === "merge" ? activeDaysOf(stats, [], today) : [],
    syncedOnce: false,
    countingSince: now.toISOString(),
    joinedCompleted: completedNow(stats),
    ...(mark ? { mark } : {}),
  };
}

/**
 * Whether "Clear All Data" wiped the stats since the kit last wrote them: the marker is gone. Bookkeeping from a
 * kit without a marker falls back to what a wipe leaves when nothing was earned after it (all zero, no day).
 */
export function isWiped(state: KitState, stats: MeditationStats): boolean {
  if (state.mark !== undefined) return stats.syncMark !== state.mark;
  const now = countersOf(stats);
  const hadSomething = state.seen.xp > 0 || state.seen.meditationMs > 0;
  return hadSomething && now.xp === 0 && now.meditationMs === 0 && !stats.lastMeditationDate;
}

/**
 * Whether the stats show a wipe the bookkeeping has not recorded: the first one (sync then pauses), or — once the
 * pause was recorded with its own marker — one more during the pause. Whoever records it must write a new marker
 * (marker.ts, `recordPause`), or the next wipe could not be told from growth.
 */
export function isNewWipe(state: KitState, stats: MeditationStats): boolean {
  return isWiped(state, stats) && (!state.cleared || state.pauseMarked === true);
}

/**
 * Reads the stats into the bookkeeping: growth of a total since the last value seen or written is this device's
 * own earning; a lower total (another window overwrote it) is the new starting point, never a loss to count.
 * After a wipe (`reset()` zeroed every total) everything the stats hold was earned after it, so it is counted,
 * and sync pauses until the user chooses (nothing earned after the wipe is lost, whatever they choose). The same
 * holds for a further wipe during the pause (isNewWipe): what was seen before it stays earned, the rest counts anew.
 */
export function observe(state: KitState, stats: MeditationStats, now: Date): KitState {
  const today = localDay(now);
  const base: KitState = isNewWipe(state, stats)
    ? { ...state, seen: { ...ZERO }, cleared: true, pauseMarked: undefined, joinedCompleted: undefined }
    : state;
  const local = countersOf(stats);
  const earned = { ...base.earned };
  for (const name of COUNTERS) earned[name] = Math.min(MAX_OF[name], earned[name] + Math.max(0, local[name] - base.seen[name]));
  const grownMs = Math.max(0, local.meditationMs - base.seen.meditationMs);
  const todayOwn = base.day === today ? base.todayOwn + grownMs : todaysShare(grownMs, stats, today);
  return {
    ...base,
    earned,
    seen: local,
    day: today,
    todayOwn: Math.min(MAX_DAY_MS, todayOwn),
    activeDays: activeDaysOf(stats, base.activeDays, today),
    ownCompleted: ownCompletions(stats, base.handed ?? [], notOwn(base), base.ownCompleted ?? [], today, MAX_REPORTED_COMPLETIONS),
  };
}

/** Served completions never reported as this install's: those it marked, and those its engine held when it joined. */
const notOwn = (state: KitState): ChallengeRef[] => [...(state.marked ?? []), ...(state.joinedCompleted ?? [])];

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
  return { ...state, seen: countersOf(written) };
}
