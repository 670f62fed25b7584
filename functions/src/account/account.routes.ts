/**
 * Your data: GET /api/v1/me/export gives back everything the server holds about the caller; DELETE /api/v1/me
 * removes it all and retires the id (the next leaderboard rebuild no longer sees them; every later request with
 * the same id gets 410 `gone`).
 */
import { z } from "zod";
import type { AppContext } from "../context";
import { forgetCircles } from "../circles/circles.cache";
import { AppError } from "../errors";
import { route, type Route } from "../http/route-table";
import { liveUser } from "../users/users.store";
import { forgetHiddenList } from "../moderation/hidden.cache";
import { HIDE_REASONS, readHidden, unhideUser } from "../moderation/hidden.store";
import { deleteAccount, readAccount } from "./account.store";

const exportSchema = z.object({
  exportedAt: z.string(),
  note: z.string(),
  progress: z.record(z.string(), z.unknown()),
  retention: z.object({ deleteAfter: z.string().nullable() }),
  pairingCodes: z.array(z.object({ createdAt: z.string(), expiresAt: z.string().nullable() })),
  circles: z
    .array(z.object({ circleId: z.string(), name: z.string(), creator: z.boolean() }))
    .describe("the circles you are in: their ids and names, never other members' data"),
  hidden: z
    .object({ reason: z.enum(HIDE_REASONS), note: z.string().optional(), hiddenAt: z.string() })
    .optional()
    .describe("present when an operator left you out of the global boards: why and when"),
});

export function accountRoutes(ctx: AppContext): Route[] {
  return [
    route({
      method: "get",
      path: "/me/export",
      summary: "Everything the server holds about you",
      caller: "user",
      responses: { 200: { description: "Your data", schema: exportSchema, name: "Export" } },
      errors: [404],
      rateLimit: "account-per-user",
      handle: async ({ caller: { userKey }, res }) => {
        const [{ user, codes, circles }, hidden] = await Promise.all([ctx.data((db) => readAccount(db, userKey)), ctx.data(readHidden)]);
        const hiddenEntry = hidden[userKey];
        const progress = liveUser(user ?? undefined);
        if (!user || !progress) throw new AppError("not_found", "The server holds no data for this userId.");
        res.setHeader("Content-Disposition", 'attachment; filename="breath-master-sync-export.json"');
        return {
          body: {
            exportedAt: ctx.now().toISOString(),
            note: "Everything Breath Master Sync stores about you. Your userId itself is never stored; it keys this data through a one-way hash.",
            progress,
            retention: { deleteAfter: timestampIso(user.expireAt) },
            pairingCodes: codes.map((code) => ({ createdAt: String(code.createdAt), expiresAt: timestampIso(code.expireAt) })),
            circles: circles.map((c) => ({ circleId: c.circleId, name: c.name, creator: c.creatorKey === userKey })),
            ...(hiddenEntry ? { hidden: { reason: hiddenEntry.reason, ...(hiddenEntry.note ? { note: hiddenEntry.note } : {}), hiddenAt: hiddenEntry.hiddenAt } } : {}),
          },
        };
      },
    }),
    route({
      method: "delete",
      path: "/me",
      summary: "Delete everything the server holds about you and retire the id",
      caller: "user",
      responses: { 204: { description: "Deleted (also when there was nothing); every later request with this id gets 410" } },
      rateLimit: "account-per-user",
      handle: async ({ caller: { userKey } }) => {
        const { circlesLeft } = await ctx.data((db) => deleteAccount(db, userKey, ctx.now(), ctx.config.retentionDays));
        forgetCircles(ctx, circlesLeft);
        // A deleted user leaves no hidden entry behind either (it holds their key and name).
        if (await ctx.data((db) => unhideUser(db, userKey))) forgetHiddenList(ctx);
        return { status: 204 };
      },
    }),
  ];
}

/** A stored Firestore Timestamp as ISO text; anything else (absent, or an older document's shape) as null. */
function timestampIso(value: unknown): string | null {
  const toDate = (value as { toDate?: unknown } | null | undefined)?.toDate;
  return typeof toDate === "function" ? (toDate.call(value) as Date).toISOString() : null;
}
