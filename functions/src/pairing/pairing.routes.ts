/** POST /api/v1/pairing (Bearer) makes a one-time code; POST /api/v1/pairing/claim trades it for the userId. */
import { randomBytes } from "node:crypto";
import { Router } from "express";
import type { AppContext } from "../context";
import { AppError, invalid } from "../errors";
import { guarded } from "../firestore";
import { requireBearerUserId, userKeyOf } from "../http/identity";
import { parseOrReject } from "../http/validate";
import { goneError, isRetired, readUserDocument } from "../sync/sync.store";
import { CODE_TTL_MS, codeFromBytes, codeKeyOf, normalizeCode, sealUserId, unsealUserId } from "./pairing.logic";
import { claimSchema } from "./pairing.schema";
import { savePairingCode, takePairingCode } from "./pairing.store";

export function pairingRoutes(ctx: AppContext): Router {
  const router = Router();
  const { userIdPepper: pepper, firestoreTimeoutMs: timeout } = ctx.config;

  router.post("/pairing", async (req, res) => {
    const userId = requireBearerUserId(req);
    const userKey = userKeyOf(userId, pepper);
    // A retired id cannot hand itself on (410); an id the server has never seen may: whichever device syncs
    // first, each device's own progress counts once (see docs/architecture.md, "Joining and pairing").
    if (isRetired(await guarded(() => readUserDocument(ctx.db(), userKey), timeout))) throw goneError();
    const now = ctx.now();
    const code = codeFromBytes(randomBytes(5));
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await guarded(
      () =>
        savePairingCode(ctx.db(), codeKeyOf(code, pepper), {
          userKey,
          sealedUserId: sealUserId(userId, code, pepper, randomBytes(12)),
          createdAt: now,
          expiresAt,
        }),
      timeout,
    );
    res.status(201).json({ code, expiresAt: expiresAt.toISOString() });
  });

  router.post("/pairing/claim", async (req, res) => {
    const { code: typed } = parseOrReject(claimSchema, req.body);
    const code = normalizeCode(typed);
    if (!code) throw invalid("The request is not valid.", [{ path: "code", message: "is not a pairing code (BM-XXXX-XXXX)" }]);
    const codeKey = codeKeyOf(code, pepper);
    // The transaction that reads and deletes the code decides which of several racing claims gets it.
    const record = await guarded(() => takePairingCode(ctx.db(), codeKey, ctx.now()), timeout);
    const userId = record ? unsealUserId(record.sealedUserId, code, pepper) : undefined;
    if (!userId) throw new AppError("not_found", "This code is unknown, expired or already used.");
    res.json({ userId });
  });

  return router;
}
