// What the Chromium page runs: the scenario against the loopback sandbox (cross-origin, so through
// its CORS answers), then against the in-memory sandbox of orgkit/sandbox's browser build; and the
// same scenario in a module worker, started from here.
import { createSandbox } from "orgkit/sandbox";
import { type ScenarioInput, type ScenarioOutcome, scenarioOutcome } from "./scenario.js";

type RemoteInput = Omit<ScenarioInput, "log" | "fetch">;

async function inPage(input: RemoteInput): Promise<ScenarioOutcome> {
  const remote = await scenarioOutcome(input);
  if (remote.error !== undefined) return remote;
  const sandbox = createSandbox();
  const local = await scenarioOutcome({
    recrubo: sandbox.credentials.recrubo,
    blynk: sandbox.credentials.blynk,
    fetch: sandbox.fetch,
  });
  const lines = [...remote.lines, ...local.lines.map((line) => `${line} (in-memory sandbox)`)];
  const bugs = sandbox.bugs.map((bug) => bug.message);
  const error = local.error ?? (bugs.length > 0 ? `the in-memory sandbox failed: ${bugs.join("; ")}` : undefined);
  return error === undefined ? { lines } : { lines, error };
}

function inModuleWorker(input: RemoteInput): Promise<ScenarioOutcome> {
  // A module worker: the script it loads imports a shared chunk, which a classic worker could not.
  const worker = new Worker(new URL("./browser-worker.js", import.meta.url), { type: "module" });
  return new Promise<ScenarioOutcome>((resolve) => {
    worker.addEventListener("message", (event: MessageEvent<ScenarioOutcome>) => resolve(event.data));
    worker.addEventListener("error", (event) =>
      resolve({ lines: [], error: `the worker failed to start: ${event.message}` }),
    );
    worker.postMessage(input);
  }).finally(() => worker.terminate());
}

Object.assign(globalThis, { orgkitRuntimes: { inPage, inModuleWorker } });
