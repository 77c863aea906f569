// Mutation testing of the client (`npm run mutate`; too slow for CI): how many deliberate bugs in
// src/ the tests catch. The sandbox is test tooling, not the client, and is left out.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
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
