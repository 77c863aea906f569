// npm run check:package — the package as users get it, after build:package: the tarball npm would
// publish (packed into a temporary directory), its contents, publint and arethetypeswrong on it,
// then the consumer project in test/consumers installed from it, compiled under nodenext and
// bundler resolution and run against the sandbox; last, with the MCP SDK installed beside it, the
// README's MCP configuration run as written. Exits 1 when any step fails; every step runs.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { readmeConfiguration, runAsWritten, sdkSpec } from "../test/mcp/readme.js";
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

/**
 * The manifest with each `bin` target counted as an entry point, so that the contents check reaches
 * dist/cli.js and what it imports (package-contents reads `exports`, `types` and `main`); and the
 * MCP server's module when it ships, which the CLI loads at run time for `orgkit mcp`.
 */
function withBins(
  manifest: Manifest & { bin?: string | Record<string, string> },
  files: ReadonlyMap<string, string>,
): Manifest {
  const bins = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const loaded = files.has("dist/mcp/server.js") ? ["dist/mcp/server.js"] : [];
  const entries = [...bins, ...loaded].map((path) => `./${path.replace(/^\.\//, "")}`);
  return entries.length === 0 ? manifest : { ...manifest, exports: [manifest.exports, ...entries] };
}

/** Argument parsers and CLI frameworks: installing orgkit as a library must pull none of them. */
const cliFrameworks = new Set([
  "commander",
  "yargs",
  "yargs-parser",
  "minimist",
  "meow",
  "cac",
  "citty",
  "clipanion",
  "oclif",
  "@oclif/core",
  "sade",
  "mri",
  "arg",
  "caporal",
  "vorpal",
  "gluegun",
  "cleye",
  "ink",
]);

interface Dependencies {
  version?: string;
  dependencies?: Record<string, Dependencies>;
}

/** The packages installed in an `npm ls --all --json` tree; an optional peer left out shows there without a version. */
function* packagesOf(tree: Dependencies): Generator<string> {
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
    if (child.version === undefined) continue;
    yield `${name}@${child.version}`;
    yield* packagesOf(child);
  }
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
    const problems = findPackageProblems(files, withBins(JSON.parse(files.get("package.json") ?? "{}"), files), root);
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

  await step("consumer: npx orgkit --help, then a command against the in-process sandbox", async () => {
    const help = await run("npx", ["--no-install", "orgkit", "--help"], consumer);
    if (!help.includes("orgkit <api> <resource> <method>"))
      throw new StepFailure(`npx orgkit --help printed no usage:\n${help.slice(0, 500)}`);
    const profile = JSON.parse(
      await run(
        "npx",
        ["--no-install", "orgkit", "blynk", "organizations", "profile", "--sandbox", "--format", "json"],
        consumer,
      ),
    ) as { name?: unknown };
    return `help of ${help.split("\n").length} lines; blynk organizations profile --sandbox: ${String(profile.name)}`;
  });

  await step("consumer: npm ls shows no CLI framework and no MCP SDK", async () => {
    const tree = JSON.parse(await run("npm", ["ls", "--all", "--json"], consumer)) as Dependencies;
    const installed = [...packagesOf(tree)].sort();
    const names = installed.map((entry) => entry.slice(0, entry.lastIndexOf("@")));
    const unwanted = names.filter((name) => cliFrameworks.has(name) || name.startsWith("@modelcontextprotocol/"));
    if (unwanted.length > 0)
      throw new StepFailure(`installing orgkit pulls ${unwanted.join(", ")}, which a library user never runs.`);
    return installed.join(", ");
  });

  await step("consumer: npx orgkit mcp without the MCP SDK says which package to install, exit code 1", async () => {
    const failure = await execFileAsync("npx", ["--no-install", "orgkit", "mcp", "--sandbox"], { cwd: consumer }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code?: unknown; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? "" }),
    );
    const wanted = `orgkit mcp needs @modelcontextprotocol/sdk: npm install ${await sdkSpec()}\n`;
    if (failure.code !== 1 || failure.stderr !== wanted)
      throw new StepFailure(`exit code ${String(failure.code)}, stderr:\n${failure.stderr}`);
  });

  // Its `command` and `args` as a user pastes them (npx -y -p orgkit -p <SDK> orgkit mcp ...), run
  // where the tarball and the SDK are installed, npm kept offline and off every registry: the
  // install above is the only orgkit it can run, never a package of that name from the registry.
  await step("consumer: with the MCP SDK, the README's MCP configuration run as written lists its tools", async () => {
    await run(
      "npm",
      ["install", await sdkSpec(), "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"],
      consumer,
    );
    const config = await readmeConfiguration();
    const scratch = join(work, "npx");
    await mkdir(scratch);
    const { listed, problems } = await runAsWritten(config, consumer, scratch);
    if (problems.length > 0) throw new StepFailure(problems.map((problem) => `  - ${problem}`).join("\n"));
    return `${config.command} ${config.args.join(" ")}: ${listed.length} tools, no registry asked, nothing fetched`;
  });
} catch (error) {
  failed = true;
  console.log(error instanceof StepFailure ? error.message : error);
} finally {
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
