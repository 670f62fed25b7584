/**
 * The scheduled jobs: the one table of them. Each job is one entry — the name of its deployed trigger, its
 * schedule, its onSchedule options and what it runs — and everything else reads it: index.ts exports one
 * scheduled trigger per entry, POST /api/v1/admin/jobs/{job} runs one on demand (its enum is the table's keys), and
 * `npm start` (scripts/local-stack.js, which reads the build of this file) runs each on its schedule's interval,
 * since the emulator fires no schedules. `JobName` is the table's keys, so a misspelt job does not compile.
 *
 * A job's module loads on its first run (`import()`), so index.ts can read the table at start without loading the
 * app, zod or firebase-admin. Adding a job: docs/architecture.md, "Recipes".
 */
import type { AppContext } from "../context";
import { writeJobRun } from "./stats.store";

export type JobSummary = Record<string, unknown>;

export interface JobSpec {
  /** The exported trigger (index.ts): the deployed function's name. Never rename one: a rename is a new function. */
  trigger: string;
  /** The deploy-time schedule: onSchedule takes a plain string, so it is fixed when the functions are deployed. */
  schedule: string;
  /** The rest of its onSchedule options (region and secrets are the same for every job). */
  options: { timeZone?: "UTC"; timeoutSeconds: number; retryCount: number };
  run: (ctx: AppContext) => Promise<JobSummary>;
}

/** A schedule from the environment at deploy time (e.g. `LEADERBOARD_SCHEDULE=every 10 minutes` in functions/.env.<project>). */
const deploySchedule = (env: string, fallback: string): string => process.env[env] || fallback;

export const JOBS = {
  leaderboards: {
    trigger: "rebuildLeaderboards",
    schedule: deploySchedule("LEADERBOARD_SCHEDULE", "every 5 minutes"),
    options: { timeoutSeconds: 120, retryCount: 0 },
    run: async (ctx) => (await import("../leaderboard/leaderboard.job")).rebuildLeaderboards(ctx),
  },
  challenges: {
    trigger: "publishChallenges",
    // Hourly, so a failed run or a new deployment never leaves a day without its set for long.
    schedule: deploySchedule("CHALLENGES_SCHEDULE", "every 60 minutes"),
    options: { timeZone: "UTC", timeoutSeconds: 60, retryCount: 3 },
    run: async (ctx) => (await import("../challenges/challenges.job")).publishChallenges(ctx),
  },
  retention: {
    trigger: "purgeExpired",
    schedule: deploySchedule("RETENTION_SCHEDULE", "every day 03:30"),
    options: { timeZone: "UTC", timeoutSeconds: 300, retryCount: 1 },
    run: async (ctx) => {
      const [{ purgeExpired }, { purgeEmptyCircles }] = await Promise.all([import("./retention.job"), import("../circles/circles.job")]);
      // After the users: members whose document just went (or that the TTL policy took) leave their circles.
      return { ...(await purgeExpired(ctx)), ...(await purgeEmptyCircles(ctx)) };
    },
  },
  stats: {
    trigger: "takeDailyStats",
    // Once a day, after midnight UTC: the day's point of the operator's series (docs/performance.md).
    schedule: deploySchedule("STATS_SCHEDULE", "every day 00:15"),
    options: { timeZone: "UTC", timeoutSeconds: 120, retryCount: 2 },
    run: async (ctx) => (await import("./stats.job")).takeDailyStats(ctx),
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

/** How one run ended: what `afterEachRun` receives. */
export type JobRun = { job: JobName; startedAt: Date; ms: number } & ({ ok: true; summary: JobSummary } | { ok: false; error: string });

/**
 * Runs a job, on its schedule (index.ts) or on demand (the admin route, `npm start`), and hands how it ended to
 * `afterEachRun`. A failed run is reported there too, then rethrown (the scheduler's retries and the 500 follow).
 */
export async function runJob(name: JobName, ctx: AppContext): Promise<JobSummary> {
  const startedAt = ctx.now();
  const started = Date.now();
  try {
    const summary = await JOBS[name].run(ctx);
    await afterEachRun(ctx, { job: name, startedAt, ms: Date.now() - started, ok: true, summary });
    return summary;
  } catch (error) {
    // Only the error's class: a driver's message can carry an address, which must not be logged.
    const kind = error instanceof Error ? error.name : "non-Error thrown";
    await afterEachRun(ctx, { job: name, startedAt, ms: Date.now() - started, ok: false, error: kind });
    throw error;
  }
}

/**
 * The per-run hook: what every run of every job leaves behind — a log line, and the job's last run for the
 * operator's view (GET /admin/stats). A record that cannot be written (the datastore is down: likely why the run
 * failed) is logged, and does not replace how the run ended.
 */
async function afterEachRun(ctx: AppContext, run: JobRun): Promise<void> {
  if (run.ok) ctx.log({ severity: "INFO", message: "job finished", job: run.job, ms: run.ms, ...run.summary });
  else ctx.log({ severity: "ERROR", message: "job failed", job: run.job, ms: run.ms, error: run.error });
  const summary = run.ok ? run.summary : { error: run.error };
  const record = { job: run.job, ranAt: run.startedAt.toISOString(), ms: run.ms, ok: run.ok, summary };
  try {
    await ctx.data((db) => writeJobRun(db, record));
  } catch {
    ctx.log({ severity: "WARNING", message: "job run not recorded", job: run.job });
  }
}

/**
 * How often a schedule runs, in milliseconds, for the local launcher (the emulator fires no schedules).
 * "every day HH:MM" is once a day; any other form is an error, so a new schedule cannot silently run at some other
 * pace locally.
 */
export function scheduleIntervalMs(schedule: string): number {
  const every = /^every (\d+) (minutes|hours)$/.exec(schedule.trim());
  if (every) return Number(every[1]) * (every[2] === "minutes" ? 60_000 : 3_600_000);
  if (/^every day \d{2}:\d{2}$/.test(schedule.trim())) return 24 * 3_600_000;
  throw new Error(`unknown schedule form "${schedule}" (expected "every N minutes|hours" or "every day HH:MM")`);
}
