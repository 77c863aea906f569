// npm run bench — every benchmark, each scenario in a process of its own: per-call cost against the
// peers (over loopback and with a stub fetch, 1 and 16 calls in flight), bundle sizes, cold import,
// the paging benchmark, the 1,000,000-item memory run and the CLI's export, then which goal each figure meets (each a
// ratio against a reference measured in the same run, its median over rounds and their spread).
// Writes bench/results/*.json and bench/results/summary.md, and puts that summary in the README
// between its bench markers. Figures are printed, never asserted: times move with the machine.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ColdStart, measureColdStarts } from "./cold-start.js";
import {
  type CallFigures as GoalCallFigures,
  goalStatuses,
  goalsTable,
  type PagingFigures,
  pagingRatios,
  perCallRatios,
  printRatio,
  ratioOverRounds,
} from "./goals.js";
import { measureBundles, sizeTable } from "./size.js";
import { plusMinus } from "./stats.js";

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

interface CallFigures extends GoalCallFigures {
  callsPerContender: number;
  rounds: number;
  contenders: Array<{ name: string; perCallUs: number; spread: number; cpuPerCallUs: number; roundsUs: number[] }>;
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
console.log("the CLI's --all export beside the library's...");
run("cli-export.ts");
const cliExport = JSON.parse(await readFile(`${results}/cli-export.json`, "utf8")) as { summary: string[] };
const paging = JSON.parse(await readFile(`${results}/paging.json`, "utf8")) as {
  rounds: number;
  runs: Array<
    PagingFigures & {
      wallMs: number;
      speedup: number;
      peakHeapMb: number;
      openapiFetch: { wallMs: number; speedup: number };
    }
  >;
};
const memory = JSON.parse(await readFile(`${results}/memory.json`, "utf8")) as {
  items: number;
  heapMb: number[];
  growthMb: number;
  growthLimitMb: number;
  flat: boolean;
};
const statuses = goalStatuses({ calls, paging: paging.runs, memory, bundles });
await writeJson("goals.json", { node: process.version, goals: statuses });

const summary = [
  `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Medians of interleaved rounds (${calls[0]!.rounds} per call scenario, ${paging.rounds} for paging); a ratio is taken within each round, orgkit's figure over the reference's, and its median is over the rounds. ± is half the range of the middle half of the rounds (for paging, of all of them), as a share of the median.`,
  "",
  "**Goals** (each a ratio against a reference measured in this run, or a budget; the tables below give the detail)",
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
  `**Paging** (100,000 organizations, pages of 1000, 20 ms a page, medians of ${paging.rounds} rounds and the highest peak; for reference, the same ordered prefetch written by hand over bare openapi-fetch, which checks nothing)`,
  "",
  "| concurrency | wall time | speed-up | peak heap | openapi-fetch by hand | its speed-up | orgkit's speed-up / by hand |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  ...paging.runs.map(
    (r) =>
      `| ${r.concurrency} | ${r.wallMs.toLocaleString("en")} ms | ${r.speedup.toFixed(2)}x | ${r.peakHeapMb} MB | ${r.openapiFetch.wallMs.toLocaleString("en")} ms | ${r.openapiFetch.speedup.toFixed(2)}x | ${r.concurrency === 1 ? "" : printRatio(ratioOverRounds(pagingRatios(r)))} |`,
  ),
  "",
  `**The CLI's export** (\`orgkit blynk organizations search --all\`, the built bin, beside the same export written with the library; goal: within 1.1x): ${cliExport.summary[0]}`,
  "",
  ...cliExport.summary.slice(2),
  "",
  `**Memory**: ${memory.items.toLocaleString("en")} items through \`items()\`, heap after GC every 100,000: ${memory.heapMb[0]} MB first, ${memory.heapMb.at(-1)} MB last (${memory.flat ? "flat" : "growing"}, ${memory.growthMb >= 0 ? "+" : ""}${memory.growthMb} MB).`,
].join("\n");
await writeFile(`${results}/summary.md`, `${summary}\n`);
await includeInReadme(summary);
console.log(`\n${summary}\n\nwritten to bench/results/ and the README`);

function callTable(scenario: CallFigures): string {
  const against = (name: string, base: string) => ratioOverRounds(perCallRatios(scenario, name, base));
  return [
    "| contender | per call | spread | CPU per call | vs raw fetch | vs openapi-fetch |",
    "|---|---:|---:|---:|---:|---:|",
    ...scenario.contenders.map(
      (c) =>
        `| ${c.name} | ${c.perCallUs} µs | ${plusMinus(c.spread)} | ${c.cpuPerCallUs} µs | ${against(c.name, "raw fetch").median.toFixed(2)}x | ${printRatio(against(c.name, "openapi-fetch"))} |`,
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
