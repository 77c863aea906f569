// npm run runtimes — the built package (dist/) runs the same scenario on every runtime users run:
// each runtime gets its own loopback sandbox (the built orgkit/sandbox, CORS on), and a table says
// what passed. Exits 1 when any runtime fails, or when a sandbox records a bug of its own.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as SandboxModule from "../../src/sandbox/index.js";
import { bundleRuntimeFiles, type RuntimeFiles } from "./bundle.js";
import { type ChromiumSession, openChromium } from "./chromium.js";
import { nodeVersions } from "./node-versions.js";
import type { ScenarioInput, ScenarioOutcome } from "./scenario.js";

type RemoteInput = Omit<ScenarioInput, "log" | "fetch">;

const root = fileURLToPath(new URL("../../", import.meta.url));
// A runtime that takes longer has hung; the first run of a Node version from the registry downloads it.
const runtimeTimeLimitMs = 180_000;

interface Outcome extends ScenarioOutcome {
  version: string;
}

interface Runtime {
  name: string;
  run(input: RemoteInput): Promise<Outcome>;
  /** Mostly startup: run beside the others rather than after them. */
  slowToStart?: boolean;
}

/** A runtime that runs a program: its first line names the runtime ("runtime node 20.0.0"), the rest are the scenario's. */
function program(name: string, command: string, args: readonly string[], env: Record<string, string> = {}): Runtime {
  return {
    name,
    run: (input) =>
      new Promise((resolve) => {
        const child = spawn(command, args, {
          cwd: root,
          env: { ...process.env, ...env, ORGKIT_SCENARIO: JSON.stringify(input) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), runtimeTimeLimitMs);
        const finish = (error: string | undefined) => {
          clearTimeout(timer);
          const [first = "", ...lines] = stdout.trim().split("\n");
          const version = first.startsWith("runtime ") ? first.slice("runtime ".length) : "unknown";
          resolve({
            version,
            lines: first.startsWith("runtime ") ? lines : [first, ...lines].filter(Boolean),
            ...(error === undefined ? {} : { error }),
          });
        };
        child.on("error", (error) => finish(`${command} could not start: ${error.message}`));
        child.on("close", (code, signal) =>
          finish(code === 0 ? undefined : `exit ${code ?? signal}: ${lastLines(stderr)}`),
        );
      }),
  };
}

/** The end of a failed program's stderr, which says why. */
function lastLines(text: string): string {
  return text.trim().split("\n").slice(-6).join("\n");
}

function runtimes(files: RuntimeFiles, chromium: () => Promise<ChromiumSession>): Runtime[] {
  const npxNode = (version: string, ...args: string[]) => ["-y", "-p", `node@${version}`, "node", ...args];
  const inChromium = (where: "inPage" | "inModuleWorker") => async (input: RemoteInput) => {
    const session = await chromium();
    return { version: session.version, ...(await session[where](input)) };
  };
  return [
    program("Node 20 (the minimum)", "npx", npxNode(nodeVersions.minimum, files.cli)),
    program("Node 22", "npx", npxNode(nodeVersions.node22, files.cli)),
    program("Node 24", "npx", npxNode(nodeVersions.node24, files.cli)),
    program("Bun", `${root}node_modules/.bin/bun`, [files.cli]),
    // Deno with the least it needs: the network to loopback and the one variable the runner sets.
    program("Deno", `${root}node_modules/.bin/deno`, [
      "run",
      "--no-prompt",
      "--node-modules-dir=manual",
      "--allow-net=127.0.0.1",
      "--allow-env=ORGKIT_SCENARIO",
      files.cli,
    ]),
    { name: "Chromium page", run: inChromium("inPage") },
    { name: "Chromium module worker", run: inChromium("inModuleWorker") },
    // miniflare needs Node 22; its host program reports workerd's version.
    {
      ...program(
        "workerd (miniflare)",
        "npx",
        npxNode(nodeVersions.node22, "--import", "tsx", "scripts/runtimes/workerd-host.ts"),
        { ORGKIT_WORKER: files.workerd },
      ),
      slowToStart: true,
    },
  ];
}

interface Row {
  name: string;
  version: string;
  passed: boolean;
  seconds: number;
}

async function runOne(runtime: Runtime, sandboxModule: typeof SandboxModule): Promise<Row> {
  const started = performance.now();
  const server = await sandboxModule.startSandbox({ cors: true });
  let outcome: Outcome;
  try {
    const { credentials } = server.sandbox;
    const ran = runtime.run({ baseUrl: server.url, recrubo: credentials.recrubo, blynk: credentials.blynk });
    // A program is killed at the limit; a page or a worker that hangs is given up on.
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`no outcome within ${runtimeTimeLimitMs / 1000} s`)),
          runtimeTimeLimitMs + 5_000,
        )),
    );
    outcome = await Promise.race([ran, hung])
      .catch((error: unknown) => ({
        version: "unknown",
        lines: [],
        error: error instanceof Error ? error.message : String(error),
      }))
      .finally(() => clearTimeout(timer));
  } finally {
    await server.close();
  }
  const bugs = server.sandbox.bugs.map((bug) => bug.message);
  const error = outcome.error ?? (bugs.length > 0 ? `the sandbox failed: ${bugs.join("; ")}` : undefined);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\n== ${runtime.name} (${outcome.version}): ${error === undefined ? "pass" : "FAIL"} in ${seconds.toFixed(1)} s`,
  );
  for (const line of outcome.lines) console.log(`   ${line}`);
  if (error !== undefined) console.log(`   ${error.replaceAll("\n", "\n   ")}`);
  return { name: runtime.name, version: outcome.version, passed: error === undefined, seconds };
}

function table(rows: readonly Row[]): string {
  const header = ["runtime", "version", "result", "seconds"];
  const cells = rows.map((row) => [row.name, row.version, row.passed ? "pass" : "FAIL", row.seconds.toFixed(1)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: readonly string[]) =>
    `| ${cell.map((value, column) => value.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

const started = performance.now();
const work = await mkdtemp(`${tmpdir()}/orgkit-runtimes-`);
let chromium: Promise<ChromiumSession> | undefined;
try {
  const files = await bundleRuntimeFiles(work);
  // The sandbox as built, as an application's tests would import it.
  const sandboxModule = (await import(pathToFileURL(`${root}dist/sandbox/index.js`).href)) as typeof SandboxModule;
  const all = runtimes(files, () => (chromium ??= openChromium(files.browser)));
  // Two lanes: the runtimes slow to start in one, the others one after another in the other. More
  // at once would crowd two cores, and a crowded runtime's timeout step measures the machine.
  const lane = (runtimes: Runtime[]) =>
    runtimes.reduce(
      async (done, runtime) => [...(await done), await runOne(runtime, sandboxModule)],
      Promise.resolve<Row[]>([]),
    );
  const lanes = await Promise.all([
    lane(all.filter((runtime) => runtime.slowToStart)),
    lane(all.filter((runtime) => !runtime.slowToStart)),
  ]);
  const rows = all.map((runtime) => lanes.flat().find((row) => row.name === runtime.name)!);
  console.log(`\n${table(rows)}\n`);
  const failed = rows.filter((row) => !row.passed).length;
  console.log(`runtimes: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  console.log(`${rows.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
} finally {
  await (await chromium?.catch(() => undefined))?.close();
  await rm(work, { recursive: true, force: true });
}
