/** Rate limits, CORS and App Check on the real app. */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

const limits = (overrides: Partial<ReturnType<typeof testConfig>["rateLimits"]>) => ({
  rateLimits: { ...testConfig().rateLimits, ...overrides },
});
// Hosting → Functions (two trusted hops): the CDN appends the real client address, Google's front end the CDN
// node's; whatever the client wrote comes before both. Every deployment shape: client-address-limits.test.ts.
const CDN_NODE = "151.101.65.195";
const from = (clientIp: string, forged = "") => ({ "X-Forwarded-For": `${forged ? `${forged}, ` : ""}${clientIp}, ${CDN_NODE}` });

describe("rate limits", () => {
  test("a burst from one client past the limit gets 429 with Retry-After; another client is unaffected", async () => {
    const app = stack.makeApp(limits({ "requests-per-ip": 5 }));
    for (let i = 0; i < 5; i++) {
      const ok = await request(app).get("/api/v1/health").set(from("203.0.113.9")).expect(200);
      expect(ok.headers["ratelimit-limit"]).toBe("5");
      expect(ok.headers["ratelimit-remaining"]).toBe(String(4 - i));
    }
    const limited = await request(app).get("/api/v1/health").set(from("203.0.113.9")).expect(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    await request(app).get("/api/v1/health").set(from("198.51.100.7")).expect(200);
  });

  test("a rotating, forged X-Forwarded-For does not reset one's limit", async () => {
    const app = stack.makeApp(limits({ "requests-per-ip": 3 }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(app).get("/api/v1/health").set(from("203.0.113.10", `10.0.0.${i}, 192.0.2.${i}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  test("syncs are limited per user, across IPs and devices", async () => {
    const app = stack.makeApp(limits({ "syncs-per-user": 2 }));
    const userId = newUserId();
    const sync = (ip: string) => request(app).post("/api/v1/sync").set(from(ip)).send({ userId, data: {} });
    await sync("203.0.113.1").expect(200);
    await sync("203.0.113.2").expect(200);
    const limited = await sync("203.0.113.3").expect(429);
    expect(limited.headers["retry-after"]).toBeDefined();
    await request(app).post("/api/v1/sync").send({ userId: newUserId(), data: {} }).expect(200);
  });

  test("admin routes have their own tight limit, even for wrong keys", async () => {
    const app = stack.makeApp(limits({ "admin-per-ip": 2 }));
    for (let i = 0; i < 2; i++) await request(app).post("/api/v1/admin/jobs/leaderboards").set("X-Admin-Key", "guess").expect(401);
    await request(app).post("/api/v1/admin/jobs/leaderboards").set("X-Admin-Key", "guess").expect(429);
  });
});

describe("CORS", () => {
  test("no Origin (the extension host): served, no CORS headers needed", async () => {
    const res = await request(stack.app).get("/api/v1/health").expect(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("a VS Code webview origin gets CORS headers", async () => {
    const origin = "vscode-webview://1c2v3b4n5m6a7s8d9f0g";
    const res = await request(stack.app).get("/api/v1/health").set("Origin", origin).expect(200);
    expect(res.headers["access-control-allow-origin"]).toBe(origin);
    expect(res.headers.vary).toMatch(/Origin/);
  });

  test.each(["/api/v1/leaderboard?period=daily", "/api/v1/challenges/daily"])(
    "the cached route %s keeps every Vary entry: Origin (CORS) and Authorization (the route)",
    async (route) => {
      const res = await request(stack.app).get(route).set("Origin", "vscode-webview://abc").expect(200);
      const vary = String(res.headers.vary).split(",").map((entry) => entry.trim());
      expect(vary).toEqual(expect.arrayContaining(["Origin", "Authorization"]));
      expect(res.headers["cache-control"]).toMatch(/max-age/);
    },
  );

  test("an allow-listed origin gets them; any other origin gets none", async () => {
    const app = stack.makeApp({ corsAllowList: ["https://breath-master.example"] });
    const allowed = await request(app).get("/api/v1/health").set("Origin", "https://breath-master.example").expect(200);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://breath-master.example");
    const other = await request(app).get("/api/v1/health").set("Origin", "https://evil.example").expect(200);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const lookalike = await request(app).get("/api/v1/health").set("Origin", "vscode-webview://x.evil.example").expect(200);
    expect(lookalike.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("preflights are answered: with CORS headers for a webview, without for others", async () => {
    const origin = "vscode-webview://abc123";
    const pre = await request(stack.app)
      .options("/api/v1/sync")
      .set("Origin", origin)
      .set("Access-Control-Request-Method", "POST")
      .set("Access-Control-Request-Headers", "authorization, content-type")
      .expect(204);
    expect(pre.headers["access-control-allow-origin"]).toBe(origin);
    expect(pre.headers["access-control-allow-methods"]).toMatch(/POST/);
    expect(pre.headers["access-control-allow-headers"]).toMatch(/Authorization/);
    const denied = await request(stack.app)
      .options("/api/v1/sync")
      .set("Origin", "https://evil.example")
      .set("Access-Control-Request-Method", "POST")
      .expect(204);
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("App Check", () => {
  const verifier = async (token: string) => token === "valid-token";

  test("enforce: no token or an invalid one → 401; a valid one → served; health and admin need none", async () => {
    const app = stack.makeApp({ appCheckMode: "enforce" }, { appCheckVerifier: verifier });
    const missing = await request(app).get("/api/v1/challenges/daily").expect(401);
    expect(missing.body.error.code).toBe("unauthorized");
    await request(app).get("/api/v1/challenges/daily").set("X-Firebase-AppCheck", "forged").expect(401);
    await request(app).get("/api/v1/challenges/daily").set("X-Firebase-AppCheck", "valid-token").expect(200);
    await request(app).get("/api/v1/health").expect(200);
    await request(app).post("/api/v1/admin/jobs/challenges").set("X-Admin-Key", testConfig().adminApiKey).expect(200);
  });

  test("monitor: an invalid token is logged (without the token) and served", async () => {
    const app = stack.makeApp({ appCheckMode: "monitor" }, { appCheckVerifier: verifier });
    stack.logs.length = 0;
    await request(app).get("/api/v1/challenges/daily").set("X-Firebase-AppCheck", "forged-secret").expect(200);
    expect(stack.logs.some((entry) => entry.message === "app check failed (monitor mode)")).toBe(true);
    expect(JSON.stringify(stack.logs)).not.toContain("forged-secret");
  });

  test("off (the default): tokens are not looked at", async () => {
    await request(stack.app).get("/api/v1/challenges/daily").expect(200);
  });
});
