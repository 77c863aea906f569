// vitest's globalSetup: the MCP suites and the bin's own test run dist/cli.js, as users start it, so
// `npm test` builds dist/ first (npm run build:package) when it is missing or older than a file it
// is built from. globalSetup runs once per run, before any test file, so the build happens at most
// once and no test sees dist/ half-written.
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../", import.meta.url));

/** What `node dist/cli.js mcp` loads: the bin, the server's module and the library bundles they import. */
const bundles = ["cli.js", "mcp/server.js", "index.js", "sandbox/index.js"];

/** What the build reads besides the sources its bundles list: the script and the manifest (externals, bin). */
const buildInputs = ["scripts/build-package.ts", "scripts/lib/package-contents.ts", "package.json"];

const mtime = (path: string) =>
  stat(path).then(
    (stats) => stats.mtimeMs,
    () => undefined,
  );

/**
 * Why dist/ under `directory` must be built again, or undefined when it is as new as what it is built
 * from. Each bundle's source map lists every file esbuild read for it, node_modules included: the
 * build's own account of its inputs, where a list kept here would miss the next one.
 */
export async function staleness(directory: string): Promise<string | undefined> {
  const dist = join(directory, "dist");
  for (const bundle of bundles) if ((await mtime(join(dist, bundle))) === undefined) return `no dist/${bundle}`;
  const maps = (await readdir(dist, { recursive: true }))
    .map((name) => name.replaceAll("\\", "/"))
    .filter((name) => name.endsWith(".js.map"));
  if (maps.length === 0) return "no source maps in dist/";
  let oldest = Number.POSITIVE_INFINITY;
  for (const map of maps) {
    const built = (await mtime(join(dist, map)))!;
    oldest = Math.min(oldest, built);
    const { sources } = JSON.parse(await readFile(join(dist, map), "utf8")) as { sources: string[] };
    for (const source of sources) {
      const path = resolve(dirname(join(dist, map)), source);
      const changed = await mtime(path);
      if (changed === undefined) return `dist/${map} was built from ${relative(directory, path)}, which is gone`;
      if (changed > built) return `${relative(directory, path)} is newer than dist/${map}`;
    }
  }
  for (const input of buildInputs) {
    const changed = await mtime(join(directory, input));
    if (changed === undefined) throw new Error(`test/global-setup.ts names ${input} as a build input, and it is gone`);
    if (changed > oldest) return `${input} is newer than dist/`;
  }
  return undefined;
}

export default async function setup(): Promise<void> {
  const reason = await staleness(root);
  if (!reason) return;
  const started = performance.now();
  try {
    await promisify(execFile)("npm", ["run", "--silent", "build:package"], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build:package failed (the MCP suites run dist/cli.js):\n${stdout}${stderr}`);
  }
  console.log(`dist/ built for the tests in ${((performance.now() - started) / 1000).toFixed(1)} s: ${reason}`);
}
