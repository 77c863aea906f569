// npm run build:package — what the package publishes: one ESM file per entry point, bundled by
// esbuild so that importing orgkit reads one file rather than thirty, with source maps that carry
// their sources, and the declarations tsc writes that the entry points reach.
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { type Manifest, traceImports } from "./lib/package-contents.js";

const root = fileURLToPath(new URL("../", import.meta.url));

const shared: BuildOptions = {
  absWorkingDir: root,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // openapi-fetch, nock and msw stay the application's own dependencies.
  packages: "external",
  external: ["node:*"],
  // Whitespace and syntax only: half the bytes to read at import, names kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  logLevel: "warning",
};

await rm(`${root}dist`, { recursive: true, force: true });
// The client is one file, so that importing orgkit reads one file beside openapi-fetch.
await build({ ...shared, entryPoints: { index: "src/index.ts" } });
// The sandbox's entry points share a chunk; what they use of the client's code is copied into it.
await build({
  ...shared,
  entryPoints: { "sandbox/index": "src/sandbox/index.ts", "sandbox/browser": "src/sandbox/browser.ts", "sandbox/nock": "src/sandbox/nock.ts", "sandbox/msw": "src/sandbox/msw.ts" },
  splitting: true,
  chunkNames: "sandbox/chunks/[name]-[hash]",
});
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });

// tsc declares every module it compiles, internal ones too; a user reaches only the declarations
// that the entry points' own declarations import, so the others would ship as dead weight.
const manifest = JSON.parse(await readFile(`${root}package.json`, "utf8")) as Manifest;
const declarations = new Map<string, string>();
for (const name of await readdir(`${root}dist/types`, { recursive: true })) {
  const path = `dist/types/${name.replaceAll("\\", "/")}`;
  if (path.endsWith(".d.ts")) declarations.set(path, await readFile(`${root}${path}`, "utf8"));
}
const { reached } = traceImports(declarations, manifest);
for (const path of declarations.keys()) if (!reached.has(path)) await rm(`${root}${path}`);
