// Mutation testing of the client (`npm run mutate`; too slow for CI): how many deliberate bugs in
// src/ the tests catch. The sandbox is test tooling, not the client, and is left out.
//
// Survivors that are equivalent (no input tells them from the original) are marked where they are,
// with `// Stryker disable next-line <mutator>: <why>`, so that the mark moves with the code; where a
// guard changed nothing, the code was simplified instead. Re-measured after the refactor of issue 23:
// abortable, base-url, deadline, logging, loopback, raw, redirect, retry-timing, serializers,
// settings, transport, pager and items (98.2% of 819 mutants, each file at 92% or more). Still to
// re-measure, with the equivalent survivors the last full run found there (lines of 3fc118e):
// validation.ts (guards before a comparison with undefined, type-only members, code points counted
// only near a limit), schema.ts (a pattern or format of undefined; fast paths before Intl),
// redact.ts and token-manager.ts.
// A scoped run with ignoreStatic shows the uri pattern and the formats table of schema.ts as survived:
// they are built when the module loads, before a mutant is active. The full run checks them.
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
