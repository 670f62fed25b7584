/**
 * Streaks recomputed from the days a user practised, never trusted from the client (the extension's own
 * counter grows on every load of a new day). Active days are kept as sorted, disjoint runs of consecutive days
 * (`{ from, to }`), which stores years of history in a few entries and makes both streaks a glance at the runs.
 */
import { addDays, dayNumber, type Day } from "./dates";

export interface DayRun {
  from: Day;
  to: Day;
}

/** Merges days into runs: any order, any duplicates, same result. */
export function addDaysToRuns(runs: readonly DayRun[], days: readonly Day[]): DayRun[] {
  const all = [...runs, ...days.map((day) => ({ from: day, to: day }))].sort(
    (a, b) => dayNumber(a.from) - dayNumber(b.from),
  );
  const merged: DayRun[] = [];
  for (const run of all) {
    const last = merged[merged.length - 1];
    if (last && dayNumber(run.from) <= dayNumber(last.to) + 1) {
      if (dayNumber(run.to) > dayNumber(last.to)) last.to = run.to;
    } else {
      merged.push({ ...run });
    }
  }
  return merged;
}

export function runLength(run: DayRun): number {
  return dayNumber(run.to) - dayNumber(run.from) + 1;
}

/**
 * Consecutive active days ending at `today`, or at the day before it (today's session may not have happened yet,
 * and the streak is not broken until the day is over). Days after `today` are ignored.
 */
export function currentStreak(runs: readonly DayRun[], today: Day): number {
  const yesterday = addDays(today, -1);
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (dayNumber(run.from) > dayNumber(today)) continue;
    const end = dayNumber(run.to) > dayNumber(today) ? today : run.to;
    if (end !== today && end !== yesterday) return 0;
    return dayNumber(end) - dayNumber(run.from) + 1;
  }
  return 0;
}

export function longestRun(runs: readonly DayRun[]): number {
  return runs.reduce((longest, run) => Math.max(longest, runLength(run)), 0);
}

/** Keeps the newest `max` runs; older ones only mattered for `longestStreak`, which is kept as a number. */
export function trimRuns(runs: readonly DayRun[], max: number): DayRun[] {
  return runs.slice(Math.max(0, runs.length - max));
}
