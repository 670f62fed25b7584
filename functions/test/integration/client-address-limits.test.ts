/**
 * Per-IP limits cannot be walked around, in each deployment shape (docs/security.md, "The client address"): the
 * real app sees the X-Forwarded-For that shape's proxies produce, with whatever an attacker writes in front of it.
 * (supertest's socket peer, 127.0.0.1, stands for the proxy nearest to us: Google's front end.)
 */
import request from "supertest";
import { startTestStack, type TestStack } from "../helpers/test-app";
import { CONTAINER_DEFAULTS, testConfig } from "../../src/config";
import { NEAREST_PROXY_SHARE } from "../../src/http/rate-limit";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const CDN_NODE = "151.101.65.195"; // the Hosting CDN node, as Google's front end appends it
const limits = (overrides: Partial<ReturnType<typeof testConfig>["rateLimits"]>) => ({ rateLimits: { ...testConfig().rateLimits, ...overrides } });
const claim = (app: Parameters<typeof request>[0], forwardedFor: string) =>
  request(app).post("/api/v1/pairing/claim").set("X-Forwarded-For", forwardedFor).send({ code: "BM-AAAA-AAAA" });
const forged = (i: number) => `10.${i}.0.1, 2001:db8:ffff:${i.toString(16)}::1`;
const inOneSlash64 = (i: number) => `2001:db8:1:2:${((i * 7919) & 0xffff).toString(16)}:${i.toString(16)}:0:1`;

async function statuses(count: number, send: (i: number) => request.Test): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await send(i)).status);
  return result;
}
const served = (n: number) => Array<number>(n).fill(404); // an unknown code: served, and counted
const limited = (n: number) => Array<number>(n).fill(429);

describe("Hosting → Functions (the default, TRUSTED_PROXY_HOPS=2)", () => {
  test("30 claims from 30 addresses of one IPv6 /64, each with a new forged X-Forwarded-For: 10 served, then 429", async () => {
    expect(testConfig().trustedProxyHops).toBe(2);
    const app = stack.makeApp(limits({ "claims-per-ip": 10 }));
    const result = await statuses(30, (i) => claim(app, `${forged(i)}, ${inOneSlash64(i)}, ${CDN_NODE}`));
    expect(result).toEqual([...served(10), ...limited(20)]);
    // The next /64 over — another connection — through the same CDN node is still served.
    const neighbour = await claim(app, `2001:db8:1:3::1, ${CDN_NODE}`);
    expect(neighbour.status).toBe(404);
  });

  test("an IPv4 client and its IPv4-mapped IPv6 form are one client", async () => {
    const app = stack.makeApp(limits({ "claims-per-ip": 2 }));
    const result = await statuses(4, (i) => claim(app, `${i % 2 ? "::ffff:203.0.113.20" : "203.0.113.20"}, ${CDN_NODE}`));
    expect(result).toEqual([...served(2), ...limited(2)]);
  });

  test("admin-key guessing with a rotating forged X-Forwarded-For is limited", async () => {
    const app = stack.makeApp(limits({ "admin-per-ip": 3 }));
    const result = await statuses(6, (i) =>
      request(app).post("/api/v1/admin/jobs/leaderboards").set("X-Admin-Key", `guess-${i}`).set("X-Forwarded-For", `${forged(i)}, 198.51.100.30, ${CDN_NODE}`),
    );
    expect(result).toEqual([401, 401, 401, 429, 429, 429]);
  });

  test("skipping Hosting for the function's own URL: the forged entry lands where the client should be, and claims are still limited by the real address", async () => {
    const app = stack.makeApp(limits({ "claims-per-ip": 2 }));
    // Google's front end appends the caller's real address last; the entry before it is the caller's own writing.
    const budget = 2 * NEAREST_PROXY_SHARE;
    const result = await statuses(budget + 3, (i) => claim(app, `${forged(i)}, 198.51.100.40`));
    expect(result).toEqual([...served(budget), ...limited(3)]);
  });

  test("the general per-IP limit binds per client, not per CDN node", async () => {
    const app = stack.makeApp(limits({ "requests-per-ip": 3 }));
    const health = (client: string, i: number) => request(app).get("/api/v1/health").set("X-Forwarded-For", `${forged(i)}, ${client}, ${CDN_NODE}`);
    expect(await statuses(4, (i) => health("203.0.113.50", i))).toEqual([200, 200, 200, 429]);
    expect((await health("203.0.113.51", 9)).status).toBe(200);
  });
});

describe("Cloud Run, no Hosting (TRUSTED_PROXY_HOPS=1)", () => {
  test("the entry Google's front end appended is the client; rotating what comes before it changes nothing", async () => {
    const app = stack.makeApp({ trustedProxyHops: 1, ...limits({ "claims-per-ip": 3 }) });
    expect(await statuses(6, (i) => claim(app, `${forged(i)}, ${inOneSlash64(i)}`))).toEqual([...served(3), ...limited(3)]);
    expect((await claim(app, "2001:db8:9:9::1")).status).toBe(404);
  });
});

describe("a container straight on a host (the container's default, TRUSTED_PROXY_HOPS=0)", () => {
  test("X-Forwarded-For is the client's own writing and is ignored: the socket peer is the client", async () => {
    expect(CONTAINER_DEFAULTS.trustedProxyHops).toBe(0);
    const app = stack.makeApp({ ...CONTAINER_DEFAULTS, ...limits({ "claims-per-ip": 3, "admin-per-ip": 2 }) });
    expect(await statuses(6, (i) => claim(app, `${forged(i)}, 203.0.113.${i}`))).toEqual([...served(3), ...limited(3)]);
    const admin = await statuses(4, (i) => request(app).post("/api/v1/admin/jobs/leaderboards").set("X-Admin-Key", "guess").set("X-Forwarded-For", `198.51.100.${i}`));
    expect(admin).toEqual([401, 401, 429, 429]);
  });
});
