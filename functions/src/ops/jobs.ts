/**
 * The scheduled jobs, runnable on their schedule (index.ts, onSchedule) and on demand
 * (POST /api/v1/admin/jobs/{job}; the local launcher uses that, since the emulator fires no schedules).
 */
import type { AppContext } from "../context";
import { publishChallenges } from "../challenges/challenges.job";
import { purgeEmptyCircles } from "../circles/circles.job";
import { rebuildLeaderboards } from "../leaderboard/leaderboard.job";
import { purgeExpired } from "./retention.job";

export type JobSummary = Record<string, unknown>;

export const JOBS: Record<string, (ctx: AppContext) => Promise<JobSummary>> = {
  leaderboards: rebuildLeaderboards,
  challenges: publishChallenges,
  // After the users: members whose document just went (or that the TTL policy took) leave their circles.
  retention: async (ctx) => ({ ...(await purgeExpired(ctx)), ...(await purgeEmptyCircles(ctx)) }),
};

export const JOB_NAMES = Object.keys(JOBS);

export function isJobName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

export async function runJob(name: string, ctx: AppContext): Promise<JobSummary> {
  const started = Date.now();
  const summary = await JOBS[name](ctx);
  ctx.log({ severity: "INFO", message: "job finished", job: name, ms: Date.now() - started, ...summary });
  return summary;
}
