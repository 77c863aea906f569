import nock from "nock";
import type { Sandbox } from "./sandbox.js";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/**
 * Routes every request to `origin` (such as https://blynk.cloud) to the sandbox, for tests that
 * already use nock: the client keeps its default base URL and talks to the sandbox. Remove it with
 * `nock.cleanAll()` or `nock.removeInterceptor`.
 * @example
 * interceptWithSandbox(sandbox, "https://api.recrubo.app");
 */
export function interceptWithSandbox(sandbox: Sandbox, origin: string): nock.Scope {
  const scope = nock(origin).persist();
  for (const method of methods) {
    scope
      .intercept(() => true, method)
      .reply(function (path, body, callback) {
        const request = new Request(new URL(path, origin), {
          method,
          headers: this.req.headers,
          ...(method === "GET" || method === "HEAD" || body === ""
            ? {}
            : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        });
        sandbox.answer(request).then(
          async (response) => {
            if (!response) return callback(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), [0]);
            callback(null, [
              response.status,
              Buffer.from(await response.arrayBuffer()),
              Object.fromEntries(response.headers),
            ]);
          },
          (error: Error) => callback(error, [0]),
        );
      });
  }
  return scope;
}
