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

describe("logs the platform understands", () => {
  const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  const TRACE = `projects/demo-breath-master/traces/${TRACE_ID}`;

  test("a request line carries the request's trace, from X-Cloud-Trace-Context or traceparent", async () => {
    stack.logs.length = 0;
    await request(stack.app).get("/api/v1/health").set("X-Cloud-Trace-Context", `${TRACE_ID}/1;o=1`).expect(200);
    await request(stack.app).get("/api/v1/health").set("traceparent", `00-${TRACE_ID}-00f067aa0ba902b7-01`).expect(200);
    await request(stack.app).get("/api/v1/health").expect(200);
    expect(stack.logs.map((entry) => entry["logging.googleapis.com/trace"])).toEqual([TRACE, TRACE, undefined]);
  });

  test("a 500 logs one ERROR line with the stack (for Error Reporting) and the trace, and answers without either", async () => {
    // A datastore client that breaks in a way no outage does: a bug, so a 500. (Replies are not checked against
    // the declaration here: a 500 is possible everywhere and declared nowhere.)
    const broken = stack.makeApp({}, {
      db: () => {
        throw new TypeError("the datastore client is broken");
      },
      onResponseMismatch: undefined,
    });
    stack.logs.length = 0;
    const res = await request(broken).get("/api/v1/leaderboard?period=daily").set("X-Cloud-Trace-Context", `${TRACE_ID}/7`).expect(500);
    expect(res.body).toEqual({ error: { code: "internal", message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain("TypeError");
    const error = stack.logs.find((entry) => entry.severity === "ERROR" && entry.message !== "request");
    expect(error).toMatchObject({
      "@type": "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent",
      message: expect.stringMatching(/^TypeError: the datastore client is broken\n\s+at /),
      "logging.googleapis.com/trace": TRACE,
    });
    expect(stack.logs).toContainEqual(expect.objectContaining({ message: "request", status: 500, severity: "ERROR", "logging.googleapis.com/trace": TRACE }));
  });
});
