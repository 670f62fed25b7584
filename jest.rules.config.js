/** `npm run test:rules`: the security-rules suite, inside `firebase emulators:exec --only firestore`. */
const base = require("./jest.config.js");
module.exports = {
  ...base,
  testPathIgnorePatterns: ["/node_modules/"],
  testMatch: ["**/functions/test/rules/**/*.test.ts"],
  globalSetup: undefined,
  globalTeardown: undefined,
};
