/**
 * The scheduled jobs are one table (functions/src/ops/jobs.ts). index.ts, the admin route, the local launcher
 * (scripts/local-stack.js, which reads the build) and the docs all follow it; this test fails when one of them drifts.
 */
import fs from "node:fs";
import path from "node:path";
import { apiRoutes } from "../../src/app";
import { testConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { openApiFromRoutes } from "../../src/http/route-table";
import { JOB_NAMES, JOBS, runJob, scheduleIntervalMs, type JobName, type JobSpec } from "../../src/ops/jobs";

const ROOT = path.resolve(__dirname, "../../..");

// A misspelt job does not compile (this function is only type-checked, never run).
export function misspeltJobsDoNotCompile(ctx: Parameters<typeof runJob>[1]): void {
  // @ts-expect-error -- "leaderbords" is not a job of the table
  void runJob("leaderbords", ctx);
  // @ts-expect-error -- neither is a trigger name
  const name: JobName = "rebuildLeaderboards";
  void name;
}

test("index.ts exports `api` and one scheduled trigger per job, with the job's schedule and options", () => {
  let index!: Record<string, { __endpoint: Record<string, unknown> }>;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy, as the deploy loads it
    index = require("../../src/index");
  });
  expect(Object.keys(index).filter((name) => index[name]?.__endpoint).sort()).toEqual(["api", ...JOB_NAMES.map((job) => JOBS[job].trigger)].sort());
  for (const job of JOB_NAMES) {
    const { schedule, options }: { schedule: string; options: JobSpec["options"] } = JOBS[job];
    const endpoint = index[JOBS[job].trigger].__endpoint;
    expect(endpoint.scheduleTrigger).toMatchObject({ schedule, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
    expect(endpoint).toMatchObject({ timeoutSeconds: options.timeoutSeconds, region: ["us-central1"] });
    expect((endpoint.scheduleTrigger as { retryConfig: Record<string, unknown> }).retryConfig).toMatchObject({ retryCount: options.retryCount });
  }
});

test("trigger names are unique, and every schedule has a local interval", () => {
  const triggers = JOB_NAMES.map((job) => JOBS[job].trigger);
  expect(new Set(triggers).size).toBe(triggers.length);
  for (const job of JOB_NAMES) expect(scheduleIntervalMs(JOBS[job].schedule)).toBeGreaterThan(0);
  expect(() => scheduleIntervalMs("every monday 09:00")).toThrow(/unknown schedule form/);
  expect(scheduleIntervalMs("every 2 hours")).toBe(2 * 3_600_000);
});

test("npm start runs every job of the table (from the build), on its schedule's interval", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is a plain Node script
  const { jobIntervals } = require(path.join(ROOT, "scripts/local-stack.js")) as { jobIntervals: () => Record<string, number> };
  expect(jobIntervals()).toEqual(Object.fromEntries(JOB_NAMES.map((job) => [job, scheduleIntervalMs(JOBS[job].schedule)])));
  expect(jobIntervals()).toEqual({ leaderboards: 5 * 60_000, challenges: 60 * 60_000, retention: 24 * 3_600_000, stats: 24 * 3_600_000 });
});

test("the admin route's job names are the table's, and README names every trigger", () => {
  const { paths } = openApiFromRoutes(apiRoutes(createContext({ config: testConfig() })));
  const run = paths["/admin/jobs/{job}"].post as { parameters: Array<{ name: string; schema: { enum?: string[] } }> };
  expect(run.parameters.find((p) => p.name === "job")?.schema.enum).toEqual(JOB_NAMES);
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  for (const job of JOB_NAMES) expect(readme).toContain(`\`${JOBS[job].trigger}\``);
});
