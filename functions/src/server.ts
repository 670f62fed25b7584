/**
 * The same API as a plain HTTP server, for running as a container (Cloud Run or any host) without Firebase
 * Hosting/Functions: `node lib/server.js`. Firestore comes from application default credentials (or
 * FIRESTORE_EMULATOR_HOST), the settings from the same environment variables the Firebase params use.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app";
import { CONTAINER_DEFAULTS, loadConfig } from "./config";

const server = createServer(createApp({ config: loadConfig(CONTAINER_DEFAULTS) }));
// PORT=0 lets the system pick a free port; the line below reports the one it got (tests start it so, and read it).
server.listen(Number(process.env.PORT ?? 8080), () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ severity: "INFO", message: "listening", port })}\n`);
});

// Cloud Run sends SIGTERM before stopping an instance: finish what is in flight, then exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
