// npm run soak, its second part — the CLI's import under kills: for each API, a 1,000-row import
// killed with SIGKILL at 20 points and rerun after each, then to its end, against the HTTP sandbox
// on loopback. Every row must be in the sandbox exactly once; for Recrubo, every token kept in the
// --tokens file belongs to a row's organization, once, and a row whose token was lost says so.
// `--seed N`, `--rows N` and `--kills N` change the run. Writes bench/results/soak-import.json and
// exits 1 when a row is lost or duplicated.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { environment } from "../cli/runtime.js";
import { createSandbox, startSandbox } from "../src/sandbox/index.js";
import { type KilledRun, killAndRerun, outcomes } from "../test/support/import-kills.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "20261206" },
    rows: { type: "string", default: "1000" },
    kills: { type: "string", default: "20" },
  },
});
const seed = Number(values.seed);
const rows = Number(values.rows);
const kills = Number(values.kills);

const sandbox = createSandbox({ seed });
const server = await startSandbox({ sandbox });
const env = {
  PATH: process.env["PATH"],
  [environment.recrubo.baseUrl]: server.url,
  [environment.recrubo.partnerKey]: sandbox.credentials.recrubo.apiKey,
  [environment.blynk.baseUrl]: server.url,
  [environment.blynk.clientId]: sandbox.credentials.blynk.clientId,
  [environment.blynk.clientSecret]: sandbox.credentials.blynk.clientSecret,
};
const dir = await mkdtemp(join(tmpdir(), "orgkit-soak-import-"));

function orgkit(args: readonly string[], started: Parameters<Parameters<typeof killAndRerun>[0]["run"]>[0]) {
  return new Promise<KilledRun>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    started(child);
  });
}

interface Figures {
  api: string;
  rows: number;
  kills: number;
  runs: number;
  foundByLookup: number;
  once: number;
  missing: number;
  duplicated: number;
  tokensKept?: number;
  tokensLost?: number;
  seconds: number;
  passed: boolean;
}

const names = Array.from({ length: rows }, (_, index) => `Soak Import ${String(index + 1).padStart(5, "0")}`);
const tally = (found: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const name of found) if (name.startsWith("Soak Import ")) counts.set(name, (counts.get(name) ?? 0) + 1);
  return {
    once: names.filter((name) => counts.get(name) === 1).length,
    missing: names.filter((name) => !counts.has(name)).length,
    duplicated: names.filter((name) => (counts.get(name) ?? 0) > 1).length,
  };
};

async function soak(api: "blynk" | "recrubo"): Promise<Figures> {
  const started = performance.now();
  const path = join(dir, `${api}.ndjson`);
  const tokens = join(dir, `${api}.tokens`);
  const row = (name: string) => (api === "blynk" ? { name, parentId: 1, tz: "Europe/Kyiv" } : { name });
  await writeFile(path, `${names.map((name) => JSON.stringify(row(name))).join("\n")}\n`);
  const args = ["organizations", "import", path, ...(api === "recrubo" ? ["--tokens", tokens] : [])];
  const figures = await killAndRerun({
    run: (begun) => orgkit([api, ...args], begun),
    sandbox,
    isCreate: (request) => request.method === "POST" && new URL(request.url).pathname.includes("organization"),
    kills,
    seed,
    // Kill points that leave rows for the last run, whatever the machine's speed (about 4 ms a row here).
    maxRequests: Math.max(1, Math.round(rows / kills)),
    maxMs: Math.max(1, Math.round((2 * rows) / kills)) * 4,
  });
  const found =
    api === "blynk"
      ? sandbox.blynk.organizations().map((organization) => organization.name)
      : sandbox.recrubo.organizations().map((record) => record.name);
  const counts = tally(found);
  const result: Figures = {
    api,
    rows,
    kills: figures.killed,
    runs: figures.runs.length + 1,
    foundByLookup: figures.found,
    ...counts,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    passed: counts.once === rows && figures.last.code === 0,
  };
  if (api === "recrubo") {
    const byId = new Map(sandbox.recrubo.organizations().map((record) => [record.id, record]));
    const kept = (await readFile(tokens, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; token: string });
    const ids = new Set(kept.map((line) => line.id));
    // A kept token is the organization's own, once; every other row was told its token was lost.
    const lostSaid = outcomes(figures.last).length === rows ? lostRows(figures.last) : Number.NaN;
    result.tokensKept = kept.length;
    result.tokensLost = rows - ids.size;
    result.passed &&=
      ids.size === kept.length &&
      kept.every((line) => byId.get(line.id)?.token === line.token) &&
      lostSaid === rows - ids.size;
  }
  return result;
}

/** Rows the final run says lost their token (its `reason`). */
function lostRows(run: KilledRun): number {
  return run.stdout
    .split("\n")
    .filter(Boolean)
    .filter((line) => /was not kept/.test((JSON.parse(line) as { reason?: string }).reason ?? "")).length;
}

const results: Figures[] = [];
try {
  for (const api of ["blynk", "recrubo"] as const) results.push(await soak(api));
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

console.log(
  "\n| import | rows | kills | runs | found by lookup | created once | missing | duplicated | tokens kept / lost | s |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const each of results)
  console.log(
    `| ${each.api} | ${each.rows} | ${each.kills} | ${each.runs} | ${each.foundByLookup} | ${each.once} | ${each.missing} | ${each.duplicated} | ${each.tokensKept === undefined ? "" : `${each.tokensKept} / ${each.tokensLost}`} | ${each.seconds} |`,
  );
await mkdir(join(root, "bench/results"), { recursive: true });
await writeFile(join(root, "bench/results/soak-import.json"), `${JSON.stringify({ seed, results }, null, 2)}\n`);
const failed = results.filter((each) => !each.passed);
if (failed.length > 0) {
  console.log(`FAILED: ${failed.map((each) => each.api).join(", ")}`);
  process.exitCode = 1;
}
