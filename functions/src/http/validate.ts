import { z } from "zod";
import { ISO_DAY, isDay } from "../domain/dates";
import type { FieldProblem } from "../errors";

/** Each issue of a zod error as the contract's `{ path, message }` detail. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

const NOT_A_DAY = "must be a real calendar day written YYYY-MM-DD";

/**
 * A real calendar day written `YYYY-MM-DD`, the one declaration of a day on the wire: its pattern and
 * `format: date` go into the OpenAPI document (a `format: date` validator, like `isDay`, refuses `2026-02-30`).
 * A value of the wrong shape gets one problem, not two (the pattern aborts before the calendar check).
 */
export const calendarDay = (typeMessage?: string) =>
  z
    .string(typeMessage)
    .regex(ISO_DAY, { message: NOT_A_DAY, abort: true })
    .refine(isDay, NOT_A_DAY)
    .meta({ format: "date" });

/** A `limit` query parameter: a whole number from 1 to 100, `fallback` when absent (a repeated one is refused). */
export function queryLimit(fallback: number) {
  return z
    .string("must be a whole number from 1 to 100 (once)")
    .regex(/^\d{1,3}$/, "must be a whole number from 1 to 100")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
    .default(fallback);
}
