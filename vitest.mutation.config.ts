import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: the tests of src/. Left out: the slow ones (the
// property suites take a minute per run, the Prism contract tests start Prism processes), and those
// of the specs, scripts and README, which do not exercise src/ (the drift check would also see
// Stryker's instrumented copy). All of them run in npm test.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/properties/**", "test/contract/**", "test/scripts/**", "test/spec/**", "test/readme.test.ts", "node_modules/**"],
      // Type tests cannot notice a runtime mutant; the compiler pass would only slow every run.
      typecheck: { enabled: false },
    },
  }),
);
