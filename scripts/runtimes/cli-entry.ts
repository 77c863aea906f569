// The scenario as a program, for the runtimes that run one (Node, Bun, Deno, and miniflare's host):
// the runner passes the sandbox's URL and credentials as JSON in ORGKIT_SCENARIO, never on the
// command line, where a process list would show them. The first line names the runtime as it sees
// itself; the process exits 1 on the first failed step.
import { runScenario, type ScenarioInput } from "./scenario.js";

declare const Bun: { version: string } | undefined;
declare const Deno: { version: { deno: string } } | undefined;

const input = JSON.parse(process.env["ORGKIT_SCENARIO"] ?? "null") as Omit<ScenarioInput, "log" | "fetch"> | null;
if (input === null) throw new Error("ORGKIT_SCENARIO is not set: run this through npm run runtimes.");
console.log(
  `runtime ${typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.versions.node}`}`,
);
try {
  await runScenario({ ...input, log: (line) => console.log(line) });
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
}
