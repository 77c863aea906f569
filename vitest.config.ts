import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // Spec bundling and code generation take a second or two on a busy machine.
    testTimeout: 30_000,
  },
});
