// One benchmark run in its own process, so that its peak memory is its own: iterates every
// organization of the server given in argv with the reader and concurrency given, and prints
// { wallMs, peakRssMb, peakHeapMb, items }. The readers: orgkit's items(), from the built package
// as applications run it (`npm run build:package` first), and for reference the same ordered
// prefetch written by hand over bare openapi-fetch, which checks nothing: what this machine allows.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/blynk.js";

const [baseUrl, concurrencyArgument, reader = "orgkit"] = process.argv.slice(2) as [string, string, string?];
const concurrency = Number(concurrencyArgument);
const accessToken = "bench-access-token";
type Organization = components["schemas"]["Organization"];

async function orgkitItems(): Promise<AsyncIterable<Organization>> {
  const { createBlynkClient } = (await import(
    new URL("../dist/index.js", import.meta.url).href
  )) as typeof import("../src/index.js");
  const blynk = createBlynkClient({ auth: { accessToken }, baseUrl });
  return blynk.organizations.items({ query: "org", size: 1000 }, { concurrency });
}

/** The first page alone (it tells the total), then `concurrency` pages in flight, yielded in order. */
async function* openapiFetchItems(): AsyncIterable<Organization> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${accessToken}` } });
  const page = async (number: number) => {
    const { data, error } = await client.GET("/api/v1/organization/search", {
      params: { query: { query: "org", page: number, size: 1000 } },
    });
    if (!data) throw new Error(`page ${number} failed: ${JSON.stringify(error)}`);
    return data;
  };
  const first = await page(0);
  yield* first.content;
  const pages = Math.ceil(first.totalElements / 1000);
  const inFlight: Array<ReturnType<typeof page>> = [];
  for (let next = 1; next < pages || inFlight.length > 0; ) {
    while (inFlight.length < concurrency && next < pages) inFlight.push(page(next++));
    yield* (await inFlight.shift()!).content;
  }
}

const organizations = reader === "openapi-fetch" ? openapiFetchItems() : await orgkitItems();
let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
const started = performance.now();
let items = 0;
for await (const organization of organizations) {
  if (organization.id > 0) items++;
}
const wallMs = performance.now() - started;
clearInterval(sampler);

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
console.log(
  JSON.stringify({
    wallMs: Math.round(wallMs),
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(peakHeap),
    items,
  }),
);
