// npm run bench:cli — the command line's `--all` export against the library's: 100,000 Blynk
// organizations written as NDJSON, at concurrency 1 and 4, by `orgkit blynk organizations search
// --all --format ndjson` (the built bin, dist/cli.js) and by the same export written with the
// library (bench/cli-export-library.ts). Two servers on loopback: the sandbox, which searches its
// 100,000 organizations for every page and so sets the pace, and the paging benchmarks' server
// (pages built on the fly, each answered after 20 ms), where the client's own cost shows. Each
// export is a process of its own writing to a file: rows per second from its wall time, and its
// peak resident memory. Three rounds, alternating which goes first; medians. Printed, never
// asserted: the goal is the CLI within 1.1x of the library. Writes bench/results/cli-export.json.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { startSandbox } from "../src/sandbox/index.js";
import { startPagingServer } from "./paging-server.js";
import { median } from "./stats.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const organizations = 100_000;
const size = 1000;
const concurrencies = [1, 4];
const rounds = 3;
const goal = 1.1;
// `--servers sandbox` or `--servers loopback` runs one of the two, for a quick look.
const { values } = parseArgs({ options: { servers: { type: "string", default: "sandbox,loopback" } } });
const servers = new Set(values.servers.split(","));

await stat(join(root, "dist/cli.js")).catch(() => {
  throw new Error("dist/cli.js is missing: npm run bench:cli builds it first (npm run build:package)");
});
const work = await mkdtemp(join(tmpdir(), "orgkit-cli-export-"));
// Both sides run as plain JavaScript: the library's export and the peak-memory hook compiled here.
await build({
  absWorkingDir: root,
  entryPoints: { library: "bench/cli-export-library.ts", peak: "bench/cli-export-peak.ts" },
  outdir: work,
  outExtension: { ".js": ".mjs" },
  format: "esm",
  platform: "node",
  target: "es2022",
  logLevel: "warning",
});

interface Target {
  name: string;
  /** The rows an export writes. */
  rows: number;
  env: Record<string, string>;
  close(): Promise<void>;
}

async function sandboxTarget(): Promise<Target> {
  const server = await startSandbox({ blynk: { organizations } });
  return {
    name: "sandbox",
    // Its own root organization is one more.
    rows: organizations + 1,
    env: {
      BLYNK_BASE_URL: server.url,
      BLYNK_CLIENT_ID: server.sandbox.credentials.blynk.clientId,
      BLYNK_CLIENT_SECRET: server.sandbox.credentials.blynk.clientSecret,
    },
    close: () => server.close(),
  };
}

async function pagingServerTarget(): Promise<Target> {
  const { baseUrl, server } = await startPagingServer(organizations, 20);
  return {
    name: "loopback server, 20 ms a page",
    rows: organizations,
    env: { BLYNK_BASE_URL: baseUrl, BLYNK_ACCESS_TOKEN: "bench-access-token" },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const commands = {
  cli: (concurrency: number) => [
    join(root, "dist/cli.js"),
    "blynk",
    "organizations",
    "search",
    "--query",
    "acme",
    "--size",
    String(size),
    "--all",
    "--concurrency",
    String(concurrency),
    "--format",
    "ndjson",
  ],
  library: (concurrency: number) => [join(work, "library.mjs"), String(concurrency), String(size)],
};
type Contender = keyof typeof commands;

interface Measure {
  wallMs: number;
  peakRssMb: number;
}

/** One export in a process of its own (the server answers from this one), its stdout into a file. */
async function exportOnce(target: Target, contender: Contender, concurrency: number): Promise<Measure> {
  const out = join(work, "export.ndjson");
  const peak = join(work, "export.peak");
  const file = await open(out, "w");
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", join(work, "peak.mjs"), ...commands[contender](concurrency)], {
      cwd: root,
      env: {
        PATH: process.env["PATH"],
        ...target.env,
        CLI_EXPORT_PEAK: peak,
        ORGKIT_DIST: join(root, "dist/index.js"),
      },
      stdio: ["ignore", file.fd, "inherit"],
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
  const wallMs = performance.now() - started;
  await file.close();
  if (code !== 0) throw new Error(`${contender} at concurrency ${concurrency} exited ${code}`);
  const rows = (await readFile(out, "utf8")).split("\n").length - 1;
  if (rows !== target.rows) throw new Error(`${contender} wrote ${rows} rows, not ${target.rows}`);
  return { wallMs, peakRssMb: Number(await readFile(peak, "utf8")) / 1024 / 1024 };
}

interface Row {
  target: string;
  contender: Contender;
  concurrency: number;
  rowsPerSecond: number;
  wallMs: number;
  peakRssMb: number;
  rounds: Measure[];
}

const results: Row[] = [];
try {
  const starts = [
    ...(servers.has("sandbox") ? [sandboxTarget] : []),
    ...(servers.has("loopback") ? [pagingServerTarget] : []),
  ];
  for (const start of starts) {
    const target = await start();
    try {
      const measures = new Map<string, Measure[]>();
      for (let round = 0; round < rounds; round++) {
        for (const concurrency of concurrencies) {
          const order: Contender[] = round % 2 === 0 ? ["cli", "library"] : ["library", "cli"];
          for (const contender of order) {
            process.stdout.write(`${target.name}, round ${round + 1}, ${contender}, concurrency ${concurrency}... `);
            const measure = await exportOnce(target, contender, concurrency);
            const key = `${contender} ${concurrency}`;
            measures.set(key, [...(measures.get(key) ?? []), measure]);
            console.log(`${Math.round(measure.wallMs)} ms, peak ${measure.peakRssMb.toFixed(1)} MB`);
          }
        }
      }
      for (const concurrency of concurrencies) {
        for (const contender of ["cli", "library"] as const) {
          const runs = measures.get(`${contender} ${concurrency}`)!;
          const wallMs = median(runs.map((run) => run.wallMs));
          results.push({
            target: target.name,
            contender,
            concurrency,
            wallMs: Math.round(wallMs),
            rowsPerSecond: Math.round((target.rows * 1000) / wallMs),
            peakRssMb: Math.round(Math.max(...runs.map((run) => run.peakRssMb)) * 10) / 10,
            rounds: runs,
          });
        }
      }
    } finally {
      await target.close();
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const find = (target: string, contender: Contender, concurrency: number) =>
  results.find((row) => row.target === target && row.contender === contender && row.concurrency === concurrency)!;
const number = (value: number) => value.toLocaleString("en-US");
const lines = [
  `${number(organizations)} Blynk organizations, pages of ${size}, NDJSON to a file, ${rounds} rounds (medians; peak RSS: the highest round)`,
  "",
  "| server | concurrency | CLI rows/s | library rows/s | CLI time / library time | CLI peak RSS | library peak RSS |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...[...new Set(results.map((row) => row.target))].flatMap((target) =>
    concurrencies.map((concurrency) => {
      const cli = find(target, "cli", concurrency);
      const library = find(target, "library", concurrency);
      const ratio = cli.wallMs / library.wallMs;
      return `| ${target} | ${concurrency} | ${number(cli.rowsPerSecond)} | ${number(library.rowsPerSecond)} | ${ratio.toFixed(2)}x${ratio <= goal ? "" : ` (over ${goal}x)`} | ${cli.peakRssMb} MB | ${library.peakRssMb} MB |`;
    }),
  ),
];
console.log(`\n${lines.join("\n")}`);
await mkdir(join(root, "bench/results"), { recursive: true });
await writeFile(
  join(root, "bench/results/cli-export.json"),
  `${JSON.stringify({ node: process.version, organizations, size, rounds, goal, summary: lines, results }, null, 2)}\n`,
);
