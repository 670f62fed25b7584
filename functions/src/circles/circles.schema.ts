import { z } from "zod";
import { PERIODS } from "../domain/periods";

/** Circle ids are 20 lower-case hex digits (10 random bytes). */
export const CIRCLE_ID = /^[0-9a-f]{20}$/;
/** An anonymousId as the boards show it: short (`calm-otter-7f3a`) or long (`calm-otter-7f3a-19c2`). */
export const ANONYMOUS_ID = /^[a-z]+-[a-z]+-[0-9a-f]{4}(-[0-9a-f]{4})?$/;

const circleId = z.string().regex(CIRCLE_ID, "must be a circle id (20 hex digits)");

export const circleParamsSchema = z.object({ circleId });
export const memberParamsSchema = z.object({
  circleId,
  anonymousId: z.string().regex(ANONYMOUS_ID, "must be an anonymousId as the board shows it"),
});

/** `POST /circles/join` body: the code as the person typed it (normalised by circles.logic). */
export const joinSchema = z.object({ code: z.string("must be a circle code (BC-XXXX-XXXX)").max(40) });

export const circleBoardQuerySchema = z.object({ period: z.enum(PERIODS, "must be one of daily, weekly, monthly (once)") });

/** When an invite code stops opening its circle: CIRCLE_CODE_DAYS after it was made. */
function codeExpiresAt() {
  return z.string().describe("when the code stops opening the circle (ISO 8601, CIRCLE_CODE_DAYS after it was made); then the creator makes a new one");
}

export const createdCircleSchema = z.object({
  circleId: z.string(),
  name: z.string().describe("generated, e.g. Misty Grove 7f3a"),
  code: z.string().describe("BC-XXXX-XXXX; opens the circle until `codeExpiresAt` or until the creator replaces it"),
  codeExpiresAt: codeExpiresAt(),
});

export const joinedCircleSchema = z.object({ circleId: z.string(), name: z.string() });

export const circleListSchema = z.object({
  circles: z.array(
    z.object({
      circleId: z.string(),
      name: z.string(),
      members: z.number().int().describe("how many members it has, you included"),
      creator: z.boolean().describe("whether you created it (and may replace its code and remove members)"),
    }),
  ),
});

export const circleCodeSchema = z.object({
  code: z.string().describe("the new BC-XXXX-XXXX; the old one no longer works"),
  codeExpiresAt: codeExpiresAt(),
});

const row = z.object({ rank: z.number().int(), xp: z.number().int(), anonymousId: z.string() });

export const circleBoardSchema = z.object({
  circleId: z.string(),
  name: z.string(),
  period: z.enum(PERIODS),
  periodKey: z.string(),
  generatedAt: z.string(),
  rankings: z.array(row).describe("every member who scored in the period, by anonymousId, ranked as the global boards"),
  participants: z.number().int().describe("how many members scored in the period"),
  members: z.number().int().describe("how many members the circle has"),
  me: row.optional().describe("your own row, when you scored in the period"),
});
