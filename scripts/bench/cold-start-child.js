/**
 * One fresh process of the cold-start benchmark: loads a function module, serves it one request over HTTP, and
 * prints {loadMs, firstRequestMs} as JSON. Variants:
 *   hello     a minimal firebase-functions onRequest hello world (the floor)
 *   ours      functions/lib/index.js, our real entry point (everything heavy loads lazily)
 *   naive     the obvious version: firebase-admin/firestore, zod and the whole app imported at the top
 * The second argument is the path of the first request (default /api/v1/health).
 */
"use strict";
const started = performance.now();
const path = require("node:path");
const http = require("node:http");

const variant = process.argv[2];
const firstPath = process.argv[3] ?? "/api/v1/health";
const lib = path.resolve(__dirname, "../../functions/lib");

function load() {
  if (variant === "hello") {
    const { onRequest } = require("firebase-functions/https");
    return onRequest((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
    });
  }
  if (variant === "ours") return require(path.join(lib, "index.js")).api;
  if (variant === "naive") {
    require("firebase-admin/firestore");
    require("zod");
    const { onRequest } = require("firebase-functions/https");
    const app = require(path.join(lib, "app.js")).createApp({ config: require(path.join(lib, "config.js")).loadConfig() });
    return onRequest(app);
  }
  throw new Error(`unknown variant ${variant}`);
}

const handler = load();
const loaded = performance.now();
const server = http.createServer((req, res) => handler(req, res));
server.listen(0, "127.0.0.1", async () => {
  const requestStarted = performance.now();
  const res = await fetch(`http://127.0.0.1:${server.address().port}${firstPath}`);
  await res.text();
  const done = performance.now();
  process.stdout.write(JSON.stringify({ status: res.status, loadMs: loaded - started, firstRequestMs: done - requestStarted }));
  server.close();
  process.exit(0);
});
