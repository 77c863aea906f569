// Runs the scenario's Worker in workerd through miniflare, which needs Node 22 or newer: the runner
// starts this program with it. The Worker's path comes in ORGKIT_WORKER, the scenario's input in
// ORGKIT_SCENARIO; the first line names the runtime, then the Worker's lines; exit 1 on failure.
import { dirname } from "node:path";
import { Miniflare } from "miniflare";
import type { ScenarioOutcome } from "./scenario.js";

const scriptPath = process.env["ORGKIT_WORKER"];
const input = process.env["ORGKIT_SCENARIO"];
if (scriptPath === undefined || input === undefined)
  throw new Error("ORGKIT_WORKER and ORGKIT_SCENARIO are not set: run this through npm run runtimes.");

const { version } = (await import("workerd/package.json", { with: { type: "json" } })).default as { version: string };
console.log(`runtime workerd ${version}`);
// A date workerd of this version supports; newer behaviours stay off, as in a deployed Worker that pins one.
const miniflare = new Miniflare({
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  compatibilityDate: "2025-09-01",
});
try {
  const response = await miniflare.dispatchFetch("http://worker.invalid/", { method: "POST", body: input });
  const outcome = (await response.json()) as ScenarioOutcome;
  for (const line of outcome.lines) console.log(line);
  if (outcome.error !== undefined) {
    console.error(outcome.error);
    process.exitCode = 1;
  }
} finally {
  await miniflare.dispose();
}
