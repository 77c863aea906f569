// Builds the published API reference: one self-contained Redoc page per API, and an index.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { apis } from "./lib/apis.js";
import { loadSpec } from "./lib/spec.js";

const site = "site";
await mkdir(site, { recursive: true });

const entries: string[] = [];
for (const api of apis) {
  const { info } = await loadSpec(api);
  // Given the spec's path (not the API's name), build-docs applies redocly.yaml's decorators: each
  // operation's evidence becomes a badge. --inlineBundle embeds Redoc in the page, so the docs
  // build and open without a network.
  execFileSync("redocly", ["build-docs", api.spec, "--inlineBundle", "-o", `${site}/${api.name}.html`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  entries.push(`    <li>
      <a href="${api.name}.html">${escapeHtml(info.title)}</a> <small>v${escapeHtml(info.version)}</small>
      <p>${escapeHtml(info.summary ?? "")}</p>
    </li>`);
  console.log(`built ${site}/${api.name}.html`);
}

await writeFile(
  `${site}/index.html`,
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>orgkit API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
    li { margin-bottom: 1rem; } small { color: #59636e; } p { margin: 0.25rem 0 0; }
  </style>
</head>
<body>
  <h1>orgkit API reference</h1>
  <p>The organizations endpoints that orgkit's typed clients cover, described by orgkit's own
  OpenAPI 3.1 specs. Each operation says whether the vendor documents it or orgkit inferred it.</p>
  <ul>
${entries.join("\n")}
  </ul>
</body>
</html>
`,
);
console.log(`built ${site}/index.html`);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
