// The scenario in a Cloudflare Worker (workerd, through miniflare): the runner posts the sandbox's
// URL and credentials, the worker answers with the outcome.
import { type ScenarioInput, scenarioOutcome } from "./scenario.js";

export default {
  async fetch(request: Request): Promise<Response> {
    const input = (await request.json()) as Omit<ScenarioInput, "log" | "fetch">;
    return Response.json(await scenarioOutcome(input));
  },
};
