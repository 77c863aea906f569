// One benchmark run in its own process, so that its peak memory is its own: iterates every
// organization of the server given in argv and prints { wallMs, peakRssMb, peakHeapMb, items }.
// The built package, as applications run it (`npm run build:package` first).
const { createBlynkClient } = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof import("../src/index.js");

const [baseUrl, concurrency] = [process.argv[2]!, Number(process.argv[3])];
const blynk = createBlynkClient({ auth: { accessToken: "bench-access-token" }, baseUrl });

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
const started = performance.now();
let items = 0;
for await (const organization of blynk.organizations.items({ query: "org", size: 1000 }, { concurrency })) {
  if (organization.id > 0) items++;
}
const wallMs = performance.now() - started;
clearInterval(sampler);

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
console.log(JSON.stringify({ wallMs: Math.round(wallMs), peakRssMb: mb(process.resourceUsage().maxRSS * 1024), peakHeapMb: mb(peakHeap), items }));
