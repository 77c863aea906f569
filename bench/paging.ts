// npm run bench:paging — how much ordered prefetch speeds up a large export, and what it costs in
// memory. A loopback server holds 100,000 organizations and answers each page after 20 ms; the
// client reads them all with size 1000, sequentially and with concurrency 2, 4 and 8.
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
}

const runs: Run[] = [];
for (const concurrency of concurrencies) {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "bench/paging-run.ts", baseUrl, String(concurrency)]);
  const result = JSON.parse(stdout) as Omit<Run, "concurrency" | "speedup"> & { items: number };
  if (result.items !== total) throw new Error(`concurrency ${concurrency} read ${result.items} organizations, not ${total}`);
  const sequential = runs[0]?.wallMs ?? result.wallMs;
  runs.push({ concurrency, wallMs: result.wallMs, speedup: Math.round((sequential / result.wallMs) * 100) / 100, peakRssMb: result.peakRssMb, peakHeapMb: result.peakHeapMb });
}
server.close();

console.log(`${total.toLocaleString("en")} organizations, pages of 1000, ${latencyMs} ms a page, Node ${process.version}\n`);
console.log("| concurrency | wall time | speed-up | peak RSS | peak heap |");
console.log("|---:|---:|---:|---:|---:|");
for (const run of runs) {
  console.log(`| ${run.concurrency} | ${run.wallMs} ms | ${run.speedup.toFixed(2)}x | ${run.peakRssMb} MB | ${run.peakHeapMb} MB |`);
}
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/paging.json", `${JSON.stringify({ total, pageSize: 1000, latencyMs, node: process.version, runs }, null, 2)}\n`);
console.log("\nwritten to bench/results/paging.json");
