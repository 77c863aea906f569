// Cold start: how long a fresh Node process takes to import orgkit, next to openapi-fetch and to a
// bare process, in interleaved rounds; the figure that matters is the import's own cost (minus
// the bare process), as a ratio to openapi-fetch's.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

export interface ColdStart {
  name: string;
  /** Median wall time of the whole process. */
  processMs: number;
  /** The import's own cost: the median minus the bare process's. */
  importMs: number;
}

const contenders = [
  { name: "bare node", code: "" },
  { name: "openapi-fetch", code: 'await import("openapi-fetch");' },
  { name: "orgkit", code: 'await import("orgkit");' },
];

export function measureColdStarts(rounds = 30): ColdStart[] {
  const times = new Map(contenders.map(({ name }) => [name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const { name, code } of contenders) {
      const started = process.hrtime.bigint();
      // Run from the package root, so that "orgkit" resolves to what it publishes.
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, stdio: "inherit" });
      if (result.status !== 0) throw new Error(`importing ${name} failed`);
      times.get(name)!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const bare = median(times.get("bare node")!);
  return contenders.map(({ name }) => {
    const processMs = median(times.get(name)!);
    return { name, processMs: Math.round(processMs * 10) / 10, importMs: Math.round((processMs - bare) * 10) / 10 };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(measureColdStarts()));
