/**
 * A user's public name on the leaderboards: friendly, short, stable ("calm-otter-7f3a"). It is an HMAC of the
 * user key, so it cannot be turned back into the userId and shares no characters with it by construction.
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

export function anonymousIdOf(userKey: string, pepper: string): string {
  const digest = createHmac("sha256", pepper).update(`anonymous:${userKey}`).digest();
  const quality = QUALITIES[digest[0] % QUALITIES.length];
  const creature = CREATURES[digest[1] % CREATURES.length];
  return `${quality}-${creature}-${digest.subarray(2, 4).toString("hex")}`;
}
