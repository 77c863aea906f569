import type { Reply } from "./http.js";

type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/**
 * "METHOD /path" for every operation of a generated `paths` interface, such as
 * "PATCH /public/v2/organizations/{id}": a table keyed by it serves exactly the spec's routes.
 */
export type RouteOf<Paths> = {
  [Path in keyof Paths & string]: {
    [M in keyof Paths[Path] & Method]-?: Paths[Path][M] extends undefined ? never : `${Uppercase<M>} ${Path}`;
  }[keyof Paths[Path] & Method];
}[keyof Paths & string];

/** The path parameters a route names, such as `{ id: string }` for "GET /organizations/{id}". */
export type ParamsOf<Route extends string> = Route extends `${string}{${infer Name}}${infer Rest}`
  ? { readonly [Key in Name]: string } & ParamsOf<Rest>
  : Readonly<Record<never, string>>;

/** A model's routing table: one handler per operation of `Paths`, given the parameters its path names. */
export type Operations<Paths> = { [Route in RouteOf<Paths>]: (params: ParamsOf<Route>) => Reply | Promise<Reply> };

/**
 * Answers a request with the operation its method and path name in `operations`, else with
 * `route`'s 404 or 405: how both models route, so that they cannot drift apart.
 */
export function serve(
  operations: Readonly<Record<string, (params: never) => Reply | Promise<Reply>>>,
  method: string,
  pathname: string,
  error: (status: number, detail: string) => Reply,
): Reply | Promise<Reply> {
  const routed = route(operations, method, pathname, error);
  // The route's pattern has a named group for each parameter its path names: these are its ParamsOf.
  return "operation" in routed ? routed.operation(routed.params as never) : routed;
}

const patterns = new Map<string, RegExp>();

/**
 * The operation for a request, with its path parameters; else 404 for an unknown path, or 405
 * with the `Allow` a method the path does not serve needs, worded by `error`. HEAD is served as
 * GET, as HTTP requires, and a trailing slash is optional.
 */
export function route<Operation>(
  operations: Readonly<Record<string, Operation>>,
  method: string,
  pathname: string,
  error: (status: number, detail: string) => Reply,
): { operation: Operation; params: Record<string, string> } | Reply {
  const matching = Object.entries(operations).flatMap(([key, operation]) => {
    const [verb = "", template = ""] = key.split(" ");
    const match = patternOf(template).exec(pathname);
    return match ? [{ verb, operation, params: { ...match.groups } }] : [];
  });
  if (matching.length === 0) return error(404, `No route for ${method} ${pathname}.`);
  const found = matching.find((candidate) => candidate.verb === (method === "HEAD" ? "GET" : method));
  if (found) return found;
  const verbs = matching.map((candidate) => candidate.verb);
  const allow = (verbs.includes("GET") ? [...verbs, "HEAD"] : verbs).join(", ");
  return { ...error(405, `${method} is not allowed on ${pathname}; it allows ${allow}.`), headers: { allow } };
}

/** "/organizations/{id}" as a regular expression with a named group per parameter, compiled once. */
function patternOf(template: string): RegExp {
  let pattern = patterns.get(template);
  if (!pattern) {
    const path = template
      .replace(/\/$/, "")
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
    pattern = new RegExp(`^${path}/?$`);
    patterns.set(template, pattern);
  }
  return pattern;
}
