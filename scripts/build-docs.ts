// Builds the published reference into site/: one self-contained Redoc page per API (each operation
// with its orgkit call and evidence badge, see redocly.yaml), the TypeScript reference in site/api/
// (TypeDoc, typedoc.json), the command line's reference (site/cli.html), and an index. Nothing in site/ asks another origin for anything.
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { apis } from "./lib/apis.js";
import { renderCommandsPage } from "./lib/docs-cli.js";
import { type IndexEntry, renderIndex } from "./lib/docs-index.js";
import { operationsOf } from "./lib/operations.js";
import { loadSpec } from "./lib/spec.js";
import { withoutBanners } from "./redocly/banners.js";
import { withoutRemoteAssets } from "./redocly/offline.js";

const site = "site";
await mkdir(site, { recursive: true });

const entries: IndexEntry[] = [];
for (const api of apis) {
  const spec = await loadSpec(api);
  const page = `${site}/${api.name}.html`;
  // Given the spec's path, build-docs applies redocly.yaml's decorators (badges, code samples) and
  // its page template; --inlineBundle embeds Redoc in the page instead of loading it from a CDN.
  run("redocly", ["build-docs", api.spec, "--inlineBundle", "-o", page]);
  await writeFile(page, withoutRemoteAssets(await readFile(page, "utf8")));
  const operations = operationsOf(spec).length;
  entries.push({
    href: `${api.name}.html`,
    title: spec.info.title,
    version: spec.info.version,
    summary: spec.info.summary ?? "",
    operations,
  });
  console.log(`built ${page} (${operations} operations, each with its orgkit call)`);
}

run("typedoc", [], { printWarnings: true });
console.log(`built ${site}/api/ (TypeScript reference)`);

await writeFile(`${site}/cli.html`, renderCommandsPage());
console.log(`built ${site}/cli.html (the command line's reference)`);

const quickStart = await readFile("examples/samples/quick-start.ts", "utf8");
await writeFile(`${site}/index.html`, renderIndex({ entries, quickStart }));
console.log(`built ${site}/index.html`);

/** Runs a tool quietly: its output is shown (without Redocly's banners) only when it fails, or when asked. */
function run(command: string, args: string[], { printWarnings = false } = {}): void {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const output = withoutBanners(`${result.stdout ?? ""}${result.stderr ?? ""}`);
  if (result.status !== 0 || result.error) {
    process.stderr.write(output);
    console.error(
      `\nnpm run docs: ${command} ${args.join(" ")} failed (${result.error?.message ?? `exit code ${result.status}`})`,
    );
    process.exit(1);
  }
  if (printWarnings) process.stderr.write(output);
}
