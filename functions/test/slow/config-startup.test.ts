/** A mistyped param stops the start with a message naming it, and never prints a secret. */
import { spawnSync } from "node:child_process";
import path from "node:path";

const CONFIG = path.resolve(__dirname, "../../lib/config.js");
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ["-e", `require(${JSON.stringify(CONFIG)}).loadConfig(); console.log("started")`], {
    env: { PATH: process.env.PATH, ADMIN_API_KEY: "admin-key-0123456789abcdef", USER_ID_PEPPER: "pepper-secret-0123456789abcdef", ...env },
    encoding: "utf8",
  });
}

test("a good configuration starts", () => {
  expect(start({ RATE_LIMIT_PER_IP_PER_MINUTE: "120" }).stdout).toContain("started");
});

test.each([
  ["RATE_LIMIT_PER_IP_PER_MINUTE", "abc"],
  ["FIRESTORE_TIMEOUT_MS", "5s"],
  ["RETENTION_DAYS", "0"],
  ["MAX_DEVICES_PER_USER", "-3"],
  // the bounds on merged totals hold for at most 50 devices (docs/architecture.md, "Bounds")
  ["MAX_DEVICES_PER_USER", "51"],
])("%s=%s stops the start, naming the param and the expected form", (name, value) => {
  const run = start({ [name]: value });
  expect(run.status).not.toBe(0);
  expect(run.stdout).not.toContain("started");
  expect(run.stderr).toContain(name);
  expect(run.stderr).toMatch(/whole number/);
  expect(run.stderr).not.toContain("pepper-secret-0123456789abcdef");
  expect(run.stderr).not.toContain("admin-key-0123456789abcdef");
});
