import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: every test of src/ but the slow ones that add no
// killing power of their own here (the property suites take a minute per run and the Prism contract
// tests start Prism processes; both run in npm test).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ["test/properties/**", "test/contract/**", "node_modules/**"],
    },
  }),
);
