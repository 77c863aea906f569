// One memory run in its own process: reads every organization of the server given in argv with
// concurrency 4 and prints the heap after GC every 100,000 items, as { items, heapMb: [...] }.
// The built package, as applications run it (`npm run build:package` first).
const { createBlynkClient } = (await import(
  new URL("../dist/index.js", import.meta.url).href
)) as typeof import("../src/index.js");

const baseUrl = process.argv[2]!;
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const gc = globalThis.gc;
const blynk = createBlynkClient({ auth: { accessToken: "bench-access-token" }, baseUrl });

const every = 100_000;
const heapMb: number[] = [];
let items = 0;
for await (const organization of blynk.organizations.items({ query: "org", size: 1000 }, { concurrency: 4 })) {
  if (organization.id > 0) items++;
  if (items % every === 0) {
    gc();
    heapMb.push(Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 100) / 100);
  }
}
console.log(JSON.stringify({ items, heapMb }));
