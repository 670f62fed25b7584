import { z } from "zod";

/** `POST /pairing/claim` body: the code as the person typed it (normalised by pairing.logic). */
export const claimSchema = z.object({ code: z.string().max(40) });
