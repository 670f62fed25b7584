/** GET /api/v1/admin/stats: the operator's view, from documents the jobs wrote (a few reads, whatever the users). */
import { z } from "zod";
import type { AppContext } from "../context";
import { route, type Route } from "../http/route-table";
import { JOB_NAMES } from "./jobs";
import { participantsOf, readJobRuns, readSeries } from "./stats.store";

const counts = {
  users: z.number().int().describe("users stored (retired ids not counted)"),
  synced: z
    .object({ day: z.number().int(), week: z.number().int(), month: z.number().int() })
    .describe("users whose last sync was today, in the last 7 or in the last 30 UTC days"),
  optedIn: z.number().int().describe("users opted in to the global boards"),
  circles: z.number().int(),
  retired: z.number().int().describe("retired ids (tombstones kept for RETENTION_DAYS)"),
};
const participants = z.object({ daily: z.number().int(), weekly: z.number().int(), monthly: z.number().int() });
const pointSchema = z.object({ date: z.string(), takenAt: z.string(), ...counts, participants: participants.nullable() });
const jobRunSchema = z.object({ job: z.string(), ranAt: z.string(), ms: z.number(), ok: z.boolean(), summary: z.record(z.string(), z.unknown()) });

const statsSchema = z.object({
  latest: pointSchema.nullable().describe("the counts of the stats job's last run (null before its first)"),
  participants: participants.nullable().describe("participants per global board at the last successful rebuild"),
  jobs: z.record(z.string(), jobRunSchema.nullable()).describe("each scheduled job's last run, on its schedule or run now (null: never ran)"),
  series: z.array(pointSchema).describe("one point per UTC day, oldest first, up to 90 days"),
});

export function statsRoutes(ctx: AppContext): Route[] {
  return [
    route({
      method: "get",
      path: "/admin/stats",
      summary: "The operator's view: counts, job runs, the daily series",
      description: `Reads ${JOB_NAMES.length + 1} documents the jobs wrote, whatever the number of users (docs/performance.md).`,
      caller: "admin",
      rateLimit: "admin-per-ip",
      responses: { 200: { description: "The operator's view", schema: statsSchema, name: "Stats" } },
      handle: async () => {
        const [jobs, series] = await Promise.all([ctx.data((db) => readJobRuns(db, JOB_NAMES)), ctx.data(readSeries)]);
        return {
          body: {
            latest: series[series.length - 1] ?? null,
            participants: participantsOf(jobs.leaderboards),
            jobs,
            series,
          },
        };
      },
    }),
  ];
}
