// npm run bench:memory — does memory stay flat over a long export? Reads 1,000,000 organizations
// through items() (pages of 1000, concurrency 4) from a loopback server and samples the heap after
// GC every 100,000 items. Flat means the last sample is within 2 MB of the first: nothing is kept
// per item or per page. Writes bench/results/memory.json and exits 1 when the heap grows.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { startPagingServer } from "./paging-server.js";

const total = 1_000_000;
const growthLimitMb = 2;

const { baseUrl, server } = await startPagingServer(total, 0);
const { stdout } = await promisify(execFile)(
  process.execPath,
  ["--expose-gc", "--import", "tsx", "bench/memory-run.ts", baseUrl],
  { maxBuffer: 1 << 20 },
);
server.close();
const { items, heapMb } = JSON.parse(stdout) as { items: number; heapMb: number[] };
const growthMb = Math.round((heapMb.at(-1)! - heapMb[0]!) * 100) / 100;
const flat = items === total && growthMb <= growthLimitMb;

console.log(
  `${items.toLocaleString("en")} organizations read; heap after GC every 100,000 items: ${heapMb.join(", ")} MB`,
);
console.log(
  `growth from the first sample to the last: ${growthMb} MB (limit ${growthLimitMb} MB): ${flat ? "flat" : "GROWING"}`,
);
await mkdir("bench/results", { recursive: true });
await writeFile(
  "bench/results/memory.json",
  `${JSON.stringify({ total, node: process.version, items, heapMb, growthMb, growthLimitMb, flat }, null, 2)}\n`,
);
if (!flat) process.exitCode = 1;
