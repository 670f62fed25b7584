/**
 * Guessing circle codes is as hopeless as guessing pairing codes (docs/security.md, "Guessing a circle code"):
 * wrong codes are limited per client address, joins that work cost nothing, and a code stops opening its circle
 * CIRCLE_CODE_DAYS after it was made.
 */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";
import { testConfig } from "../../src/config";

let stack: TestStack;
const MISSES = 3;

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { ...testConfig().rateLimits, "circle-code-misses-per-ip": MISSES } });
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => stack.resetClock());

/** Requests from one client behind Hosting (two trusted hops: the client, then the CDN node). */
const from = (client: string) => ({ "X-Forwarded-For": `${client}, 130.211.0.7` });
const bearer = (userId: string) => ({ Authorization: `Bearer ${userId}` });
async function newUser(): Promise<string> {
  const userId = newUserId();
  await request(stack.app).post("/api/v1/sync").set(bearer(userId)).send({ data: {} }).expect(200);
  return userId;
}
const join = (userId: string, code: string, client: string) =>
  request(stack.app).post("/api/v1/circles/join").set(bearer(userId)).set(from(client)).send({ code });

test("joins that work cost nothing: a team of 12 joins from one office address under a limit of 3 misses", async () => {
  const owner = await newUser();
  const { code } = (await request(stack.app).post("/api/v1/circles").set(bearer(owner)).expect(201)).body as { code: string };
  for (let i = 0; i < 12; i++) await join(await newUser(), code, "198.51.100.20").expect(200);
});

test("wrong codes from one address: 3 get 404, then 429 with Retry-After, whatever the code; another address is not affected", async () => {
  const guesser = await newUser();
  for (let i = 0; i < MISSES; i++) await join(guesser, `BC-2222-22${"23456789"[i]}2`, "203.0.113.9").expect(404);
  const refused = await join(guesser, "BC-2222-2299", "203.0.113.9").expect(429);
  expect(refused.body.error.code).toBe("rate_limited");
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  await join(guesser, "BC-2222-2299", "203.0.113.10").expect(404);
});

test("a code opens its circle for CIRCLE_CODE_DAYS (30), as its reply says, then 404; the creator's new code works", async () => {
  const owner = await newUser();
  const made = stack.clock.now.getTime();
  const { circleId, code, codeExpiresAt } = (await request(stack.app).post("/api/v1/circles").set(bearer(owner)).expect(201)).body as { circleId: string; code: string; codeExpiresAt: string };
  expect(codeExpiresAt).toBe(new Date(made + 30 * 86_400_000).toISOString());
  const early = await newUser();
  stack.clock.now = new Date(stack.clock.now.getTime() + 29 * 86_400_000);
  await join(early, code, "192.0.2.1").expect(200);
  stack.clock.now = new Date(stack.clock.now.getTime() + 2 * 86_400_000);
  const late = await newUser();
  await join(late, code, "192.0.2.2").expect(404);
  const fresh = (await request(stack.app).post(`/api/v1/circles/${circleId}/code`).set(bearer(owner)).expect(200)).body as { code: string; codeExpiresAt: string };
  expect(fresh.codeExpiresAt).toBe(new Date(stack.clock.now.getTime() + 30 * 86_400_000).toISOString());
  await join(late, fresh.code, "192.0.2.2").expect(200);
});
