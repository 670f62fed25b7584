import { z } from "zod";
import { calendarDay } from "../http/validate";
import { CHALLENGE_TYPES } from "./templates";

const day = calendarDay("must be one date, YYYY-MM-DD");

/** `?date=YYYY-MM-DD` (optional; a repeated parameter arrives as an array and is refused). */
export const dailyQuerySchema = z.object({ date: day.optional() });

export const dateParamSchema = z.object({ date: day });

/** Trimmed, 1–max characters; the `\S` pattern states "not only spaces" in the OpenAPI document. */
const text = (max: number) =>
  z
    .string()
    .regex(/\S/, { message: "must not be empty", abort: true })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);

/** A hand-written challenge: like a generated one, without the id (the server assigns `<date>-<type>-<n>`). */
export const curatedChallengeSchema = z.object({
  type: z.enum(CHALLENGE_TYPES),
  target: z.number().int().min(1).max(1000),
  title: text(80),
  description: text(300),
  rewardXP: z.number().int().min(1).max(500),
  eonMessage: text(400),
  completionMessage: text(300),
});

/** `{ "challenges": [...] }` or the bare list; 1–6 challenges, no two of the same type (as generated days). */
export const curatedSetSchema = z.preprocess(
  (body) => (Array.isArray(body) ? { challenges: body } : body),
  z.object({
    challenges: z
      .array(curatedChallengeSchema)
      .min(1, "at least one challenge")
      .max(CHALLENGE_TYPES.length, `at most ${CHALLENGE_TYPES.length} challenges`)
      .refine((list) => new Set(list.map((c) => c.type)).size === list.length, "no two challenges of the same type"),
  }),
);

/** A challenge as stored (generated or curated). */
export const storedChallengeSchema = z.object({
  id: z.string(),
  type: z.enum(CHALLENGE_TYPES),
  target: z.number().int(),
  title: z.string(),
  description: z.string(),
  rewardXP: z.number().int(),
  eonMessage: z.string(),
  completionMessage: z.string(),
});
export type Challenge = z.output<typeof storedChallengeSchema>;

/** A challenge as served: the stored one with its date and the local hour it becomes available. */
export const servedChallengeSchema = storedChallengeSchema.extend({
  date: z.string().describe("the day the challenge belongs to (the request's date)"),
  availableFromHour: z.number().int().min(0).max(23).describe("local hour from which it is available on its date"),
});

export const challengesResponseSchema = z.object({ date: z.string(), challenges: z.array(servedChallengeSchema) });

/** The operator's calendar (GET /admin/challenges): each day's set as it will be served, and where it comes from. */
export const calendarSchema = z.object({
  days: z.array(challengesResponseSchema.extend({ source: z.enum(["generated", "curated"]).describe("curated by an admin, or generated") })),
});
