// The scenario in a browser's module worker: the page posts the sandbox's URL and credentials,
// the worker answers with the outcome.
import { type ScenarioInput, scenarioOutcome } from "./scenario.js";

const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
};

scope.addEventListener("message", (event: MessageEvent<Omit<ScenarioInput, "log" | "fetch">>) => {
  void scenarioOutcome(event.data).then((outcome) => scope.postMessage(outcome));
});
