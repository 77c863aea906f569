import { ConnectionError } from "../errors.js";
import type { Send } from "./settings.js";

/** The redirects fetch follows; any other 3xx is a response. */
export const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;

/** Whether a URL carries a user name or password, which fetch refuses to send. */
export const hasUserInfo = (url: URL) => url.username !== "" || url.password !== "";

/** A request as the facade or `raw` describes it: each attempt sets `Authorization` on its headers. */
export interface Outgoing {
  method: string;
  url: string;
  headers: Headers;
  /** Sent again as given by a retry or a redirect. */
  body: BodyInit | null;
}

/**
 * Sends a request, following redirects within its origin only. Native fetch would follow one to
 * another origin and strip `Authorization` but no other credential header: orgkit returns that 3xx
 * for the caller to report (a Blynk host in the wrong region responds 308 with the right one). A
 * redirect is followed with the body as given (the stream is read by then).
 */
export async function fetchWithinOrigin(send: Send, outgoing: Outgoing, signal: AbortSignal): Promise<Response> {
  let { url, method, headers, body } = outgoing;
  for (let hops = 0; ; hops++) {
    const response = await send(url, { method, headers, body, signal, redirect: "manual" });
    // Stryker disable next-line all: only a browser answers a manual redirect with an opaque one, never Node.
    if (response.type === "opaqueredirect") {
      // Browsers hide where a manual redirect points, so it can be neither checked nor followed.
      throw new ConnectionError(`${method} ${url} was redirected; set baseUrl to the final host.`);
    }
    if (!redirectStatuses.has(response.status) || hops === maxRedirects) return response;
    const location = response.headers.get("location");
    // A Location that is missing or does not parse is not followed either: the 3xx is the response.
    if (location === null || !URL.canParse(location, url)) return response;
    const target = new URL(location, url);
    // An origin ignores a user name and password, which no Request may carry: not followed either.
    if (target.origin !== new URL(url).origin || hasUserInfo(target)) return response;
    await response.body?.cancel();
    url = target.href;
    // As fetch does: 303 turns anything but HEAD into GET, and 301/302 turn POST into GET.
    if ((response.status === 303 && method !== "HEAD") || (response.status <= 302 && method === "POST")) {
      method = "GET";
      body = null;
      headers = new Headers(headers);
      headers.delete("content-type");
    }
  }
}
