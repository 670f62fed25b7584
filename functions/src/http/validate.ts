import type { z } from "zod";
import { invalid, type FieldProblem } from "../errors";

/** Parses `value` with `schema`, or throws a 400 listing every invalid field as `{ path, message }`. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown, what = "The request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldProblem[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  throw invalid(`${what} is not valid.`, details);
}
