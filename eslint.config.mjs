// @ts-check
/**
 * Lint for the server, its tests, the scripts and the client kit: typescript-eslint's recommended type-checked
 * rules, the strict ones that pay for this code base, and the project's own few rules. `npm run lint` (run by
 * `npm test`, so by CI) type-checks the server and its tests, lints functions/, scripts/ and the root config, and
 * ends with `npm run lint:client`, which lints client/ the same way (see README, "Lint").
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The project's own rules that no plugin has. */
const bms = {
  rules: {
    /** Every `eslint-disable…` comment says why, after ` -- ` (ESLint's own description syntax). */
    "disable-says-why": {
      meta: { type: "suggestion", schema: [], messages: { why: "Say why this rule is disabled here: `eslint-disable… rule -- reason`." } },
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              if (/^\s*eslint-disable/.test(comment.value) && !/\s--\s*\S/.test(comment.value)) context.report({ loc: comment.loc ?? { line: 1, column: 0 }, messageId: "why" });
            }
          },
        };
      },
    },
  },
};

const TYPED = ["**/*.ts"];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "functions/lib/**", "client/dist/**", "client/test/kit-fixture/**", ".tmp/**", "public/**", "firebase.e2e-*.json"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  {
    files: TYPED,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: "./tsconfig.lint.json", tsconfigRootDir: import.meta.dirname } },
    rules: {
      // From strict-type-checked, where they pay here:
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-unnecessary-type-arguments": "error",
      "@typescript-eslint/no-useless-constructor": "error",
      "@typescript-eslint/prefer-reduce-type-parameter": "error",
      // Not taken from strict: no-unnecessary-condition (stored documents and the extension's data are checked
      // defensively although their declared types say the check cannot fail) and no-non-null-assertion (a `!` after
      // a check the compiler cannot follow is clearer than a re-check); the `caller.userId!` case has its own rule below.
      // `Day | ""` documents that an empty value is allowed, though `""` is a string too.
      "@typescript-eslint/no-redundant-type-constituents": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Express 5 awaits a handler's promise and routes its rejection to the error handler.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // Tests read replies as `any` (supertest's body) and poke at internals: the unsafe-* family would be noise there.
    files: ["functions/test/**/*.ts", "client/test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/unbound-method": "off",
      // An async test double without an await is the simplest promise-returning fake.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["scripts/**/*.js", "*.js", "functions/test/helpers/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", URL: "readonly", performance: "readonly" } },
    rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }] },
  },
  {
    files: ["scripts/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { sourceType: "module", globals: { process: "readonly", console: "readonly" } },
  },
  {
    plugins: { bms },
    rules: { "bms/disable-says-why": "error" },
  },
  {
    files: ["functions/src/**/*.ts"],
    rules: {
      // The service logs through ctx.log (JSON lines checked for ids, keys and IPs), never the console.
      "no-console": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSNonNullExpression > MemberExpression[property.name='userId']",
          message: "The route's declared caller kind types the userId (http/identity.ts `Callers`): declare `user` or `sync-user` instead of asserting.",
        },
      ],
    },
  },
  {
    // Tests decide by events: a sleep that waits for work to happen is a flaky test in waiting.
    files: ["functions/test/**/*.ts", "client/test/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          // `new Promise((resolve) => setTimeout(resolve, ms))`: a timer that only resolves, i.e. a sleep.
          selector: "NewExpression[callee.name='Promise'] CallExpression[callee.name='setTimeout'][arguments.0.type='Identifier']",
          message: "Tests decide by events (an awaited promise, fake timers), not by sleeping; if this is pacing, say why in a disable comment.",
        },
      ],
    },
  },
);
