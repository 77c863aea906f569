import { type HttpHandler, HttpResponse, http } from "msw";
import { SandboxBugError } from "./bug.js";
import type { Sandbox } from "./sandbox.js";

/**
 * An msw handler that routes every request to `origin` (such as https://blynk.cloud) to the
 * sandbox, for tests that already use msw: the client keeps its default base URL and talks to the
 * sandbox. Pass it to `setupServer` or `server.use`.
 * @example
 * const server = setupServer(handleWithSandbox(sandbox, "https://api.recrubo.app"), handleWithSandbox(sandbox, "https://blynk.cloud"));
 */
export function handleWithSandbox(sandbox: Sandbox, origin: string): HttpHandler {
  return http.all(`${new URL(origin).origin}/*`, async ({ request }) => {
    try {
      // `null` is a dropped-connection fault: the request fails as on a network error.
      return (await sandbox.answer(request)) ?? HttpResponse.error();
    } catch (error) {
      // msw answers 500 for what a handler throws, unless it has the `code` and `errno` of Node's
      // system errors: then the request rejects with it, as a bug does through fetch and nock.
      throw error instanceof SandboxBugError ? Object.assign(error, { errno: 0 }) : error;
    }
  });
}
