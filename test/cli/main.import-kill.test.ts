// The import's promise under the worst stop there is: a 1,000-row import killed with SIGKILL at 20
// points, rerun after each, then to its end (see test/support/import-kills.ts). The sandbox's state
// must hold every row exactly once; without the lookup of rows left at "sending", it does not.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { killAndRerun } from "../support/import-kills.js";
import { seed } from "../support/seeded.js";
import { type CliSandbox, orgkit, startCliSandbox } from "./support.js";

const rows = 1000;
const kills = 20;

let target: CliSandbox;
let dir: string;
beforeAll(async () => {
  target = await startCliSandbox();
  dir = await mkdtemp(join(tmpdir(), "orgkit-import-kill-"));
});
afterAll(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

const nameOf = (row: number) => `Killed Import ${String(row).padStart(4, "0")}`;

test(`a ${rows}-row import killed ${kills} times and rerun creates every row exactly once`, {
  timeout: 600_000,
}, async () => {
  const path = join(dir, "organizations.csv");
  const names = Array.from({ length: rows }, (_, index) => nameOf(index + 1));
  await writeFile(path, `name,parentId,tz\n${names.map((name) => `${name},1,Europe/Kyiv`).join("\n")}\n`);
  const figures = await killAndRerun({
    run: (started) => orgkit(["blynk", "organizations", "import", path], { env: target.env, started }),
    sandbox: target.sandbox,
    isCreate: (request) => request.method === "POST",
    kills,
    seed,
    maxRequests: 50,
    maxMs: 400,
  });

  expect(figures.killed).toBeGreaterThanOrEqual(kills - 2);
  expect(figures.last.code).toBe(0);
  expect(figures.last.stderr).toMatch(/ already done, 0 failed /);
  // Every row once: none lost, none created twice.
  const counts = new Map<string, number>();
  for (const { name } of target.sandbox.blynk.organizations())
    if (name.startsWith("Killed Import ")) counts.set(name, (counts.get(name) ?? 0) + 1);
  expect(
    names.filter((name) => counts.get(name) !== 1),
    "rows not created exactly once",
  ).toEqual([]);
  expect(counts.size).toBe(rows);
  // The journal knows every row.
  const journal = (await readFile(`${path}.orgkit-journal`, "utf8")).split("\n").filter(Boolean);
  expect(new Set(journal.slice(1).map((line) => JSON.parse(line).key)).size).toBe(rows);
  console.info(
    `import kill test: ${figures.killed} kills, ${figures.runs.length + 1} runs, ${figures.found} rows of unknown outcome found by lookup, ${rows} rows each created once`,
  );
});
