// npm run build:package — what the package publishes: one ESM file per entry point, bundled by
// esbuild so that importing orgkit reads one file rather than thirty, with source maps that carry
// their sources, the declarations tsc writes that the entry points reach, the licences of the
// dependencies bundled into it, and the command line (`bin`), which imports the library's own
// files rather than a copy of them.
import { execFileSync } from "node:child_process";
import { access, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";
import { bundledPackage, type Manifest, thirdPartyLicenses, traceImports } from "./lib/package-contents.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const manifest = JSON.parse(await readFile(`${root}package.json`, "utf8")) as Manifest;

const shared: BuildOptions = {
  absWorkingDir: root,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // The dependencies (openapi-fetch) are bundled: resolving a second package and reading a second
  // file cost about 3.5 ms of a 24.5 ms import. They are pinned to one version, so a user gets the
  // same code either way, and the declarations still take their types from the dependency.
  // The peers (nock, msw) stay the application's own.
  external: ["node:*", ...Object.keys(manifest.peerDependencies ?? {})],
  metafile: true,
  // Whitespace and syntax only: half the bytes to read at import, names kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  logLevel: "warning",
};

await rm(`${root}dist`, { recursive: true, force: true });
// The client is one file, so that importing orgkit reads one file.
const client = await build({ ...shared, entryPoints: { index: "src/index.ts" } });
// The sandbox's entry points share a chunk; what they use of the client's code is copied into it.
const sandbox = await build({
  ...shared,
  entryPoints: {
    "sandbox/index": "src/sandbox/index.ts",
    "sandbox/browser": "src/sandbox/browser.ts",
    "sandbox/nock": "src/sandbox/nock.ts",
    "sandbox/msw": "src/sandbox/msw.ts",
  },
  splitting: true,
  chunkNames: "sandbox/chunks/[name]-[hash]",
});
// The command line, dist/cli.js, run by `npx orgkit`. It reaches the library through the entry
// points above (./index.js, ./sandbox/index.js), so the library's bundles stay as they are, its
// code ships once, and an error the CLI tells apart with instanceof is the library's own class.
const cli = await build({
  ...shared,
  platform: "node",
  entryPoints: { cli: "cli/main.ts" },
  banner: { js: "#!/usr/bin/env node" },
  plugins: [libraryEntryPoints("./")],
});
assertOnlyEntryPoints(cli.metafile!, "cli/main.ts");
// The MCP server (`orgkit mcp`), when this tree has it: loaded by the CLI at run time from
// dist/mcp/server.js, its SDK left for the application to install, never bundled.
if (await exists(`${root}cli/mcp/server.ts`)) {
  const mcp = await build({
    ...shared,
    platform: "node",
    entryPoints: { "mcp/server": "cli/mcp/server.ts" },
    external: [...(shared.external ?? []), "@modelcontextprotocol/sdk", "@modelcontextprotocol/sdk/*"],
    plugins: [libraryEntryPoints("../")],
  });
  assertOnlyEntryPoints(mcp.metafile!, "cli/mcp/server.ts");
}
await writeFile(
  `${root}${thirdPartyLicenses}`,
  await bundledLicenses([client.metafile!, sandbox.metafile!, cli.metafile!]),
);
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});

// tsc declares every module it compiles, internal ones too; a user reaches only the declarations
// that the entry points' own declarations import, so the others would ship as dead weight.
const declarations = new Map<string, string>();
for (const name of await readdir(`${root}dist/types`, { recursive: true })) {
  const path = `dist/types/${name.replaceAll("\\", "/")}`;
  if (path.endsWith(".d.ts")) declarations.set(path, await readFile(`${root}${path}`, "utf8"));
}
const { reached } = traceImports(declarations, manifest);
for (const path of declarations.keys()) if (!reached.has(path)) await rm(`${root}${path}`);

/**
 * The library's entry points, as the CLI imports them from source, become imports of their bundles
 * in dist/; `up` leads from the output file's directory to dist/ ("../" from dist/mcp/server.js).
 */
function libraryEntryPoints(up: "./" | "../"): Plugin {
  return {
    name: "orgkit-library-entry-points",
    setup(esbuild) {
      const bundles: Readonly<Record<string, string>> = {
        "src/index.ts": "index.js",
        "src/sandbox/index.ts": "sandbox/index.js",
      };
      esbuild.onResolve({ filter: /\/src\/(sandbox\/)?index\.js$/ }, (args) => {
        const source = relative(
          root,
          fileURLToPath(new URL(args.path.replace(/\.js$/, ".ts"), `file://${args.resolveDir}/`)),
        );
        const bundle = bundles[source.replaceAll("\\", "/")];
        if (!bundle) return undefined;
        return { path: `${up}${bundle}`, external: true };
      });
    },
  };
}

/** Fails the build when a bin bundles library code of its own rather than importing the entry points. */
function assertOnlyEntryPoints(metafile: Metafile, entry: string): void {
  const copied = Object.keys(metafile.inputs).filter((input) => input.startsWith("src/"));
  if (copied.length > 0)
    throw new Error(
      `${entry} bundles ${copied.join(", ")}: import the library through src/index.ts or src/sandbox/index.ts only.`,
    );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The licence of each package whose code the bundles carry, as their licences ask of a copy. */
async function bundledLicenses(metafiles: Metafile[]): Promise<string> {
  const packages = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const name = bundledPackage(input);
      if (name) packages.add(name);
    }
  }
  const notices = await Promise.all(
    [...packages].sort().map(async (name) => {
      const { version } = JSON.parse(await readFile(`${root}node_modules/${name}/package.json`, "utf8")) as {
        version: string;
      };
      // LICENSE, LICENCE.md, license.txt…: a package without one fails the build rather than ship unlicensed.
      const file = (await readdir(`${root}node_modules/${name}`)).find((entry) => /^licen[cs]e(\.\w+)?$/i.test(entry));
      if (!file) throw new Error(`${name} is bundled, but has no licence file to ship with it.`);
      const license = await readFile(`${root}node_modules/${name}/${file}`, "utf8");
      return `${name} ${version}, bundled into orgkit's dist files:\n\n${license.trim()}\n`;
    }),
  );
  return notices.join("\n---\n\n");
}
