import { z } from "zod";
import type { FieldProblem } from "../errors";

/** Each issue of a zod error as the contract's `{ path, message }` detail. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/** A `limit` query parameter: a whole number from 1 to 100, `fallback` when absent (a repeated one is refused). */
export function queryLimit(fallback: number) {
  return z
    .string("must be a whole number from 1 to 100 (once)")
    .regex(/^\d{1,3}$/, "must be a whole number from 1 to 100")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
    .default(fallback);
}
