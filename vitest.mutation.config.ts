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
        // The command line's and the MCP server's suites: they test cli/, which is not mutated, and
        // most run the built bin, where Stryker (which activates a mutant inside the test process
        // only) never runs one.
        "test/cli/**",
        "test/mcp/**",
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
