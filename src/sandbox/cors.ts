import type { SandboxRequest } from "./front-door.js";

/**
 * Which web pages may call the sandbox from a browser: `true` for any origin, or the origins
 * allowed (such as "http://localhost:5173"). Off by default, as a server without CORS headers is
 * what a page meets when it talks to the real APIs directly.
 */
export type CorsOption = boolean | { origins: readonly string[] };

/** Every method a route of either API serves. */
const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE";

/**
 * The response headers orgkit reads beyond those CORS lets a page see anyway: the retry delay, the
 * request id its errors carry, a redirect's target and a 405's `Allow`, and the sandbox's bug mark.
 */
const exposedHeaders = "retry-after, retry-after-ms, x-request-id, request-id, location, allow, x-orgkit-sandbox-bug";

/** How long a browser may reuse a preflight's answer: long enough for a test run, short enough to notice a change. */
const preflightMaxAgeSeconds = "600";

// A list of header names, as a preflight's Access-Control-Request-Headers carries it.
const headerNames = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:\s*,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

/** A CORS preflight: what a browser sends before a request a page may not make unasked. */
export function isPreflight(request: Pick<SandboxRequest, "method" | "headers">): boolean {
  return (
    request.method === "OPTIONS" &&
    request.headers.has("origin") &&
    request.headers.has("access-control-request-method")
  );
}

/** The request's Origin when `cors` lets that page read the answer. */
function allowedOrigin(cors: CorsOption, request: Pick<SandboxRequest, "headers">): string | undefined {
  const origin = request.headers.get("origin");
  if (origin === null || cors === false) return undefined;
  return cors === true || cors.origins.includes(origin) ? origin : undefined;
}

/**
 * The answer to a preflight: 204 with what the page may send, when its origin is allowed; 403
 * without CORS headers otherwise, which the browser reports as a CORS failure. Whatever headers the
 * page asks for are allowed (Authorization, Content-Type, a per-call `x-trace-id`...), as the
 * sandbox is a stand-in for tests and not the place to police them.
 */
export function preflightResponse(cors: CorsOption, request: Pick<SandboxRequest, "headers">): Response {
  const origin = allowedOrigin(cors, request);
  if (origin === undefined) return new Response(null, { status: 403, headers: { vary: "Origin" } });
  const headers = new Headers({
    "access-control-allow-origin": origin,
    "access-control-allow-methods": allowedMethods,
    "access-control-max-age": preflightMaxAgeSeconds,
    vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
  });
  const requested = request.headers.get("access-control-request-headers")?.trim() ?? "";
  if (headerNames.test(requested)) headers.set("access-control-allow-headers", requested);
  return new Response(null, { status: 204, headers });
}

/**
 * `response` with the headers that let an allowed page read it. Sandbox responses are its own, so
 * their headers are set in place.
 */
export function withCorsHeaders(
  cors: CorsOption,
  request: Pick<SandboxRequest, "headers">,
  response: Response,
): Response {
  const origin = allowedOrigin(cors, request);
  response.headers.append("vary", "Origin");
  if (origin === undefined) return response;
  response.headers.set("access-control-allow-origin", origin);
  response.headers.set("access-control-expose-headers", exposedHeaders);
  return response;
}
