// npm run bench — every benchmark, each scenario in a process of its own: per-call cost against the
// peers (over loopback and with a stub fetch, 1 and 16 calls in flight), bundle sizes, cold import,
// the paging benchmark and the 1,000,000-item memory run, then which goal each figure meets.
// Writes bench/results/*.json and bench/results/summary.md, and puts that summary in the README
// between its bench markers. Figures are printed, never asserted: times move with the machine.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ColdStart, measureColdStarts } from "./cold-start.js";
import { goalStatuses, goalsTable } from "./goals.js";
import { measureBundles, sizeTable } from "./size.js";

const root = fileURLToPath(new URL("../", import.meta.url));
// `--calls N` runs fewer calls per contender, for a quick look; the README's figures use the default.
const { values } = parseArgs({ options: { calls: { type: "string", default: "20000" } } });
const results = `${root}bench/results`;
const run = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", `bench/${script}`, ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

interface CallFigures {
  mode: "loopback" | "stub";
  inFlight: number;
  callsPerContender: number;
  rounds: number;
  contenders: Array<{ name: string; perCallUs: number; spread: number; cpuPerCallUs: number }>;
}

const calls: CallFigures[] = [];
for (const mode of ["loopback", "stub"]) {
  for (const inFlight of [1, 16]) {
    process.stdout.write(`per-call cost, ${mode}, ${inFlight} in flight... `);
    calls.push(JSON.parse(run("calls/scenario.ts", mode, String(inFlight), values.calls)) as CallFigures);
    console.log("done");
  }
}
await writeJson("calls.json", { node: process.version, scenarios: calls });

console.log("bundle sizes...");
const bundles = await measureBundles();
console.log("cold import...");
const coldStarts = measureColdStarts();
await writeJson("cold-start.json", { node: process.version, coldStarts });

console.log("paging...");
run("paging.ts");
console.log("memory over 1,000,000 items...");
run("memory.ts");
const paging = JSON.parse(await readFile(`${results}/paging.json`, "utf8")) as {
  runs: Array<{
    concurrency: number;
    wallMs: number;
    speedup: number;
    peakHeapMb: number;
    openapiFetch: { wallMs: number; speedup: number };
  }>;
};
const memory = JSON.parse(await readFile(`${results}/memory.json`, "utf8")) as {
  items: number;
  heapMb: number[];
  growthMb: number;
  growthLimitMb: number;
  flat: boolean;
};
const statuses = goalStatuses({ calls, bundles, coldStarts, paging: paging.runs, memory });
await writeJson("goals.json", { node: process.version, goals: statuses });

const summary = [
  `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Medians of interleaved rounds; ratios are to bare openapi-fetch in the same run.`,
  "",
  "**Goals** (this run's figures against the bars orgkit set itself; the tables below give the detail)",
  "",
  goalsTable(statuses),
  "",
  ...calls.flatMap((scenario) => [
    `**Per call, ${scenario.mode === "loopback" ? "over loopback" : "with a stub fetch (client CPU only)"}, ${scenario.inFlight} in flight** (${scenario.callsPerContender.toLocaleString("en")} calls each)`,
    "",
    callTable(scenario),
    "",
  ]),
  "**Bundle size** (esbuild, minified, gzip -9)",
  "",
  sizeTable(bundles),
  "",
  "**Cold import** (a fresh Node process; the import's own cost is timed inside it, around `await import(…)`)",
  "",
  coldStartTable(coldStarts),
  "",
  "**Paging** (100,000 organizations, pages of 1000, 20 ms a page; for reference, the same ordered prefetch written by hand over bare openapi-fetch, which checks nothing)",
  "",
  "| concurrency | wall time | speed-up | peak heap | openapi-fetch by hand | its speed-up |",
  "|---:|---:|---:|---:|---:|---:|",
  ...paging.runs.map(
    (r) =>
      `| ${r.concurrency} | ${r.wallMs.toLocaleString("en")} ms | ${r.speedup.toFixed(2)}x | ${r.peakHeapMb} MB | ${r.openapiFetch.wallMs.toLocaleString("en")} ms | ${r.openapiFetch.speedup.toFixed(2)}x |`,
  ),
  "",
  `**Memory**: ${memory.items.toLocaleString("en")} items through \`items()\`, heap after GC every 100,000: ${memory.heapMb[0]} MB first, ${memory.heapMb.at(-1)} MB last (${memory.flat ? "flat" : "growing"}, ${memory.growthMb >= 0 ? "+" : ""}${memory.growthMb} MB).`,
].join("\n");
await writeFile(`${results}/summary.md`, `${summary}\n`);
await includeInReadme(summary);
console.log(`\n${summary}\n\nwritten to bench/results/ and the README`);

function callTable(scenario: CallFigures): string {
  const base = (name: string) => scenario.contenders.find((contender) => contender.name === name)!.perCallUs;
  const [fetchUs, openapiFetchUs] = [base("raw fetch"), base("openapi-fetch")];
  return [
    "| contender | per call | spread | CPU per call | vs raw fetch | vs openapi-fetch |",
    "|---|---:|---:|---:|---:|---:|",
    ...scenario.contenders.map(
      (c) =>
        `| ${c.name} | ${c.perCallUs} µs | ±${Math.round(c.spread * 50)}% | ${c.cpuPerCallUs} µs | ${(c.perCallUs / fetchUs).toFixed(2)}x | ${(c.perCallUs / openapiFetchUs).toFixed(2)}x |`,
    ),
  ].join("\n");
}

function coldStartTable(coldStarts: ColdStart[]): string {
  const openapiFetch = coldStarts.find((c) => c.name === "openapi-fetch")!.importMs;
  return [
    "| import | process | import's own cost | vs openapi-fetch |",
    "|---|---:|---:|---:|",
    ...coldStarts.map(
      (c) =>
        `| ${c.name} | ${c.processMs} ms | ${c.importMs} ms | ${c.name === "bare node" ? "" : `${(c.importMs / openapiFetch).toFixed(2)}x`} |`,
    ),
  ].join("\n");
}

async function writeJson(name: string, value: unknown): Promise<void> {
  await writeFile(`${results}/${name}`, `${JSON.stringify(value, null, 2)}\n`);
}

/** Replaces what stands between the README's bench markers. */
async function includeInReadme(text: string): Promise<void> {
  const readme = await readFile(`${root}README.md`, "utf8");
  const marked = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
  if (!marked.test(readme)) throw new Error("README.md has no <!-- bench:start --> ... <!-- bench:end --> section");
  await writeFile(
    `${root}README.md`,
    readme.replace(marked, (_, start: string, end: string) => `${start}${text}\n${end}`),
  );
}
