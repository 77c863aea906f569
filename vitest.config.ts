import { defineConfig } from "vitest/config";

const source = (path: string) => new URL(path, import.meta.url).pathname;

export default defineConfig({
  resolve: {
    // As in tsconfig.json: the package's own name means its source.
    alias: [
      { find: /^orgkit\/sandbox\/nock$/, replacement: source("./src/sandbox/nock.ts") },
      { find: /^orgkit\/sandbox\/msw$/, replacement: source("./src/sandbox/msw.ts") },
      { find: /^orgkit\/sandbox$/, replacement: source("./src/sandbox/index.ts") },
      { find: /^orgkit$/, replacement: source("./src/index.ts") },
    ],
  },
  test: {
    // The README's sandbox snippet is a test users can copy; it runs here too.
    include: ["test/**/*.test.ts", "examples/readme/sandbox.ts"],
    // Type tests: checked by the compiler, never run, so a wrong type fails them.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    setupFiles: ["test/setup.ts"],
    // The MCP suites run the built bin; dist/ is built once, before them, when missing or stale.
    globalSetup: ["test/global-setup.ts"],
    // Spec bundling and code generation take a second or two on a busy machine.
    testTimeout: 30_000,
  },
});
