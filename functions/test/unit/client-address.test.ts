/** Which address a per-IP limit counts: only what our proxies appended, reduced to the block one party owns. */
import fc from "fast-check";
import { addressKey, clientKey, trustedClientAddress } from "../../src/http/client-address";

describe("trustedClientAddress", () => {
  test("0 hops: the socket peer, whatever X-Forwarded-For says", () => {
    expect(trustedClientAddress("198.51.100.4", "203.0.113.1, 203.0.113.2", 0)).toBe("198.51.100.4");
  });

  test("1 hop (Cloud Run): the entry Google's front end appended", () => {
    expect(trustedClientAddress("169.254.8.129", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
  });

  test("2 hops (Hosting → Functions): the entry the CDN appended, left of the CDN node's own", () => {
    expect(trustedClientAddress("169.254.8.129", "6.6.6.6, 203.0.113.7, 151.101.1.1", 2)).toBe("203.0.113.7");
  });

  test("fewer entries than hops: the leftmost, which nothing client-written precedes", () => {
    expect(trustedClientAddress("10.0.0.1", "203.0.113.7", 2)).toBe("203.0.113.7");
    expect(trustedClientAddress("10.0.0.1", undefined, 2)).toBe("10.0.0.1");
  });

  test("repeated X-Forwarded-For headers count as one list", () => {
    expect(trustedClientAddress("10.0.0.1", ["6.6.6.6", "203.0.113.7"], 1)).toBe("203.0.113.7");
  });

  test("property: whatever a client writes in front, the trusted entry does not change", () => {
    const ip = fc.ipV4();
    fc.assert(
      fc.property(fc.array(fc.oneof(ip, fc.ipV6(), fc.string()), { maxLength: 8 }), ip, fc.array(ip, { maxLength: 3 }), (written, client, proxies) => {
        const hops = proxies.length + 1;
        const header = [...written.map((w) => w.replace(/,/g, "")), client, ...proxies].join(", ");
        expect(trustedClientAddress("10.9.9.9", header, hops)).toBe(client);
      }),
    );
  });
});

describe("addressKey", () => {
  test("IPv4 by address; IPv4-mapped IPv6 as the IPv4 address it is; ports and brackets ignored", () => {
    expect(addressKey("203.0.113.9", 64)).toBe("v4:203.0.113.9");
    expect(addressKey("::ffff:203.0.113.9", 64)).toBe("v4:203.0.113.9");
    expect(addressKey("::FFFF:cb00:7109", 64)).toBe("v4:203.0.113.9");
    expect(addressKey("203.0.113.9:51234", 64)).toBe("v4:203.0.113.9");
    expect(addressKey("[2001:db8::1]:443", 64)).toBe(addressKey("2001:db8::1", 64));
    expect(addressKey("203.0.113.9", 64)).not.toBe(addressKey("203.0.113.10", 64));
  });

  test("IPv6 by its /64: one connection's addresses share a key, the next /64 does not", () => {
    const home = addressKey("2001:db8:1:2::1", 64);
    expect(home).toBe("v6:2001:db8:1:2:0:0:0:0/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff", 64)).toBe(home);
    expect(addressKey("2001:db8:1:2:dead:beef:1:fe80%eth0", 64)).toBe(home);
    expect(addressKey("2001:db8:1:3::1", 64)).not.toBe(home);
  });

  test("other prefixes: /48 joins neighbouring /64s, /128 keys the full address", () => {
    expect(addressKey("2001:db8:1:2::1", 48)).toBe(addressKey("2001:db8:1:ffff::1", 48));
    expect(addressKey("2001:db8:1:2::1", 56)).toBe(addressKey("2001:db8:1:ff::1", 56));
    expect(addressKey("2001:db8:1:2::1", 56)).not.toBe(addressKey("2001:db8:1:100::1", 56));
    expect(addressKey("2001:db8:1:2::1", 128)).not.toBe(addressKey("2001:db8:1:2::2", 128));
  });

  test("property: any two addresses of one /64 share a key; the key never holds the host part", () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(group, { minLength: 4, maxLength: 4 }), fc.array(group, { minLength: 4, maxLength: 4 }), fc.array(group, { minLength: 4, maxLength: 4 }), (net, a, b) => {
        fc.pre(!(net[0] === 0 && net[1] === 0 && net[2] === 0 && net[3] === 0));
        const address = (host: number[]) => [...net, ...host].map((g) => g.toString(16)).join(":");
        expect(addressKey(address(a), 64)).toBe(addressKey(address(b), 64));
        expect(addressKey(address(a), 64)).toMatch(/:0:0:0:0\/64$/);
      }),
    );
  });

  test("anything unparseable still gets a key of its own", () => {
    expect(addressKey("unknown", 64)).toBe("raw:unknown");
    expect(clientKey(undefined, undefined, { trustedHops: 0, ipv6PrefixBits: 64 })).toBe("raw:unknown");
  });
});
