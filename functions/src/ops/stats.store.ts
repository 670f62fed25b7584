/**
 * What the operator's view reads, written by the jobs themselves: each job's last run (`jobRuns/{job}`, written
 * after every run, on its schedule or run now) and the daily series (`ops/statsSeries`, one point per UTC day,
 * the last 90, written by the stats job). GET /admin/stats reads these few documents and nothing else, so its
 * cost does not grow with the number of users (docs/performance.md, "The operator's view").
 */
import type { Firestore } from "firebase-admin/firestore";

export const JOB_RUNS = "jobRuns";
export const OPS = "ops";
export const STATS_SERIES_DOC = "statsSeries";
export const SERIES_DAYS = 90;

export interface JobRunRecord {
  job: string;
  ranAt: string;
  ms: number;
  ok: boolean;
  /** What the job reported (ok), or the class of its error (failed). */
  summary: Record<string, unknown>;
}

export interface StatsPoint {
  date: string;
  takenAt: string;
  users: number;
  synced: { day: number; week: number; month: number };
  optedIn: number;
  circles: number;
  retired: number;
  participants: { daily: number; weekly: number; monthly: number } | null;
}

/** Participants per global board, as the last rebuild counted them (`null` until one succeeded). */
export function participantsOf(leaderboardsRun: JobRunRecord | null | undefined): StatsPoint["participants"] {
  if (!leaderboardsRun?.ok) return null;
  const of = (period: string) => Number((leaderboardsRun.summary[period] as { participants?: unknown } | undefined)?.participants ?? 0);
  return { daily: of("daily"), weekly: of("weekly"), monthly: of("monthly") };
}

export async function writeJobRun(db: Firestore, run: JobRunRecord): Promise<void> {
  await db.collection(JOB_RUNS).doc(run.job).set(run);
}

/** The last run of each named job (`null`: it never ran): one read per job. */
export async function readJobRuns(db: Firestore, jobs: readonly string[]): Promise<Record<string, JobRunRecord | null>> {
  const snapshots = await db.getAll(...jobs.map((job) => db.collection(JOB_RUNS).doc(job)));
  return Object.fromEntries(snapshots.map((s, i) => [jobs[i], s.exists ? (s.data() as JobRunRecord) : null]));
}

export async function readSeries(db: Firestore): Promise<StatsPoint[]> {
  const days: unknown = (await db.collection(OPS).doc(STATS_SERIES_DOC).get()).get("days");
  return Array.isArray(days) ? (days as StatsPoint[]) : [];
}

/** Puts the day's point into the series (replacing a point of the same day), oldest first, the last 90 days. */
export async function addPoint(db: Firestore, point: StatsPoint): Promise<void> {
  const ref = db.collection(OPS).doc(STATS_SERIES_DOC);
  await db.runTransaction(async (tx) => {
    const days: unknown = (await tx.get(ref)).get("days");
    const others = (Array.isArray(days) ? (days as StatsPoint[]) : []).filter((p) => p.date !== point.date);
    const series = [...others, point].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).slice(-SERIES_DAYS);
    tx.set(ref, { days: series });
  });
}
