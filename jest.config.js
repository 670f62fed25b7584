/** One jest run for the whole suite: pure unit tests, integration tests on a real Firestore emulator, and an
 * end-to-end test through the Firebase Functions + Hosting emulators. Each file starts what it needs. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/functions/test", "<rootDir>/client/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/functions/tsconfig.test.json" }],
  },
  // The machines have 2 cores; emulators are child processes of the test files.
  setupFiles: ["<rootDir>/functions/test/helpers/env.ts"],
  globalSetup: "<rootDir>/functions/test/helpers/log-scan-setup.js",
  globalTeardown: "<rootDir>/functions/test/helpers/log-scan-teardown.js",
  testPathIgnorePatterns: ["/node_modules/", "/functions/test/rules/"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
  maxWorkers: 2,
  testTimeout: 30000,
};
