/**
 * A user's public name on the leaderboards: friendly, short, stable ("calm-otter-7f3a"). It is an HMAC of the
 * user key, so it cannot be turned back into the userId and shares nothing with it by construction.
 * With 32 × 32 × 65,536 names, two users on one board of 100 share a name about once in 13,000 boards; the
 * rebuild then shows both in their long form, which adds two more bytes of the same HMAC ("calm-otter-7f3a-19c2").
 */
import { createHmac } from "node:crypto";

const QUALITIES = [
  "calm", "still", "gentle", "quiet", "steady", "patient", "soft", "deep", "slow", "bright",
  "clear", "mossy", "misty", "sunlit", "rooted", "airy", "tidal", "warm", "cool", "kind",
  "humble", "serene", "dewy", "amber", "silver", "golden", "wild", "open", "easy", "fern",
  "hushed", "lucid",
];
const CREATURES = [
  "otter", "heron", "fox", "owl", "wren", "deer", "hare", "badger", "lynx", "crane",
  "seal", "finch", "moth", "newt", "robin", "sparrow", "beaver", "marten", "ibis", "loon",
  "tern", "vole", "egret", "kestrel", "salmon", "turtle", "swan", "lark", "bison", "koala",
  "panda", "whale",
];

function digestOf(userKey: string, pepper: string): Buffer {
  return createHmac("sha256", pepper).update(`anonymous:${userKey}`).digest();
}

export function anonymousIdOf(userKey: string, pepper: string): string {
  const digest = digestOf(userKey, pepper);
  const quality = QUALITIES[digest[0] % QUALITIES.length];
  const creature = CREATURES[digest[1] % CREATURES.length];
  return `${quality}-${creature}-${digest.subarray(2, 4).toString("hex")}`;
}

/** The same name with two more bytes, shown only where two users on one board share the short name. */
export function longAnonymousIdOf(userKey: string, pepper: string): string {
  return `${anonymousIdOf(userKey, pepper)}-${digestOf(userKey, pepper).subarray(4, 6).toString("hex")}`;
}
