// npm run size — what orgkit adds to an application's bundle, next to its peers: each entry point
// and each client alone, bundled from the built package by esbuild (minified, ESM, for browsers,
// as an app bundler would) and gzipped at level 9. With --check it fails when a budget is exceeded:
// bytes are stable from run to run, unlike times.
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Budgets, in gzipped bytes, with openapi-fetch included: what each bundle weighs, so that growth is a
 * decision rather than an accident. (Raised over time by 0.7 kB for per-call retry and deadline, pacing
 * and ORGKIT_LOG; by 0.65 kB for speed: schemas compiled once, items() without an async generator; then for
 * the facade made generic over the operations the specs declare, drift reported at run time and the
 * redirect, base URL and shared-signal fixes. Lowered by issue 23 to 17,800 / 16,850 / 19,170 from
 * 18,650 / 17,050 / 19,370: a Blynk-only bundle no longer keeps Recrubo's rules, and the core is
 * smaller. Still above the 17,250 / 16,350 / 18,950 of 3fc118e.) They are the size goals too: the
 * bench's goals table (`goals.ts`) holds each budgeted bundle to its budget, byte for byte.
 */
export const budgets = { blynkClient: 17_800, recruboClient: 16_850, bothClients: 19_170 };

export interface Bundle {
  name: string;
  /** What the application imports. */
  code: string;
  /** Which budget applies, if any. */
  budget?: keyof typeof budgets;
  minified: number;
  gzipped: number;
}

const root = fileURLToPath(new URL("../", import.meta.url));

const entries: Array<Omit<Bundle, "minified" | "gzipped">> = [
  { name: "orgkit: Blynk client", code: 'export { createBlynkClient } from "orgkit";', budget: "blynkClient" },
  { name: "orgkit: Recrubo client", code: 'export { createRecruboClient } from "orgkit";', budget: "recruboClient" },
  {
    name: "orgkit: both clients",
    code: 'export { createBlynkClient, createRecruboClient } from "orgkit";',
    budget: "bothClients",
  },
  { name: "orgkit: the whole entry", code: 'export * from "orgkit";' },
  { name: "orgkit/sandbox", code: 'export * from "orgkit/sandbox";' },
  { name: "openapi-fetch", code: 'export { default } from "openapi-fetch";' },
  { name: "ky", code: 'export { default } from "ky";' },
  { name: "@octokit/core", code: 'export { Octokit } from "@octokit/core";' },
];

/** Bundles each entry from the built package (`npm run build:package` first). */
export async function measureBundles(): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const entry of entries) {
    const result = await build({
      stdin: { contents: entry.code, resolveDir: root, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      // The package's own name resolves to what it publishes, as in an application.
      alias: { orgkit: `${root}dist/index.js`, "orgkit/sandbox": `${root}dist/sandbox/index.js` },
      external: ["node:*"],
    });
    const code = result.outputFiles[0]!.contents;
    bundles.push({ ...entry, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength });
  }
  return bundles;
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function sizeTable(bundles: Bundle[]): string {
  const rows = bundles.map((bundle) => {
    const budget = bundle.budget
      ? `${kB(budgets[bundle.budget])}${bundle.gzipped > budgets[bundle.budget] ? " (over)" : ""}`
      : "";
    return `| ${bundle.name} | ${kB(bundle.minified)} | ${kB(bundle.gzipped)} | ${budget} |`;
  });
  return ["| bundle | minified | min+gzip | budget |", "|---|---:|---:|---:|", ...rows].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundles = await measureBundles();
  console.log(sizeTable(bundles));
  await mkdir(`${root}bench/results`, { recursive: true });
  await writeFile(`${root}bench/results/size.json`, `${JSON.stringify({ budgets, bundles }, null, 2)}\n`);
  const over = bundles.filter((bundle) => bundle.budget && bundle.gzipped > budgets[bundle.budget]);
  if (process.argv.includes("--check") && over.length > 0) {
    console.error(
      `\nOver budget: ${over.map((bundle) => `${bundle.name} ${kB(bundle.gzipped)} > ${kB(budgets[bundle.budget!])}`).join("; ")}`,
    );
    process.exitCode = 1;
  }
}
