import { z } from "zod";
import { ANONYMOUS_ID_PATTERN } from "../leaderboard/leaderboard.schema";
import { HIDE_REASONS } from "./hidden.store";

export const NOTE_MAX = 200;

export const anonymousIdParamSchema = z.object({
  anonymousId: z.string().regex(ANONYMOUS_ID_PATTERN, "must be an anonymousId as the boards show it, e.g. calm-otter-7f3a"),
});

export const hideBodySchema = z.object({
  reason: z.enum(HIDE_REASONS, `must be one of ${HIDE_REASONS.join(", ")}`),
  note: z
    .string("must be text")
    .trim()
    .max(NOTE_MAX, `must be at most ${NOTE_MAX} characters`)
    .optional()
    .describe("for the operators; the user sees it too, in their export"),
});

export const hiddenEntrySchema = z.object({
  anonymousId: z.string().describe("the name as it was hidden (short, or the long form the board showed)"),
  reason: z.enum(HIDE_REASONS),
  note: z.string().optional(),
  hiddenAt: z.string(),
});

export const hiddenListSchema = z.object({ hidden: z.array(hiddenEntrySchema).describe("newest first") });
