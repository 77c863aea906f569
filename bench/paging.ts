// npm run bench:paging — how much ordered prefetch speeds up a large export, and what it costs in
// memory. A loopback server holds 100,000 organizations and answers each page after 20 ms; the
// client reads them all with size 1000, sequentially and with concurrency 2, 4 and 8; after each
// run, the same prefetch written by hand over bare openapi-fetch reads them too, for reference.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { startPagingServer } from "./paging-server.js";

const total = 100_000;
const latencyMs = 20;
const concurrencies = [1, 2, 4, 8];

const { baseUrl, server } = await startPagingServer(total, latencyMs);

interface Run {
  concurrency: number;
  wallMs: number;
  speedup: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** The same prefetch by hand over bare openapi-fetch, which checks nothing: what the machine allows. */
  openapiFetch: { wallMs: number; speedup: number };
}

type Figures = { wallMs: number; peakRssMb: number; peakHeapMb: number; items: number };
const read = async (concurrency: number, reader: "orgkit" | "openapi-fetch"): Promise<Figures> => {
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
const speedup = (sequentialMs: number, wallMs: number) => Math.round((sequentialMs / wallMs) * 100) / 100;

const runs: Run[] = [];
for (const concurrency of concurrencies) {
  // One after the other, so that a busy moment of the machine falls on both alike.
  const [orgkit, openapiFetch] = [await read(concurrency, "orgkit"), await read(concurrency, "openapi-fetch")];
  const sequential = runs[0] ?? { wallMs: orgkit.wallMs, openapiFetch };
  runs.push({
    concurrency,
    wallMs: orgkit.wallMs,
    speedup: speedup(sequential.wallMs, orgkit.wallMs),
    peakRssMb: orgkit.peakRssMb,
    peakHeapMb: orgkit.peakHeapMb,
    openapiFetch: {
      wallMs: openapiFetch.wallMs,
      speedup: speedup(sequential.openapiFetch.wallMs, openapiFetch.wallMs),
    },
  });
}
server.close();

console.log(
  `${total.toLocaleString("en")} organizations, pages of 1000, ${latencyMs} ms a page, Node ${process.version}\n`,
);
console.log(
  "| concurrency | wall time | speed-up | peak RSS | peak heap | openapi-fetch by hand: wall time | speed-up |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (const run of runs) {
  console.log(
    `| ${run.concurrency} | ${run.wallMs} ms | ${run.speedup.toFixed(2)}x | ${run.peakRssMb} MB | ${run.peakHeapMb} MB | ${run.openapiFetch.wallMs} ms | ${run.openapiFetch.speedup.toFixed(2)}x |`,
  );
}
await mkdir("bench/results", { recursive: true });
await writeFile(
  "bench/results/paging.json",
  `${JSON.stringify({ total, pageSize: 1000, latencyMs, node: process.version, runs }, null, 2)}\n`,
);
console.log("\nwritten to bench/results/paging.json");
