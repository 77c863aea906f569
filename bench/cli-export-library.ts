// The library side of the CLI export benchmark, in its own process: the same export as
// `orgkit blynk organizations search --all --format ndjson`, written by hand with the built
// package (pages() with the given concurrency, one JSON line per organization on stdout, waiting
// for stdout to drain as the CLI does). Run as plain JavaScript (the benchmark compiles it), like
// the CLI, so that neither pays for a TypeScript loader; ORGKIT_DIST names dist/index.js.
import { pathToFileURL } from "node:url";

const { createBlynkClient } = (await import(
  pathToFileURL(process.env["ORGKIT_DIST"]!).href
)) as typeof import("../src/index.js");

const [concurrency = "1", size = "1000"] = process.argv.slice(2);
// The credentials the CLI reads, the same way: client credentials, else an access token.
const { BLYNK_CLIENT_ID: clientId, BLYNK_CLIENT_SECRET: clientSecret, BLYNK_ACCESS_TOKEN: accessToken } = process.env;
const blynk = createBlynkClient({
  auth: clientId && clientSecret ? { clientId, clientSecret } : { accessToken: accessToken! },
  baseUrl: process.env["BLYNK_BASE_URL"]!,
});

const write = (text: string) =>
  new Promise<void>((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once("drain", resolve)));

for await (const page of blynk.organizations.pages(
  { query: "acme", size: Number(size) },
  { concurrency: Number(concurrency) },
)) {
  await write(page.content.map((organization) => `${JSON.stringify(organization)}\n`).join(""));
}
