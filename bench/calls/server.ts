// The loopback server of the per-call benchmark, in a process of its own so that its work does not
// share the client's event loop: answers every request with one fixed Blynk organization, as the
// API would, and prints its port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { organizationBody } from "./fixture.js";

const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(organizationBody)) };
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, headers).end(organizationBody));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port));
process.on("disconnect", () => server.close());
process.on("SIGTERM", () => process.exit(0));
