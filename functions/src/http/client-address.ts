/**
 * Who is asking, for per-IP rate limits: the client address our own proxies vouch for, reduced to the block one
 * party really owns. Pure: no I/O, no Express.
 *
 * - **Only trusted entries.** `X-Forwarded-For` is a list every proxy appends to; a client can write any prefix it
 *   likes. `trustedHops` says how many entries *our* infrastructure appends (0: nothing, the socket peer is the
 *   client). The client is the entry `trustedHops` places from the right of [...X-Forwarded-For, socket peer];
 *   everything left of it is the client's own writing and is never read. Which value fits which deployment is in
 *   docs/security.md ("The client address").
 * - **Owned blocks.** One home or phone connection gets a whole IPv6 /64 (2⁶⁴ addresses), so an IPv6 client is
 *   keyed by its first `ipv6PrefixBits` bits (default 64); IPv4 by the address; an IPv4-mapped IPv6 address
 *   (`::ffff:203.0.113.9`, what a dual-stack socket reports) as the IPv4 address it is.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface AddressPolicy {
  trustedHops: number;
  ipv6PrefixBits: number;
}

/** The address our proxies vouch for: `trustedHops` entries from the right (the leftmost one when fewer exist). */
export function trustedClientAddress(socketPeer: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketPeer ?? "unknown"];
  // Fewer entries than hops: the request did not come through all our proxies; its leftmost entry is still one a
  // proxy of ours (or the socket) produced, since nothing the client wrote precedes it.
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

/** The rate-limit key of an address: `v4:a.b.c.d`, `v6:<first prefix bits>/<bits>`, or `raw:` for anything else. */
export function addressKey(address: string, ipv6PrefixBits: number): string {
  const plain = stripPortAndBrackets(address);
  if (isIPv4(plain)) return `v4:${plain}`;
  const groups = isIPv6(plain) ? ipv6Groups(plain) : undefined;
  if (!groups) return `raw:${address}`;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `v4:${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  return `v6:${prefixOf(groups, ipv6PrefixBits)}/${ipv6PrefixBits}`;
}

export function clientKey(socketPeer: string | undefined, forwardedFor: string | string[] | undefined, policy: AddressPolicy): string {
  return addressKey(trustedClientAddress(socketPeer, forwardedFor, policy.trustedHops), policy.ipv6PrefixBits);
}

function stripPortAndBrackets(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return withoutZone(bracketed[1]);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (v4WithPort) return v4WithPort[1];
  return withoutZone(address);
}

const withoutZone = (address: string) => address.replace(/%.*$/, "");

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

function prefixOf(groups: number[], bits: number): string {
  const kept = groups.map((group, i) => {
    const from = i * 16;
    if (bits >= from + 16) return group;
    if (bits <= from) return 0;
    return group & (0xffff << (16 - (bits - from))) & 0xffff;
  });
  return kept.map((g) => g.toString(16)).join(":");
}
