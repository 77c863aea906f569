import { isRecord } from "../internal/is-record.js";
import type { Schema } from "../internal/schema.js";

/** What a sandbox route answers, before it becomes a Response. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function toResponse(reply: Reply, mediaType: string, requestId: string): Response {
  const headers = new Headers(reply.headers);
  headers.set("x-request-id", requestId);
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  headers.set("content-type", mediaType);
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/**
 * The request body parsed as JSON, `undefined` when empty, or an `Error` when it is not JSON.
 * Objects come out without a prototype: a "__proto__" or "constructor" key is only a key, and a
 * missing one never reads through to Object.prototype. (Assigning such a body onto a plain object
 * would still set its prototype: records take `declaredFields` instead.)
 */
export async function readJson(request: Pick<Request, "text">): Promise<unknown> {
  const text = await request.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text, (_key, value: unknown) =>
      isRecord(value) ? Object.setPrototypeOf(value, null) : value,
    ) as unknown;
  } catch {
    return new Error("The request body is not valid JSON.");
  }
}

/**
 * The fields of a request body that `schema` declares: all a record may take from a request. A
 * "__proto__" key that slipped past validation would, through Object.assign, replace the record's
 * prototype; a "constructor" key would become a field.
 */
export function declaredFields(body: Record<string, unknown>, schema: Schema): Record<string, unknown> {
  const declared = schema.properties ?? {};
  return Object.fromEntries(Object.entries(body).filter(([name]) => Object.hasOwn(declared, name)));
}

/**
 * The query string as the operation's parameters: `name[key]=value` pairs (deepObject) become
 * nested objects, an array parameter collects its repeated values or, when it is one of
 * `commaSeparated`, splits its one value at the commas, and values become numbers where the spec
 * says integer, so that the same rules that check the client's arguments check the sandbox's
 * requests. The value is split once decoded, as JSON:API servers do: proxies may encode the commas
 * (Prism's does), and no value the specs allow holds one. The objects have no prototype:
 * `?__proto__[x]=1` names a parameter "__proto__", not Object.prototype.
 */
export function queryParameters(
  search: URLSearchParams,
  schema: Schema | undefined,
  commaSeparated: readonly string[] = [],
): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  for (const [key, value] of search) {
    const [, name, property] = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key) ?? [];
    const declared = schema?.properties?.[key];
    if (name && property) {
      if (!isRecord(result[name])) result[name] = Object.create(null);
      const nested = result[name] as Record<string, unknown>;
      nested[property] = coerce(value, schema?.properties?.[name]?.properties?.[property]);
    } else if (declared?.type === "array") {
      const items = commaSeparated.includes(key) ? value.split(",") : [value];
      result[key] = [
        ...(Array.isArray(result[key]) ? result[key] : []),
        ...items.map((item) => coerce(item, declared.items)),
      ];
    } else {
      result[key] = coerce(value, declared);
    }
  }
  return result;
}

function coerce(value: string, schema: Schema | undefined): unknown {
  const numeric = schema?.type === "integer" || schema?.type === "number";
  return numeric && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
}
