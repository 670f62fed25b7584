/**
 * The API app alone in its own process, with the production settings (rate limits, TRUSTED_PROXY_HOPS 2) and no
 * datastore (the flood's requests never reach one), so that its resident memory is the app's: the memory flood
 * (scripts/bench/memory-flood.js) sends it requests from distinct client addresses and asks it, over IPC, how much
 * memory it holds. Prints `flood-server on <port>`.
 */
"use strict";
const path = require("node:path");

process.env.ADMIN_API_KEY ??= "flood-admin-key-0123456789";
process.env.USER_ID_PEPPER ??= "flood-pepper-0123456789abcdef";
const lib = path.join(__dirname, "../../functions/lib");
const { createApp } = require(path.join(lib, "app.js"));
const { loadConfig } = require(path.join(lib, "config.js"));

const app = createApp({
  config: loadConfig(),
  db: () => {
    throw new Error("the flood reaches no datastore");
  },
  log: () => undefined,
});
const server = app.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (message) => {
  if (message === "memory") {
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send({ rss, heapUsed, heapTotal, external });
  }
});
process.on("disconnect", () => process.exit(0));
