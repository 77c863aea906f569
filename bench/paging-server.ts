// The loopback Blynk search of the paging benchmarks: `total` organizations, each page answered
// after `latencyMs`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BlynkOrganization, BlynkOrganizationPage } from "../src/index.js";

export async function startPagingServer(
  total: number,
  latencyMs: number,
): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url!, "http://127.0.0.1");
    const page = Number(url.searchParams.get("page"));
    const size = Number(url.searchParams.get("size"));
    const content: BlynkOrganization[] = [];
    for (let id = page * size + 1; id <= Math.min(total, (page + 1) * size); id++) {
      content.push({
        id,
        name: `Org ${id}`,
        tz: "Europe/Kyiv",
        unitSystem: "METRIC",
        lastModifiedTs: 1707244800000 + id,
      });
    }
    const body = JSON.stringify({ content, totalElements: total } satisfies BlynkOrganizationPage);
    const answer = () => response.writeHead(200, { "content-type": "application/json" }).end(body);
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
