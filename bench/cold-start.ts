// Cold start: how long a fresh Node process takes to import orgkit, next to openapi-fetch, in
// interleaved rounds. The figure that matters is the import's own cost, timed inside the process
// around `await import(…)`: what a bare process costs anyway is left out without subtracting two
// noisy process times from each other.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

export interface ColdStart {
  name: string;
  /** Median wall time of the whole process. */
  processMs: number;
  /** Median of the import's own cost. */
  importMs: number;
}

const contenders = [
  { name: "bare node", specifier: undefined },
  { name: "openapi-fetch", specifier: "openapi-fetch" },
  { name: "orgkit", specifier: "orgkit" },
];

export function measureColdStarts(rounds = 40): ColdStart[] {
  const times = new Map(contenders.map(({ name }) => [name, { process: [] as number[], import: [] as number[] }]));
  for (let round = 0; round < rounds; round++) {
    for (const { name, specifier } of contenders) {
      const code =
        specifier === undefined
          ? ""
          : `const started = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - started));`;
      const started = process.hrtime.bigint();
      // Run from the package root, so that "orgkit" resolves to what it publishes.
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      if (result.status !== 0) throw new Error(`importing ${name} failed`);
      const figures = times.get(name)!;
      figures.process.push(Number(process.hrtime.bigint() - started) / 1e6);
      figures.import.push(specifier === undefined ? 0 : Number(result.stdout));
    }
  }
  const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[values.length >> 1]! * 10) / 10;
  return contenders.map(({ name }) => ({
    name,
    processMs: median(times.get(name)!.process),
    importMs: median(times.get(name)!.import),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(measureColdStarts()));
