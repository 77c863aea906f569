// The files each runtime loads, built into `outdir` from the scenario and the built package (dist/),
// which is resolved by its name through package.json's exports, as an application would.
import { writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));

const shared: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  target: "es2022",
  // The repository's tsconfig maps orgkit to src/ for the type checker: here it must mean dist/.
  tsconfigRaw: "{}",
  logLevel: "warning",
};

/**
 * Node, Bun and Deno import dist/index.js itself (by file URL, from wherever the program is
 * written), and it imports openapi-fetch from node_modules: the package as it is published.
 */
const orgkitAsPublished: Plugin = {
  name: "orgkit-as-published",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^orgkit$/ }, () => ({
      path: pathToFileURL(`${root}dist/index.js`).href,
      external: true,
    }));
  },
};

export interface RuntimeFiles {
  /** The scenario as a program, for Node, Bun and Deno. */
  cli: string;
  /** The directory a static server serves to Chromium: index.html, the page's and the worker's modules. */
  browser: string;
  /** The Cloudflare Worker, one module, as wrangler would bundle it. */
  workerd: string;
}

export async function bundleRuntimeFiles(outdir: string): Promise<RuntimeFiles> {
  const cli = `${outdir}/cli.mjs`;
  await build({
    ...shared,
    entryPoints: ["scripts/runtimes/cli-entry.ts"],
    outfile: cli,
    platform: "neutral",
    plugins: [orgkitAsPublished],
  });

  // platform "browser" with nothing marked external: a node:* import anywhere in what
  // orgkit/sandbox's browser condition resolves to fails this build.
  const browser = `${outdir}/browser`;
  await build({
    ...shared,
    entryPoints: {
      "browser-page": "scripts/runtimes/browser-page.ts",
      "browser-worker": "scripts/runtimes/browser-worker.ts",
    },
    outdir: browser,
    platform: "browser",
    splitting: true,
  });
  await writeFile(
    `${browser}/index.html`,
    '<!doctype html>\n<meta charset="utf-8">\n<title>orgkit runtimes</title>\n<script type="module" src="./browser-page.js"></script>\n',
  );

  const workerd = `${outdir}/workerd-worker.mjs`;
  await build({
    ...shared,
    entryPoints: ["scripts/runtimes/workerd-worker.ts"],
    outfile: workerd,
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
  });
  return { cli, browser, workerd };
}
