/**
 * Your data: GET /api/v1/me/export gives back everything the server holds about the caller; DELETE /api/v1/me
 * removes it all and retires the id (the next leaderboard rebuild no longer sees them; every later request with
 * the same id gets 410 `gone`).
 */
import { Router } from "express";
import type { DocumentData } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { guarded } from "../firestore";
import { requireBearerUserId, userKeyOf } from "../http/identity";
import { goneError, isRetired, liveUser, readUserDocument } from "../sync/sync.store";
import { deleteAccount, readAccount } from "./account.store";

export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const { userIdPepper: pepper, firestoreTimeoutMs: timeout } = ctx.config;

  router.get("/me/export", async (req, res) => {
    const userKey = userKeyOf(requireBearerUserId(req), pepper);
    const { user, codes } = await guarded(() => readAccount(ctx.db(), userKey), timeout);
    const progress = liveUser(user ?? undefined);
    if (!user || !progress) throw new AppError("not_found", "The server holds no data for this userId.");
    res.setHeader("Content-Disposition", 'attachment; filename="breath-master-sync-export.json"');
    res.json({
      exportedAt: ctx.now().toISOString(),
      note: "Everything Breath Master Sync stores about you. Your userId itself is never stored; it keys this data through a one-way hash.",
      progress,
      retention: { deleteAfter: timestampIso(user.expireAt) },
      pairingCodes: codes.map((code) => ({ createdAt: code.createdAt, expiresAt: timestampIso(code.expireAt) })),
    });
  });

  router.delete("/me", async (req, res) => {
    const userKey = userKeyOf(requireBearerUserId(req), pepper);
    if (isRetired(await guarded(() => readUserDocument(ctx.db(), userKey), timeout))) throw goneError();
    await guarded(() => deleteAccount(ctx.db(), userKey, ctx.now(), ctx.config.retentionDays), timeout);
    res.status(204).end();
  });

  return router;
}

function timestampIso(value: DocumentData[string]): string | null {
  return value && typeof value.toDate === "function" ? (value.toDate() as Date).toISOString() : null;
}
