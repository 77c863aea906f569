// Mutation testing of the client (`npm run mutate`; too slow for CI, about two hours here, so the
// last measure was taken in scoped parts with `npx stryker run --mutate <files>`): how many
// deliberate bugs in src/ the tests catch. The sandbox is test tooling, not the client, and is left out.
//
// Survivors that are equivalent (no input tells them from the original) are marked where they are,
// with `// Stryker disable next-line <mutator>: <why>`, so that the mark moves with the code; where a
// guard changed nothing, the code was simplified instead. Equivalent survivors left unmarked, because
// src/ is held to 3,000 lines: guards before a comparison with undefined (validation.ts), fast paths
// that change only the speed (type-only members, code points counted near a limit, the call
// options copied only when some are to be taken out), and names given to what is thrown away
// (the field of an issue inside anyOf, the reason a token is learned for, a refresh token's field).
// Module-level patterns and tables are static mutants: Stryker applies them when the module loads
// and runs every test against them.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner", "./stryker/message-text.mjs"],
  // What an error, a hint or a log line says is left out of the score: see stryker/message-text.mjs.
  ignorers: ["message-text"],
  mutate: ["src/**/*.ts", "!src/sandbox/**", "!src/index.ts", "!src/version.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "bench/results/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  // Reruns test only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
