import createClient, { type Client } from "openapi-fetch";
import type { MediaType } from "./api.js";
import type { Api } from "./facade.js";
import { serializePath } from "./serializers.js";
import type { Received } from "./transport.js";
import { invalid } from "./validation.js";

/**
 * The typed openapi-fetch client on the API's transport. Its `Request` keeps the caller's signal
 * off the request (fetch ties a listener to a request's signal that only garbage collection
 * removes: a server's shutdown signal shared by many calls would gather thousands) and the body as
 * given, for a retry to send again.
 */
export function rawClient<Paths extends {}, Media extends MediaType>(api: Api): Client<Paths, Media> {
  // What raw keeps of a request its `Request` built: the body as given and the caller's signal.
  const given = new WeakMap<Request, { body: BodyInit | null; signal: AbortSignal | undefined }>();
  // openapi-fetch builds each request from its URL as a string.
  function RawRequest(input: string, init: RequestInit = {}): Request {
    assertOnBase(input, api.settings.baseUrl);
    const request = new Request(input, { ...init, signal: null });
    given.set(request, { body: init.body ?? null, signal: init.signal ?? undefined });
    return request;
  }
  // openapi-fetch tells a middleware's own Request by `instanceof` the constructor it was given.
  RawRequest.prototype = Request.prototype;

  return createClient<Paths, Media>({
    baseUrl: api.settings.baseUrl,
    Request: RawRequest as unknown as typeof Request,
    fetch: async (request) => {
      // A request a middleware built is read once: it is what a retry sends again.
      const { body, signal } = given.get(request) ?? {
        body: request.body ? await request.arrayBuffer() : null,
        signal: request.signal,
      };
      const { method, url } = request;
      const headers = new Headers(request.headers);
      // openapi-fetch labels a JSON body `application/json`; the API wants its own media type.
      if (headers.get("content-type") === "application/json") headers.set("content-type", api.mediaType);
      return replay(await api.transport.send({ method, url, headers, body }, signal ? { signal } : {}));
    },
    headers: api.headers,
    querySerializer: api.serializeQuery,
    pathSerializer: serializePath,
  });
}

/** The response openapi-fetch reads: the server's, with the body the transport read. */
export function replay({ response, url, text }: Received): Response {
  const replayed = new Response(nullBody.has(response.status) ? null : text, response);
  // A built Response has no URL; errors and `raw` callers read it.
  Object.defineProperty(replayed, "url", { value: response.url || url });
  return replayed;
}

// Statuses fetch refuses to build a Response with a body for.
const nullBody = new Set([101, 103, 204, 205, 304]);

/**
 * Refuses a URL off the base URL. openapi-fetch appends the path as text, so a path without a leading "/" could
 * change the host (".evil.example", "@evil.example", ":8443") and take the credentials there, or break the URL.
 */
function assertOnBase(url: string, baseUrl: string): void {
  const next = url.charAt(baseUrl.length);
  if (url.startsWith(baseUrl) && (next === "" || next === "/" || next === "?")) return;
  throw invalid("path", "format", "must start with / so that the request stays on baseUrl");
}
