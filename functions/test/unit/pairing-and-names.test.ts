import { randomBytes } from "node:crypto";
import fc from "fast-check";
import {
  CODE_ALPHABET,
  CODE_BITS,
  codeFromBytes,
  codeKeyOf,
  normalizeCode,
  sealUserId,
  unsealUserId,
} from "../../src/pairing/pairing.logic";
import { anonymousIdOf, longAnonymousIdOf } from "../../src/users/anonymous-id";
import { withDistinctNames } from "../../src/leaderboard/leaderboard.loader";

const PEPPER = "unit-test-pepper-0123456789";

describe("pairing codes", () => {
  test("carry at least 40 bits over an alphabet without look-alikes", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(40);
    expect(CODE_ALPHABET).toHaveLength(32);
    for (const lookalike of ["0", "O", "1", "I"]) expect(CODE_ALPHABET).not.toContain(lookalike);
  });

  test("every 40-bit value gets its own code, in the BM-XXXX-XXXX form (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 5, maxLength: 5 }), (a, b) => {
        const codeA = codeFromBytes(Buffer.from(a));
        expect(codeA).toMatch(/^BM-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
        expect(normalizeCode(codeA)).toBe(codeA);
        expect(codeFromBytes(Buffer.from(b)) === codeA).toBe(Buffer.from(a).equals(Buffer.from(b)));
      }),
    );
    expect(codeFromBytes(Buffer.alloc(5))).toBe("BM-2222-2222");
    expect(codeFromBytes(Buffer.alloc(5, 255))).toBe("BM-ZZZZ-ZZZZ");
  });

  test("are read as people type them, and refused when they cannot be codes", () => {
    expect(normalizeCode("bm-7k3q-x9pd")).toBe("BM-7K3Q-X9PD");
    expect(normalizeCode(" 7K3Q X9PD ")).toBe("BM-7K3Q-X9PD");
    expect(normalizeCode("BM7K3QX9PD")).toBe("BM-7K3Q-X9PD");
    for (const bad of ["BM-7K3Q-X9P", "BM-7K3Q-X9PDD", "BM-0K3Q-X9PD", "BM-7K3Q-X9PI", "", "hello world"]) {
      expect(normalizeCode(bad)).toBeUndefined();
    }
  });

  test("the stored key depends on the pepper; the sealed userId opens only with its code", () => {
    const userId = "1b4e28ba-2fa1-4d3b-a3f5-ef19e2b0c9a1";
    expect(codeKeyOf("BM-7K3Q-X9PD", PEPPER)).not.toBe(codeKeyOf("BM-7K3Q-X9PD", `${PEPPER}x`));
    const sealed = sealUserId(userId, "BM-7K3Q-X9PD", PEPPER, randomBytes(12));
    expect(sealed).not.toContain(userId);
    expect(unsealUserId(sealed, "BM-7K3Q-X9PD", PEPPER)).toBe(userId);
    expect(unsealUserId(sealed, "BM-7K3Q-X9PE", PEPPER)).toBeUndefined();
    expect(unsealUserId(sealed, "BM-7K3Q-X9PD", `${PEPPER}x`)).toBeUndefined();
  });
});

describe("anonymous ids", () => {
  test("are stable, short, friendly, and share nothing with the userKey", () => {
    const userKey = "a".repeat(64);
    const id = anonymousIdOf(userKey, PEPPER);
    expect(anonymousIdOf(userKey, PEPPER)).toBe(id);
    expect(id).toMatch(/^[a-z]+-[a-z]+-[0-9a-f]{4}$/);
    expect(userKey.startsWith(id.slice(-4))).toBe(false);
    expect(anonymousIdOf(userKey, `${PEPPER}x`)).not.toBe(id);
    expect(longAnonymousIdOf(userKey, PEPPER)).toMatch(new RegExp(`^${id}-[0-9a-f]{4}$`));
  });

  test("users sharing a short name on one board are shown in their long forms; others keep theirs", () => {
    const shown = withDistinctNames(
      [
        { userKey: "k1", anonymousId: "calm-otter-0001", xp: 9 },
        { userKey: "k2", anonymousId: "calm-otter-0001", xp: 7 },
        { userKey: "k3", anonymousId: "still-heron-0002", xp: 5 },
      ],
      PEPPER,
    );
    expect(shown.map((entry) => entry.anonymousId)).toEqual([
      longAnonymousIdOf("k1", PEPPER),
      longAnonymousIdOf("k2", PEPPER),
      "still-heron-0002",
    ]);
    expect(new Set(shown.map((entry) => entry.anonymousId)).size).toBe(3);
  });
});
