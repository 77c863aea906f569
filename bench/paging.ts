// npm run bench:paging — how much ordered prefetch speeds up a large export, and what it costs in
// memory. A loopback server holds 100,000 organizations and answers each page after 20 ms; the
// client reads them all with size 1000, sequentially and with concurrency 2, 4 and 8; after each
// run, the same prefetch written by hand over bare openapi-fetch reads them too, for reference.
// Three rounds of all of it: each round's speed-ups are over that round's sequential reads, and
// the figures are medians over the rounds.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { pagingRatios, printRatio, ratioOverRounds } from "./goals.js";
import { startPagingServer } from "./paging-server.js";
import { median } from "./stats.js";

const total = 100_000;
const latencyMs = 20;
const concurrencies = [1, 2, 4, 8];
const rounds = 3;

const { baseUrl, server } = await startPagingServer(total, latencyMs);

interface Round {
  wallMs: number;
  /** Over this round's sequential read. */
  speedup: number;
  /** The same prefetch by hand over bare openapi-fetch, which checks nothing: what the machine allows. */
  openapiFetch: { wallMs: number; speedup: number };
}

interface Run {
  concurrency: number;
  /** Medians over the rounds. */
  wallMs: number;
  speedup: number;
  /** The highest of the rounds. */
  peakRssMb: number;
  peakHeapMb: number;
  openapiFetch: { wallMs: number; speedup: number };
  rounds: Round[];
}

type Reader = "orgkit" | "openapi-fetch";
type Figures = { wallMs: number; peakRssMb: number; peakHeapMb: number; items: number };
const read = async (concurrency: number, reader: Reader): Promise<Figures> => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    "--import",
    "tsx",
    "bench/paging-run.ts",
    baseUrl,
    String(concurrency),
    reader,
  ]);
  const figures = JSON.parse(stdout) as Figures;
  if (figures.items !== total)
    throw new Error(`${reader} at concurrency ${concurrency} read ${figures.items} organizations, not ${total}`);
  return figures;
};
const round2 = (value: number) => Math.round(value * 100) / 100;

const figuresOf = new Map(concurrencies.map((concurrency) => [concurrency, [] as Array<Record<Reader, Figures>>]));
for (let round = 0; round < rounds; round++) {
  for (const concurrency of concurrencies) {
    // One right after the other, so that a busy moment of the machine falls on both alike; which
    // goes first changes from round to round.
    const byHandFirst = round % 2 ? await read(concurrency, "openapi-fetch") : undefined;
    const orgkit = await read(concurrency, "orgkit");
    const openapiFetch = byHandFirst ?? (await read(concurrency, "openapi-fetch"));
    figuresOf.get(concurrency)!.push({ orgkit, "openapi-fetch": openapiFetch });
  }
}
server.close();

const sequential = figuresOf.get(1)!;
const runs: Run[] = concurrencies.map((concurrency) => {
  const figures = figuresOf.get(concurrency)!;
  const roundsRead: Round[] = figures.map(({ orgkit, "openapi-fetch": openapiFetch }, round) => ({
    wallMs: orgkit.wallMs,
    speedup: round2(sequential[round]!.orgkit.wallMs / orgkit.wallMs),
    openapiFetch: {
      wallMs: openapiFetch.wallMs,
      speedup: round2(sequential[round]!["openapi-fetch"].wallMs / openapiFetch.wallMs),
    },
  }));
  return {
    concurrency,
    wallMs: Math.round(median(roundsRead.map((round) => round.wallMs))),
    speedup: round2(median(roundsRead.map((round) => round.speedup))),
    peakRssMb: Math.max(...figures.map(({ orgkit }) => orgkit.peakRssMb)),
    peakHeapMb: Math.max(...figures.map(({ orgkit }) => orgkit.peakHeapMb)),
    openapiFetch: {
      wallMs: Math.round(median(roundsRead.map((round) => round.openapiFetch.wallMs))),
      speedup: round2(median(roundsRead.map((round) => round.openapiFetch.speedup))),
    },
    rounds: roundsRead,
  };
});

console.log(
  `${total.toLocaleString("en")} organizations, pages of 1000, ${latencyMs} ms a page, Node ${process.version}, medians of ${rounds} rounds\n`,
);
console.log(
  "| concurrency | wall time | speed-up | peak RSS | peak heap | openapi-fetch by hand: wall time | speed-up | orgkit's speed-up / by hand |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const run of runs) {
  console.log(
    `| ${run.concurrency} | ${run.wallMs} ms | ${run.speedup.toFixed(2)}x | ${run.peakRssMb} MB | ${run.peakHeapMb} MB | ${run.openapiFetch.wallMs} ms | ${run.openapiFetch.speedup.toFixed(2)}x | ${printRatio(ratioOverRounds(pagingRatios(run)))} |`,
  );
}
await mkdir("bench/results", { recursive: true });
await writeFile(
  "bench/results/paging.json",
  `${JSON.stringify({ total, pageSize: 1000, latencyMs, node: process.version, rounds, runs }, null, 2)}\n`,
);
console.log("\nwritten to bench/results/paging.json");
