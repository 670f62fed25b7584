/**
 * Every log line the app writes during the test run is also appended to .tmp/test-logs/, so that the global
 * teardown (log-scan.js) can check the whole run's logs for userIds, keys and IPs.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export const LOG_DIR = path.resolve(__dirname, "../../../.tmp/test-logs");

export function recordLogLine(entry: unknown): void {
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(path.join(LOG_DIR, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

/**
 * Every test app checks each reply against its route's declared schema. A mismatch fails the request (a 500 the
 * test sees) and is recorded, so the global teardown fails the whole run even where a test did not look.
 */
export function failOnResponseMismatch(problem: string): never {
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(path.join(LOG_DIR, "response-mismatches.txt"), `${problem}\n`);
  throw new Error(`response does not match its declared schema: ${problem}`);
}
