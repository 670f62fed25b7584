/**
 * Your data: GET /api/v1/me/export gives back everything the server holds about the caller; DELETE /api/v1/me
 * removes it all (the next leaderboard rebuild no longer sees them; a later sync with the same id starts fresh).
 */
import { Router } from "express";
import type { DocumentData } from "firebase-admin/firestore";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { guarded } from "../firestore";
import { requireBearerUserId, userKeyOf } from "../http/identity";
import { fromStoredUser } from "../sync/sync.store";
import { deleteAccount, readAccount } from "./account.store";

export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const { userIdPepper: pepper, firestoreTimeoutMs: timeout } = ctx.config;

  router.get("/me/export", async (req, res) => {
    const userKey = userKeyOf(requireBearerUserId(req), pepper);
    const { user, codes } = await guarded(() => readAccount(ctx.db(), userKey), timeout);
    if (!user) throw new AppError("not_found", "The server holds no data for this userId.");
    res.setHeader("Content-Disposition", 'attachment; filename="breath-master-sync-export.json"');
    res.json({
      exportedAt: ctx.now().toISOString(),
      note: "Everything Breath Master Sync stores about you. Your userId itself is never stored; it keys this data through a one-way hash.",
      progress: fromStoredUser(user),
      retention: { deleteAfter: timestampIso(user.expireAt) },
      pairingCodes: codes.map((code) => ({ createdAt: code.createdAt, expiresAt: timestampIso(code.expireAt) })),
    });
  });

  router.delete("/me", async (req, res) => {
    const userKey = userKeyOf(requireBearerUserId(req), pepper);
    await guarded(() => deleteAccount(ctx.db(), userKey), timeout);
    res.status(204).end();
  });

  return router;
}

function timestampIso(value: DocumentData[string]): string | null {
  return value && typeof value.toDate === "function" ? (value.toDate() as Date).toISOString() : null;
}
