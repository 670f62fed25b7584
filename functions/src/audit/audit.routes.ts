/** GET /api/v1/admin/audit: the admin actions, newest first, a page at a time. */
import { z } from "zod";
import type { AppContext } from "../context";
import { route, type Route } from "../http/route-table";
import { queryLimit } from "../http/validate";
import { AUDIT_ACTIONS, AUDIT_ID, readAudit } from "./audit.store";

const DEFAULT_PAGE = 50;

const auditQuerySchema = z.object({
  limit: queryLimit(DEFAULT_PAGE),
  before: z
    .string("must be the `next` of an earlier page (once)")
    .regex(AUDIT_ID, "must be the `next` of an earlier page")
    .optional()
    .describe("the `next` of the previous page: entries older than it"),
});

const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  object: z.string().describe("a date, a job's name or a public name"),
  detail: z.string().optional().describe("a hide's reason, or whether a job run succeeded"),
});

const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema).describe("newest first"),
  next: z.string().optional().describe("pass as `before` for the next (older) page; absent on the last page"),
});

export function auditRoutes(ctx: AppContext): Route[] {
  return [
    route({
      method: "get",
      path: "/admin/audit",
      summary: "The audit log of admin actions",
      description: "Every curation, job run, hide and unhide: when, what, which object. Never the key.",
      caller: "admin",
      rateLimit: "admin-per-ip",
      query: auditQuerySchema,
      responses: { 200: { description: "A page, newest first", schema: auditPageSchema } },
      handle: async ({ query: { limit, before } }) => {
        // One more than asked says whether an older page exists, without a second query.
        const entries = await ctx.data((db) => readAudit(db, limit + 1, before));
        const page = entries.slice(0, limit);
        const last = page[page.length - 1];
        return { body: { entries: page, ...(entries.length > limit && last ? { next: last.id } : {}) } };
      },
    }),
  ];
}
