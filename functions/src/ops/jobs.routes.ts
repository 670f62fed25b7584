/** POST /api/v1/admin/jobs/{job}: runs a scheduled job now (X-Admin-Key). */
import { Router } from "express";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { requireAdminKey } from "./admin-key";
import { isJobName, runJob } from "./jobs";

export function jobRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post("/admin/jobs/:job", requireAdminKey(ctx.config.adminApiKey), async (req, res) => {
    const job = String(req.params.job);
    if (!isJobName(job)) throw new AppError("not_found", `No job named "${job}".`);
    res.json({ job, ranAt: ctx.now().toISOString(), summary: await runJob(job, ctx) });
  });
  return router;
}
