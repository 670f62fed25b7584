import { z } from "zod";
import { PERIODS } from "../domain/periods";

export const DEFAULT_LIMIT = 10;

/** `?period=daily|weekly|monthly[&limit=1..100]`; a repeated parameter arrives as an array and is refused. */
export const leaderboardQuerySchema = z.object({
  period: z.enum(PERIODS, "must be one of daily, weekly, monthly (once)"),
  limit: z
    .string("must be a whole number from 1 to 100 (once)")
    .regex(/^\d{1,3}$/, "must be a whole number from 1 to 100")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
    .default(DEFAULT_LIMIT),
});

const ranking = z.object({ rank: z.number().int(), xp: z.number().int(), anonymousId: z.string() });

export const leaderboardResponseSchema = z.object({
  period: z.enum(PERIODS),
  periodKey: z.string(),
  generatedAt: z.string(),
  rankings: z.array(ranking),
  participants: z.number().int().describe("how many opted-in users scored in the period, counted at the rebuild"),
  me: z.object({ rank: z.number().int(), xp: z.number().int() }).optional(),
});
