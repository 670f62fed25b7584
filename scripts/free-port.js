"use strict";
const net = require("node:net");

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now — and nothing reserves it afterwards, so another
 * process can take it before ours binds it. Only for programs that must be told their ports up front (the Firebase
 * emulators read theirs from a config file); scripts/emulators.js starts again on new ports when that race is lost.
 * Everything we write ourselves listens on port 0 and reports the port it got instead (the embedded Firestore
 * emulator, the container entry point).
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
