/**
 * Shared challenges, pure: each served challenge's reward counts once per user, however many of the user's
 * installs completed it (contract, "Shared challenges"; the design is in docs/architecture.md).
 *
 * Per user the server keeps, for recent local days, which devices reported each served `{date, id}` (a grow-only
 * set per completion) and the served reward. Every device after the first paid a duplicate reward, which is taken
 * back from the merged totals. What is taken back is a function of the sets alone, so retries, duplicates and any
 * order of syncs give the same totals. Old days are pruned into a cumulative `settled` amount, so pruning changes
 * no total, and reports for pruned days are ignored from then on.
 */
import { addDays, dayNumber, utcDay, type Day } from "../domain/dates";
import type { ChallengeCompletion, SharedChallenges } from "../domain/progress";

/** A device reports completions for its local days `localDate − 6 … localDate` (the contract's window). */
export const REPORT_WINDOW_DAYS = 7;
/**
 * Completions are kept for dates from the server's UTC day − 8 on: a device's local day is at most one day behind
 * UTC and its window reaches six days further back, plus one day of margin for instances' clocks.
 */
export const KEPT_DAYS_BEFORE_UTC_TODAY = 8;

export interface CompletionReport {
  date: Day;
  id: string;
}

/** The rewards of the sets served on some dates: date → served id → rewardXP. */
export type ServedRewards = Record<Day, Record<string, number>>;

/** What duplicates took back: subtracted from the merged `totalXP` and `challengesCompleted`. */
export interface TakenBack {
  xp: number;
  challengesCompleted: number;
}

const NOTHING: TakenBack = { xp: 0, challengesCompleted: 0 };

export function emptySharedChallenges(now: Date): SharedChallenges {
  return { recent: [], settled: { ...NOTHING }, keptFrom: keptFromAt(now) };
}

function keptFromAt(now: Date): Day {
  return addDays(utcDay(now), -KEPT_DAYS_BEFORE_UTC_TODAY);
}

const sameCompletion = (a: CompletionReport) => (b: CompletionReport) => a.date === b.date && a.id === b.id;

/** The reports that can count: inside the device's window and not before what the server still keeps. */
function countableReports(reports: readonly CompletionReport[], localDate: Day, keptFrom: Day): CompletionReport[] {
  const first = Math.max(dayNumber(localDate) - (REPORT_WINDOW_DAYS - 1), dayNumber(keptFrom));
  const unique: CompletionReport[] = [];
  for (const report of reports) {
    const day = dayNumber(report.date);
    if (day < first || day > dayNumber(localDate) || unique.some(sameCompletion(report))) continue;
    unique.push(report);
  }
  return unique;
}

/**
 * The dates whose served set a sync needs: those of countable reports that no device reported before (a known
 * completion already carries its reward). Usually none, so most syncs read no challenge set at all.
 */
export function datesNeedingSets(
  shared: SharedChallenges | undefined,
  reports: readonly CompletionReport[],
  localDate: Day,
  now: Date,
): Day[] {
  const state = prune(shared ?? emptySharedChallenges(now), now);
  const fresh = countableReports(reports, localDate, state.keptFrom).filter((r) => !state.recent.some(sameCompletion(r)));
  return [...new Set(fresh.map((r) => r.date))].sort();
}

/** Moves completions older than the kept window into `settled`; `keptFrom` only moves forward. */
function prune(shared: SharedChallenges, now: Date): SharedChallenges {
  const keptFrom = dayNumber(keptFromAt(now)) > dayNumber(shared.keptFrom) ? keptFromAt(now) : shared.keptFrom;
  const settled = { ...shared.settled };
  const recent: ChallengeCompletion[] = [];
  for (const completion of shared.recent) {
    if (dayNumber(completion.date) >= dayNumber(keptFrom)) {
      recent.push(completion);
      continue;
    }
    const duplicates = completion.devices.length - 1;
    settled.xp += duplicates * completion.rewardXP;
    settled.challengesCompleted += duplicates;
  }
  return { recent, settled, keptFrom };
}

export interface Recorded {
  shared: SharedChallenges;
  /** The duplicate rewards this report added: what this device's board gain gives back. */
  newlyTakenBack: TakenBack;
}

/**
 * Adds one device's reports to the user's completions. A report counts when its id is in the set served for its
 * date (`served`, looked up by the caller for `datesNeedingSets`) or another device already reported it; other
 * reports (an id an admin has since re-curated away, a day outside the window) are ignored, as the contract says.
 */
export function recordCompletions(
  shared: SharedChallenges | undefined,
  deviceKey: string,
  reports: readonly CompletionReport[],
  localDate: Day,
  served: ServedRewards,
  now: Date,
): Recorded {
  const state = prune(shared ?? emptySharedChallenges(now), now);
  const recent = state.recent.map((completion) => ({ ...completion, devices: [...completion.devices] }));
  const newlyTakenBack = { ...NOTHING };
  for (const report of countableReports(reports, localDate, state.keptFrom)) {
    const known = recent.find(sameCompletion(report));
    if (known) {
      if (known.devices.includes(deviceKey)) continue;
      known.devices.push(deviceKey);
      newlyTakenBack.xp += known.rewardXP;
      newlyTakenBack.challengesCompleted += 1;
      continue;
    }
    const rewardXP = served[report.date]?.[report.id];
    if (rewardXP === undefined) continue;
    recent.push({ date: report.date, id: report.id, rewardXP, devices: [deviceKey] });
  }
  recent.sort((a, b) => dayNumber(a.date) - dayNumber(b.date) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { shared: { ...state, recent }, newlyTakenBack };
}

/** Everything duplicates ever took back: the settled part plus each kept completion's devices after the first. */
export function takenBack(shared: SharedChallenges | undefined): TakenBack {
  if (!shared) return { ...NOTHING };
  const total = { ...shared.settled };
  for (const completion of shared.recent) {
    total.xp += (completion.devices.length - 1) * completion.rewardXP;
    total.challengesCompleted += completion.devices.length - 1;
  }
  return total;
}

/** The user's completed served challenges of the given local days, in date and id order. */
export function completedOn(shared: SharedChallenges | undefined, days: readonly Day[]): CompletionReport[] {
  return (shared?.recent ?? []).filter((c) => days.includes(c.date)).map(({ date, id }) => ({ date, id }));
}
