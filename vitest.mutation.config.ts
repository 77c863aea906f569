import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: the tests of src/. Left out: the slow ones (the
// property suites take a minute per run, the Prism contract tests start Prism processes), and those
// of the specs, scripts and README, which do not exercise src/ (the drift check would also see
// Stryker's instrumented copy). All of them run in npm test.
const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      exclude: [
        "test/properties/**",
        "test/contract/**",
        "test/scripts/**",
        "test/spec/**",
        "test/readme.test.ts",
        // The suites that run the built bin: Stryker activates a mutant inside the test process
        // only, so a child process never runs one and these kill none.
        "test/mcp/tools.test.ts",
        "test/mcp/switches.test.ts",
        "test/mcp/renewal.test.ts",
        "test/mcp/inspector.test.ts",
        "test/mcp/readme.test.ts",
        "test/cli/main.dist.test.ts",
        "node_modules/**",
      ],
      // Type tests cannot notice a runtime mutant; the compiler pass would only slow every run.
      typecheck: { enabled: false },
    },
  }),
);

// Nor is dist/ built for them: each Stryker worker would run the build in the one sandbox they
// share. mergeConfig joins arrays, so the base's globalSetup is taken out here.
export default { ...merged, test: { ...merged.test, globalSetup: [] } };
