import type { Schema } from "./schema.js";

export type OperationRules = Readonly<Record<string, { readonly route: string; readonly response?: Schema }>>;

/**
 * The shape the spec gives the response to a request, found by its method and the end of its path,
 * so that the transport checks every success (facade, `raw`, token endpoint) whatever the base URL.
 * A route's parameters (`/organizations/{id}`) match one segment each.
 */
export function responseShapes(rules: OperationRules): (method: string, url: string) => ResponseShape | undefined {
  const routes = Object.entries(rules).map(([operationId, { route, response }]) => {
    const [method, path] = route.split(" ") as [string, string];
    const pattern = path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+");
    return { method, path: new RegExp(`${pattern}$`), shape: response && { operationId, schema: response } };
  });
  return (method, url) => {
    const path = url.split(/[?#]/, 1)[0]!;
    return routes.find((route) => route.method === method && route.path.test(path))?.shape;
  };
}

/** The shape of an operation's successful response, and the operation, for drift it reports. */
export type ResponseShape = { operationId: string; schema: Schema };
