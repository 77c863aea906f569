// npm run check:package — the package as users get it, after build:package: the tarball npm would
// publish (packed into a temporary directory), its contents, publint and arethetypeswrong on it,
// then the consumer project in test/consumers installed from it, compiled under nodenext and
// bundler resolution and run against the sandbox. Exits 1 when any step fails; every step runs.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { findPackageProblems, type Manifest } from "./lib/package-contents.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const bin = (path: string) => join(root, "node_modules", path);
const execFileAsync = promisify(execFile);

class StepFailure extends Error {}

/** Runs a command and gives its standard output; on failure, all it printed becomes the step's failure. */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await execFileAsync(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    // Node quotes the failing line of a bundle, which is the whole bundle: the start is enough.
    const output = `${stdout}${stderr}`.replace(/^(.{300}).+$/gm, "$1…");
    throw new StepFailure(`${command === process.execPath ? "node" : command} ${args.join(" ")} failed:\n${output}`);
  }
}
const node = (args: string[], cwd: string) => run(process.execPath, args, cwd);

let failed = false;
async function step(name: string, body: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  try {
    const note = await body();
    console.log(
      `ok   ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)${typeof note === "string" ? `: ${note}` : ""}`,
    );
  } catch (error) {
    failed = true;
    console.log(`FAIL ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    console.log(error instanceof StepFailure ? error.message : error);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll("\\", "/"));
}

const work = await mkdtemp(join(tmpdir(), "orgkit-package-"));
try {
  let tarball = "";
  await step("pack", async () => {
    const [packed] = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], root)) as [
      { filename: string; entryCount: number; size: number },
    ];
    tarball = join(work, packed.filename);
    return `${packed.filename}, ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB`;
  });
  if (!tarball) throw new StepFailure("Nothing was packed; the other steps need the tarball.");

  await step("contents (entry points reach every module, source maps resolve, no copies, no build paths)", async () => {
    const unpacked = join(work, "unpacked");
    await mkdir(unpacked);
    await run("tar", ["-xzf", tarball, "-C", unpacked], work);
    const paths = await listFiles(join(unpacked, "package"));
    const files = new Map(
      await Promise.all(
        paths.map(async (path) => [path, await readFile(join(unpacked, "package", path), "utf8")] as const),
      ),
    );
    const problems = findPackageProblems(files, JSON.parse(files.get("package.json") ?? "{}") as Manifest, root);
    if (problems.length > 0) throw new StepFailure(problems.map((problem) => `  - ${problem}`).join("\n"));
  });

  await step("publint --strict", () =>
    node([bin("publint/src/cli.js"), "run", tarball, "--strict"], work).then(() => undefined),
  );

  // orgkit is ES modules only: CommonJS gets it through require(esm) (checked below), not through
  // types of its own, so the esm-only profile (node16 from ESM, bundler) is the honest one.
  await step("attw --profile esm-only", () =>
    node(
      [
        bin("@arethetypeswrong/cli/dist/index.js"),
        tarball,
        "--profile",
        "esm-only",
        "--format",
        "table-flipped",
        "--no-color",
      ],
      work,
    ).then(() => undefined),
  );

  const consumer = join(work, "consumer");
  await step("consumer: npm install <tarball>, without nock or msw", async () => {
    await cp(join(root, "test/consumers"), consumer, { recursive: true });
    await run(
      "npm",
      ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"],
      consumer,
    );
    for (const peer of ["nock", "msw"]) {
      const present = await stat(join(consumer, "node_modules", peer)).then(
        () => true,
        () => false,
      );
      if (present)
        throw new StepFailure(
          `npm installed ${peer}, an optional peer: the check would no longer show orgkit works without it.`,
        );
    }
  });

  const tsc = bin("typescript/bin/tsc");
  await step("consumer: tsc under nodenext, then node runs the output", async () => {
    await node([tsc, "-p", "tsconfig.nodenext.json"], consumer);
    return (await node(["out/nodenext/main.js"], consumer)).trim();
  });

  await step("consumer: tsc under bundler, esbuild bundles it, then node runs the bundle", async () => {
    await node([tsc, "-p", "tsconfig.bundler.json"], consumer);
    await build({
      absWorkingDir: consumer,
      entryPoints: ["main.ts"],
      outfile: "out/bundler/main.js",
      tsconfig: "tsconfig.bundler.json",
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "error",
    });
    return (await node(["out/bundler/main.js"], consumer)).trim();
  });

  await step("consumer: require() from CommonJS", async () => (await node(["require.cjs"], consumer)).trim());
} catch (error) {
  failed = true;
  console.log(error instanceof StepFailure ? error.message : error);
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
