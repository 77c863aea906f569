import { ValidationError } from "../errors.js";
import { isLoopback } from "./loopback.js";

/**
 * The base URL without its trailing slash, once it is known to be safe to send credentials to:
 * an absolute https URL, or http on this machine (for local sandboxes: see loopback.ts), or any http URL when
 * the caller opts in with `allowInsecureHttp`.
 */
export function checkedBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError([
      { field: "baseUrl", rule: "format", message: "must be an absolute URL such as https://api.example.com" },
    ]);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ValidationError([{ field: "baseUrl", rule: "format", message: "must be an http(s) URL" }]);
  }
  // Credentials go in the options, not the URL, where fetch would refuse them in an error quoting
  // the URL; a query or fragment would end up in the middle of every request's URL.
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || /[?#]/.test(baseUrl)) {
    throw new ValidationError([
      { field: "baseUrl", rule: "format", message: "must not hold a user name, password, query or fragment" },
    ]);
  }
  if (url.protocol === "http:" && !isLoopback(url) && !allowInsecureHttp) {
    throw new ValidationError([
      {
        field: "baseUrl",
        rule: "https",
        message: `must use https: credentials would cross the network in clear text to ${url.host}. Set allowInsecureHttp: true only for a trusted network.`,
      },
    ]);
  }
  return baseUrl.replace(/\/+$/, "");
}
