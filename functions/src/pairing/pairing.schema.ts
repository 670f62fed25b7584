import { z } from "zod";

/** `POST /pairing/claim` body: the code as the person typed it (normalised by pairing.logic). */
export const claimSchema = z.object({ code: z.string().max(40) });

export const pairingCodeResponseSchema = z.object({
  code: z.string().describe("BM-XXXX-XXXX"),
  expiresAt: z.string(),
});

export const claimResponseSchema = z.object({ userId: z.string().describe("the userId to use from now on") });
