// The import's promise under the worst stop there is: a 1,000-row import killed with SIGKILL at 20
// points, rerun after each, then to its end. Half the kills land as a create request reaches the
// server (before or after it creates the row: the connection drops either way, so the outcome is
// unknown to the CLI), half at a random time (starting up, writing the journal, between rows). The
// sandbox's state must hold every row exactly once.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { seed } from "../support/seeded.js";
import { type CliSandbox, ndjson, orgkit, type Run, startCliSandbox } from "./support.js";

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
  const lines = Array.from({ length: rows }, (_, index) => `${nameOf(index + 1)},1,Europe/Kyiv`);
  await writeFile(path, `name,parentId,tz\n${lines.join("\n")}\n`);
  const args = ["blynk", "organizations", "import", path];

  // The kill points, from the suite's seed: a create request's arrival, or a time after the start.
  const random = fc.sample(
    fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 300, max: 4000 }), fc.boolean()),
    {
      seed,
      numRuns: kills,
    },
  );
  const answer = target.sandbox.answer.bind(target.sandbox);
  let onCreate: ((request: Request) => Promise<void>) | undefined;
  target.sandbox.answer = async (request: Request) => {
    if (request.method === "POST" && onCreate) await onCreate(request);
    return answer(request);
  };

  const runs: Run[] = [];
  let found = 0;
  for (const [index, [requests, afterMs, beforeServer]] of random.entries()) {
    let kill: () => void = () => {};
    let seen = 0;
    const byRequest = index % 2 === 0;
    onCreate = byRequest
      ? async () => {
          if (++seen !== requests) return;
          kill();
          // Killed before the server creates the row, or after: the CLI cannot tell which.
          if (!beforeServer) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      : undefined;
    const run = await orgkit(args, {
      env: target.env,
      started: (child) => {
        kill = () => child.kill("SIGKILL");
        if (!byRequest) setTimeout(kill, afterMs).unref();
      },
    });
    runs.push(run);
    found += countFound(run);
    if (run.code === 0) break;
  }
  onCreate = undefined;
  const last = await orgkit(args, { env: target.env });
  found += countFound(last);

  const killed = runs.filter((run) => run.signal === "SIGKILL").length;
  expect(killed).toBeGreaterThanOrEqual(kills - 2);
  expect(last.code).toBe(0);
  expect(last.stderr).toMatch(/ already done, 0 failed /);
  // Every row once: none lost, none created twice.
  const counts = countsByName(target.sandbox);
  const missing = lines.map((_, index) => nameOf(index + 1)).filter((name) => counts.get(name) !== 1);
  expect(missing, "rows not created exactly once").toEqual([]);
  expect(counts.size).toBe(rows);
  // The journal says the same of every row.
  const journal = (await readFile(`${path}.orgkit-journal`, "utf8")).split("\n").filter(Boolean);
  expect(new Set(journal.slice(1).map((line) => JSON.parse(line).key)).size).toBe(rows);
  console.info(
    `import kill test: ${killed} kills, ${runs.length + 1} runs, ${found} rows of unknown outcome found by lookup, ${rows} rows each created once`,
  );
});

/** Rows a run found by lookup after a kill left their outcome unknown (from its complete lines). */
function countFound(run: Run): number {
  const complete = run.stdout.slice(0, run.stdout.lastIndexOf("\n") + 1);
  return (ndjson(complete) as Array<{ outcome: string }>).filter((line) => line.outcome === "found").length;
}

function countsByName(sandbox: Sandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const organization of sandbox.blynk.organizations())
    if (organization.name.startsWith("Killed Import "))
      counts.set(organization.name, (counts.get(organization.name) ?? 0) + 1);
  return counts;
}
