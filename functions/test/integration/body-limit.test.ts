/**
 * Bodies are bounded while they arrive: a chunked upload (no Content-Length to refuse up front) is read only up to
 * 64 KiB, answered with the contract's 413, and its connection closed — not drained to the end of the upload.
 * Through the real app on a real socket, as the tests mount it; the container entry point has the same test in
 * e2e/container-server.test.ts.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { startTestStack, type TestStack } from "../helpers/test-app";
import { streamChunkedUpload } from "../helpers/streaming-upload";
import { LINGER_BYTES } from "../../src/http/json-body";

let stack: TestStack;
let server: Server;
let base: string;
beforeAll(async () => {
  stack = await startTestStack();
  server = createServer(stack.makeApp());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await stack.close();
});

const SIXTY_FOUR_MB = 64 * 1024 * 1024;

test("a 64 MB chunked upload: 413 payload_too_large, the connection closed long before the upload's end", async () => {
  const outcome = await streamChunkedUpload(`${base}/sync`, SIXTY_FOUR_MB, "polite");
  expect(outcome.status).toBe(413);
  expect(JSON.parse(outcome.body)).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
  expect(outcome.closedEarly).toBe(true);
  // What the socket took: 64 KiB read by us and what the kernels' buffers held while reading was paused.
  expect(outcome.sentBytes).toBeLessThan(LINGER_BYTES);
});

test("a client that keeps writing whatever the answer is cut off, not drained", async () => {
  const outcome = await streamChunkedUpload(`${base}/sync`, 4 * SIXTY_FOUR_MB, "blind");
  expect(outcome.closedEarly).toBe(true);
  // The cap plus what the kernels buffer (each socket's buffers are bounded by tcp_wmem / tcp_rmem).
  expect(outcome.sentBytes).toBeLessThan(SIXTY_FOUR_MB);
});

test("a chunked body within the limit is read and served as usual", async () => {
  const userId = randomUUID();
  const body = JSON.stringify({ userId, data: { meditation: { totalXP: 7 } } });
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const req = httpRequest(`${base}/sync`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
    req.on("response", (res) => (res.resume(), res.on("end", () => resolve(res.statusCode))));
    req.on("error", reject);
    req.write(body.slice(0, 10));
    req.end(body.slice(10));
  });
  expect(status).toBe(200);
});
