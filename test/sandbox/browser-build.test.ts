import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles `entry` for a browser, nothing marked external: a node:* import anywhere fails it. */
function bundleForBrowser(entry: string) {
  return build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    tsconfigRaw: "{}",
  });
}

describe("orgkit/sandbox's browser build", () => {
  test("bundles for a browser without a node:* module, and holds the in-memory sandbox", async () => {
    const result = await bundleForBrowser("src/sandbox/browser.ts");
    expect(Object.keys(result.metafile.inputs).filter((input) => input.startsWith("node:"))).toEqual([]);
    const [output] = Object.values(result.metafile.outputs);
    expect(output?.exports).toEqual(expect.arrayContaining(["createSandbox", "SandboxBugError", "delayHeader"]));
    expect(output?.exports).not.toContain("startSandbox");
  });

  test("is needed: the Node entry, with its HTTP server, does not bundle for a browser", async () => {
    await expect(bundleForBrowser("src/sandbox/index.ts")).rejects.toThrow(/node:http/);
  });
});
