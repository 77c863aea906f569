import type { Schema } from "./validation.js";

/** What is read of an API's generated rules here: each operation's route and answer shape. */
export type OperationRules = Readonly<Record<string, { readonly route: string; readonly response?: Schema }>>;

/**
 * Finds the shape the spec gives the answer to a request (the members the client and the types
 * rely on) by its method and path, so that the transport checks every successful answer, for the
 * facade, `raw` and the token endpoint alike. The path is read after the base URL's own path; a
 * route with parameters (`/organizations/{id}`) matches one path segment for each.
 */
export function answerShapes(rules: OperationRules, baseUrl: string): (method: string, url: string) => Schema | undefined {
  const basePath = pathOf(baseUrl);
  const exact = new Map<string, Schema>();
  const templated: Array<{ method: string; path: RegExp; shape: Schema }> = [];
  for (const { route, response } of Object.values(rules)) {
    if (!response) continue;
    const [method, path] = route.split(" ") as [string, string];
    if (!path.includes("{")) exact.set(`${method} ${path}`, response);
    else templated.push({ method, path: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`), shape: response });
  }
  return (method, url) => {
    const full = pathOf(url);
    const path = full.startsWith(basePath) ? full.slice(basePath.length) : full;
    return exact.get(`${method} ${path}`) ?? templated.find((route) => route.method === method && route.path.test(path))?.shape;
  };
}

/** The path of an absolute URL, without its query: what follows the authority, up to `?` or `#`. */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}
