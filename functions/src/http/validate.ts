import type { z } from "zod";
import type { FieldProblem } from "../errors";

/** Each issue of a zod error as the contract's `{ path, message }` detail. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}
