/**
 * The code prompts: a sync code (`BM-XXXX-XXXX`) and a circle's invite code (`BC-XXXX-XXXX`). What the user types
 * is checked as they type with the server's own rule (server-codes.ts, generated from the server's), and the
 * canonical form is what is sent.
 */
import { CIRCLE_CODE_PREFIX, normalizeCode, PAIRING_CODE_PREFIX } from "../generated/server-codes";
import type { Layer } from "./layer";

export const CODE_PROMPTS = {
  sync: { prefix: PAIRING_CODE_PREFIX, prompt: "The sync code from your other device", what: "A sync code" },
  circle: { prefix: CIRCLE_CODE_PREFIX, prompt: "The circle's invite code", what: "A circle's invite code" },
} as const;

/** The message the input box shows under a value that cannot be a code, or undefined for one that can. */
export function codeProblem(kind: keyof typeof CODE_PROMPTS, value: string): string | undefined {
  const { prefix, what } = CODE_PROMPTS[kind];
  if (value.trim() === "" || normalizeCode(value, prefix)) return undefined;
  return `${what} looks like ${prefix}-XXXX-XXXX: 8 letters and digits (no 0, O, 1 or I).`;
}

/** Asks for a code; the canonical code, or undefined when the user cancels (or leaves it empty). */
export async function askForCode(layer: Layer, kind: keyof typeof CODE_PROMPTS): Promise<string | undefined> {
  const { prefix, prompt } = CODE_PROMPTS[kind];
  const typed = await layer.vscode.window.showInputBox({
    prompt,
    placeHolder: `${prefix}-XXXX-XXXX`,
    ignoreFocusOut: true,
    validateInput: (value) => codeProblem(kind, value),
  });
  return typed ? normalizeCode(typed, prefix) : undefined;
}
