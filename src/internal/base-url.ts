import { isLoopback } from "./loopback.js";
import { invalid } from "./validation.js";

/**
 * The base URL without its trailing slash, once it is safe to send credentials to: https, or http
 * on this machine (local sandboxes: see loopback.ts) or where the caller sets `allowInsecureHttp`.
 */
export function checkedBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalid("baseUrl", "format", "must be an absolute URL such as https://api.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalid("baseUrl", "format", "must be an http(s) URL");
  // Credentials go in the options, not the URL, where fetch would refuse them in an error quoting
  // the URL; a query or fragment (even an empty one, which the parsed URL drops) would end up in
  // the middle of every request's URL.
  if (url.username !== "" || url.password !== "" || /[?#]/.test(baseUrl))
    throw invalid("baseUrl", "format", "must not hold a user name, password, query or fragment");
  if (url.protocol === "http:" && !isLoopback(url) && !allowInsecureHttp) {
    const message = `must use https: credentials would cross the network in clear text to ${url.host}. Set allowInsecureHttp: true only for a trusted network.`;
    throw invalid("baseUrl", "https", message);
  }
  return baseUrl.replace(/\/+$/, "");
}
