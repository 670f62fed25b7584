import { z } from "zod";
import { PERIODS } from "../domain/periods";
import { queryLimit } from "../http/validate";

export const DEFAULT_LIMIT = 10;

/** A public name as the boards show it: `calm-otter-7f3a`, or its long form `calm-otter-7f3a-19c2`. */
export const ANONYMOUS_ID_PATTERN = /^[a-z]+-[a-z]+-[0-9a-f]{4}(?:-[0-9a-f]{4})?$/;

/**
 * `?period=daily|weekly|monthly[&limit=1..100][&around=<anonymousId>]`; a repeated parameter arrives as an
 * array and is refused.
 */
export const leaderboardQuerySchema = z.object({
  period: z.enum(PERIODS, "must be one of daily, weekly, monthly (once)"),
  limit: queryLimit(DEFAULT_LIMIT),
  around: z
    .string("must be an anonymousId as the boards show it (once)")
    .regex(ANONYMOUS_ID_PATTERN, "must be an anonymousId as the boards show it, e.g. calm-otter-7f3a")
    .optional()
    .describe("an anonymousId from a board: `me` is then that entry's place (no bearer needed), or `no-gain-yet` for an opted-in user who gained nothing in the period yet; otherwise 404"),
});

const ranking = z.object({ rank: z.number().int(), xp: z.number().int(), anonymousId: z.string() });

export const placeSchema = z.object({
  rank: z.number().int(),
  xp: z.number().int(),
  anonymousId: z.string(),
  exact: z.boolean().describe("exact while among the period's best 1,000; otherwise within 1 % of `participants`"),
  neighbours: z
    .array(ranking)
    .describe("up to two entries just above and two just below, in board order (those before `me` in it are above)"),
});

/**
 * Why a caller who opted in is not on the board: `no-gain-yet` (live, opted in, no XP gained in the period yet)
 * or `hidden` (an operator hid the entry; `hidden: true` is present exactly then). One object rather than a union
 * of two: the same shape for both reasons, and the kit's generated wire file stays within its size.
 */
export const notOnBoardSchema = z
  .strictObject({
    anonymousId: z.string(),
    notOnBoard: z
      .enum(["no-gain-yet", "hidden"])
      .describe("why not on the board: `no-gain-yet` (opted in, no XP gained in the period yet) or `hidden` (an operator hid the entry; then `hidden: true`)"),
    hidden: z.literal(true).optional(),
  })
  .refine((me) => (me.notOnBoard === "hidden") === (me.hidden === true), "`hidden: true` exactly when notOnBoard is `hidden`");
export type NotOnBoard = z.infer<typeof notOnBoardSchema>;

export const leaderboardResponseSchema = z.object({
  period: z.enum(PERIODS),
  periodKey: z.string(),
  generatedAt: z.string(),
  rankings: z.array(ranking),
  participants: z.number().int().describe("how many opted-in users scored in the period, counted at the rebuild"),
  me: z
    .union([placeSchema, notOnBoardSchema])
    .optional()
    .describe(
      "the bearer's place (opted in and scored in the period), or the place of `around`; for an opted-in bearer who is not on the board, why (`notOnBoard`)",
    ),
});
