/** POST /api/v1/pairing (Bearer) makes a one-time code; POST /api/v1/pairing/claim trades it for the userId. */
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context";
import { AppError, invalid } from "../errors";
import { route, type Route } from "../http/route-table";
import { CODE_TTL_MS, codeFromBytes, codeKeyOf, normalizeCode, sealUserId, unsealUserId } from "./pairing.logic";
import { claimResponseSchema, claimSchema, pairingCodeResponseSchema } from "./pairing.schema";
import { savePairingCode, takePairingCode } from "./pairing.store";

export function pairingRoutes(ctx: AppContext): Route[] {
  const pepper = ctx.config.userIdPepper;
  return [
    route({
      method: "post",
      path: "/pairing",
      summary: "Create a one-time code for pairing a second device",
      caller: "user",
      responses: {
        201: { description: "A BM-XXXX-XXXX code, valid 10 minutes, single use", schema: pairingCodeResponseSchema, name: "PairingCode" },
      },
      rateLimit: "account-per-user",
      // A retired id cannot hand itself on (410, the route table's check); an id the server has never seen may:
      // whichever device syncs first, each device's own progress counts once (docs/architecture.md, "Joining and pairing").
      handle: async ({ caller: { userId, userKey } }) => {
        const now = ctx.now();
        const code = codeFromBytes(randomBytes(5));
        const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
        await ctx.data((db) =>
          savePairingCode(db, codeKeyOf(code, pepper), {
            userKey,
            sealedUserId: sealUserId(userId, code, pepper, randomBytes(12)),
            createdAt: now,
            expiresAt,
          }),
        );
        return { status: 201, body: { code, expiresAt: expiresAt.toISOString() } };
      },
    }),
    route({
      method: "post",
      path: "/pairing/claim",
      summary: "Trade a pairing code for the userId it was made for",
      caller: "anyone",
      body: claimSchema,
      bodyDescription: "The code",
      responses: { 200: { description: "The userId to use from now on", schema: claimResponseSchema, name: "PairingClaim" } },
      errors: [404],
      rateLimit: "claims-per-ip",
      handle: async ({ body }) => {
        const code = normalizeCode(body.code);
        if (!code) throw invalid("The request is not valid.", [{ path: "code", message: "is not a pairing code (BM-XXXX-XXXX)" }]);
        // The transaction that reads and deletes the code decides which of several racing claims gets it.
        const record = await ctx.data((db) => takePairingCode(db, codeKeyOf(code, pepper), ctx.now()));
        const userId = record ? unsealUserId(record.sealedUserId, code, pepper) : undefined;
        if (!userId) throw new AppError("not_found", "This code is unknown, expired or already used.");
        return { body: { userId } };
      },
    }),
  ];
}
