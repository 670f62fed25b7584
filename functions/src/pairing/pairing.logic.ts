/**
 * Pairing codes, pure: `BM-XXXX-XXXX` over a 32-symbol alphabet without the look-alikes 0/O and 1/I, so 8
 * symbols carry exactly 40 bits. The server stores a code only as a keyed hash, and the userId it unlocks only
 * sealed (AES-256-GCM) under a key derived from the code itself: without the code, the stored record opens nothing.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";
import { CODE_ALPHABET, CODE_SYMBOLS, PAIRING_CODE_PREFIX } from "../domain/codes";

// The codes' shape and how a typed code is read are one rule, shared with the client kit (domain/codes.ts).
export { CODE_ALPHABET, CODE_SYMBOLS, normalizeCode } from "../domain/codes";
export const CODE_BITS = CODE_SYMBOLS * Math.log2(CODE_ALPHABET.length);
export const CODE_TTL_MS = 10 * 60_000;

/** Formats 5 random bytes (40 bits) as a code; circles use the same alphabet with the prefix `BC`. */
export function codeFromBytes(bytes: Buffer, prefix = PAIRING_CODE_PREFIX): string {
  if (bytes.length !== 5) throw new Error("a code needs exactly 5 random bytes");
  let bits = BigInt(`0x${bytes.toString("hex")}`);
  let symbols = "";
  for (let i = 0; i < CODE_SYMBOLS; i++) {
    symbols = CODE_ALPHABET[Number(bits & 31n)] + symbols;
    bits >>= 5n;
  }
  return `${prefix}-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** The document id of a code: HMAC(pepper, code), so the stored ids reveal nothing without the pepper. */
export function codeKeyOf(code: string, pepper: string): string {
  return createHmac("sha256", pepper).update(`pairing:${code}`).digest("hex");
}

function sealingKey(code: string, pepper: string): Buffer {
  return Buffer.from(hkdfSync("sha256", code, pepper, "breath-master pairing v1", 32));
}

/** Seals the userId under the code; `iv` must be 12 fresh random bytes. */
export function sealUserId(userId: string, code: string, pepper: string, iv: Buffer): string {
  const cipher = createCipheriv("aes-256-gcm", sealingKey(code, pepper), iv);
  const sealed = Buffer.concat([cipher.update(userId, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
}

/** Opens what `sealUserId` sealed, or returns undefined if the code does not open it. */
export function unsealUserId(sealed: string, code: string, pepper: string): string | undefined {
  const raw = Buffer.from(sealed, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(code, pepper), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
