/** Health, unknown routes, security headers and logs on the real app. */
import request from "supertest";
import { startTestStack, newUserId, type TestStack } from "../helpers/test-app";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

test("GET /health answers with the version", async () => {
  const res = await request(stack.app).get("/api/v1/health").expect(200);
  expect(res.body).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

test("security headers are set and X-Powered-By is not", async () => {
  const res = await request(stack.app).get("/api/v1/health");
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["referrer-policy"]).toBe("no-referrer");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["x-powered-by"]).toBeUndefined();
});

test.each(["/api/v1/nope", "/", "/api/v2/sync"])("%s is a 404 in the contract's error shape", async (url) => {
  const res = await request(stack.app).get(url).expect(404);
  expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
});

test("one log line per request with route, status and latency, and never the userId", async () => {
  const userId = newUserId();
  stack.logs.length = 0;
  await request(stack.app).post("/api/v1/sync").set("Authorization", `Bearer ${userId}`).send({ data: {} }).expect(200);
  await request(stack.app).post("/api/v1/sync").send({ userId: "nope", data: {} }).expect(400);
  expect(stack.logs).toEqual([
    expect.objectContaining({ message: "request", method: "POST", route: "/api/v1/sync", status: 200, latencyMs: expect.any(Number) }),
    expect.objectContaining({ message: "request", method: "POST", route: "/api/v1/sync", status: 400 }),
  ]);
  expect(JSON.stringify(stack.logs)).not.toContain(userId);
});
