/** The API's own routes: GET /health, GET /openapi.json (from the route table), POST /admin/jobs/{job}. */
import { z } from "zod";
import { recordAdminAction } from "../audit/audit.store";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { route, type Route } from "../http/route-table";
import { JOB_NAMES, isJobName, runJob } from "./jobs";

export function opsRoutes(ctx: AppContext, table: () => readonly Route[]): Route[] {
  let openApi: Record<string, unknown> | undefined;
  return [
    route({
      method: "get",
      path: "/health",
      summary: "Liveness and version",
      caller: "anyone",
      appCheck: false,
      responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok"), version: z.string() }), name: "Health" } },
      datastore: false,
      handle: () => ({ body: { status: "ok", version: ctx.config.version } }),
    }),
    route({
      method: "get",
      path: "/openapi.json",
      summary: "This document",
      caller: "anyone",
      appCheck: false,
      responses: { 200: { description: "OpenAPI 3.1", schema: z.record(z.string(), z.unknown()) } },
      datastore: false,
      handle: ({ res }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the document is built on the first request for it, not at start
        openApi ??= (require("./openapi") as typeof import("./openapi")).buildOpenApi(ctx.config.version, table());
        res.setHeader("Cache-Control", "public, max-age=3600");
        return { body: openApi };
      },
    }),
    route({
      method: "post",
      path: "/admin/jobs/:job",
      summary: "Run a scheduled job now",
      caller: "admin",
      params: z.object({ job: z.string().meta({ enum: [...JOB_NAMES] }) }),
      responses: {
        200: {
          description: "What the job did",
          schema: z.object({ job: z.string(), ranAt: z.string(), summary: z.record(z.string(), z.unknown()) }),
          name: "JobRun",
        },
      },
      errors: [404],
      rateLimit: "admin-per-ip",
      handle: async ({ params: { job } }) => {
        if (!isJobName(job)) throw new AppError("not_found", `No job named "${job}".`);
        const ranAt = ctx.now().toISOString();
        let ok = false;
        try {
          const summary = await runJob(job, ctx);
          ok = true;
          return { body: { job, ranAt, summary } };
        } finally {
          // A run that failed half-way may have changed something too: it is recorded as well.
          await recordAdminAction(ctx, "job.run", job, ok ? "ok" : "failed");
        }
      },
    }),
  ];
}
