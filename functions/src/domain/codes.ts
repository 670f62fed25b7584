/**
 * The shape of the codes a person types, pure: `BM-XXXX-XXXX` (pairing) and `BC-XXXX-XXXX` (circles), 8 symbols
 * over a 32-symbol alphabet without the look-alikes 0/O and 1/I, so 8 symbols carry exactly 40 bits. The server
 * reads every code through `normalizeCode`; the client kit gets this file verbatim (`npm run gen:client-types`)
 * and checks what the user types with the same rule before anything is sent.
 */

export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_SYMBOLS = 8;
export const PAIRING_CODE_PREFIX = "BM";
export const CIRCLE_CODE_PREFIX = "BC";

/**
 * Reads a code as a person might type it: any case, with or without the prefix, dashes or spaces. `0`, `O`,
 * `1` and `I` are not in the alphabet, so a code containing them is refused rather than guessed at.
 * Returns the canonical `BM-XXXX-XXXX` (or `BC-…`), or undefined if it cannot be a code.
 */
export function normalizeCode(input: string, prefix = PAIRING_CODE_PREFIX): string | undefined {
  let compact = input.toUpperCase().replace(/[\s-]/g, "");
  if (compact.startsWith(prefix) && compact.length === CODE_SYMBOLS + prefix.length) compact = compact.slice(prefix.length);
  if (compact.length !== CODE_SYMBOLS) return undefined;
  for (const symbol of compact) if (!CODE_ALPHABET.includes(symbol)) return undefined;
  return `${prefix}-${compact.slice(0, 4)}-${compact.slice(4)}`;
}
