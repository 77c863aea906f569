import { checkedKeywords } from "../../src/internal/schema.js";
import type { SpecDocument } from "./spec.js";

// Keywords that only document a schema; everything else must be one the client checks.
const documentation = new Set([
  "description",
  "title",
  "examples",
  "example",
  "readOnly",
  "writeOnly",
  "deprecated",
  "$schema",
  "$id",
  "$comment",
]);
const kept = new Set<string>([...checkedKeywords, "default"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OperationRules {
  /** `METHOD /path`, as openapi-fetch names the operation. */
  route: string;
  path?: JsonObject;
  query?: JsonObject;
  body?: JsonObject;
  /** The shape of a successful answer's body. */
  response?: JsonObject;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: JsonObject;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonObject }> };
  responses: Record<string, { content?: Record<string, { schema: JsonObject }> }>;
}

/**
 * The rules of every operation, read from the dereferenced spec: its path and query parameters as
 * closed object schemas (a name the spec does not list never reaches the URL), its request body's
 * schema, reduced to the keywords the client checks (plus `default`, which the pagers read), and
 * the shape of its successful answer.
 */
export function extractRules(spec: SpecDocument): Record<string, OperationRules> {
  const rules: Record<string, OperationRules> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item["parameters"] ?? []) as Parameter[];
    for (const [method, value] of Object.entries(item)) {
      if (method === "parameters" || method.startsWith("x-") || typeof value !== "object") continue;
      const operation = value as Operation;
      const where = `${operation.operationId}`;
      const parameters = [...shared, ...(operation.parameters ?? [])];
      const entry: OperationRules = { route: `${method.toUpperCase()} ${path}` };
      for (const location of ["path", "query"] as const) {
        const here = parameters.filter((parameter) => parameter.in === location);
        if (here.length === 0) continue;
        const required = here.filter((parameter) => parameter.required).map((parameter) => parameter.name);
        entry[location] = {
          type: "object",
          properties: Object.fromEntries(
            here.map((parameter) => [
              parameter.name,
              reduce(parameter.schema, `${where} ${parameter.name}`, requestPolicy),
            ]),
          ),
          ...(required.length > 0 ? { required } : {}),
          additionalProperties: false,
        };
      }
      const media = Object.values(operation.requestBody?.content ?? {})[0];
      if (media) entry.body = reduce(media.schema, `${where} body`, requestPolicy);
      const success = Object.entries(operation.responses).find(
        ([status, response]) => /^2\d\d$/.test(status) && response.content,
      );
      const answer = success && Object.values(success[1].content!)[0];
      if (answer) entry.response = reduce(answer.schema, `${where} ${success[0]}`, responsePolicy);
      rules[operation.operationId] = entry;
    }
  }
  return rules;
}

/**
 * The request body schema of every webhook (OpenAPI 3.1 `webhooks`), per operationId: what the
 * API sends to a receiver, checked in full by the receiver's verifier as a request body is, so a
 * delivery that breaks any rule of the spec is refused. Only the first media type is read.
 */
export function extractWebhooks(spec: SpecDocument): Record<string, JsonObject> {
  const webhooks: Record<string, JsonObject> = {};
  const declared = (spec["webhooks"] ?? {}) as Record<string, Record<string, unknown>>;
  for (const item of Object.values(declared)) {
    for (const [method, value] of Object.entries(item)) {
      if (method === "parameters" || method.startsWith("x-") || typeof value !== "object") continue;
      const operation = value as Operation;
      const media = Object.values(operation.requestBody?.content ?? {})[0];
      if (!media)
        throw new Error(`webhook ${operation.operationId}: it has no request body, which is all a receiver checks.`);
      webhooks[operation.operationId] = reduce(media.schema, `webhook ${operation.operationId} body`, requestPolicy);
    }
  }
  return webhooks;
}

/**
 * The query parameters whose arrays are sent comma-separated (`style: form`, `explode: false`,
 * as JSON:API's `sort=a,-b`) rather than by repeating the name. The serializer and the sandbox
 * read this list, since neither knows which operation a query belongs to: a name must therefore
 * be sent one way in every operation. Styles the serializer does not write are refused.
 */
export function commaSeparatedParameters(spec: SpecDocument): string[] {
  const explodes = new Map<string, boolean>();
  for (const item of Object.values(spec.paths)) {
    const operations = Object.entries(item).filter(
      ([key, value]) => key !== "parameters" && !key.startsWith("x-") && typeof value === "object",
    );
    const parameters = [
      ...((item["parameters"] ?? []) as Parameter[]),
      ...operations.flatMap(([, value]) => (value as Operation).parameters ?? []),
    ];
    for (const parameter of parameters.filter((candidate) => candidate.in === "query")) {
      const style = parameter.style ?? "form";
      const explode = parameter.explode ?? style === "form";
      if (!(style === "form" || (style === "deepObject" && explode))) {
        throw new Error(
          `query parameter ${parameter.name}: style ${style}${explode ? "" : " without explode"} is not one the client writes (src/internal/serializers.ts).`,
        );
      }
      if (explodes.has(parameter.name) && explodes.get(parameter.name) !== explode) {
        throw new Error(
          `query parameter ${parameter.name}: exploded in one operation and not in another; the serializer needs one way per name.`,
        );
      }
      explodes.set(parameter.name, explode);
    }
  }
  return [...explodes]
    .filter(([, explode]) => !explode)
    .map(([name]) => name)
    .sort();
}

/**
 * What a reduction does with each keyword: the keyword to write (the same, or renamed), `null` to
 * leave it out, `undefined` to refuse the spec, so that no rule is ever silently skipped.
 */
type Policy = (keyword: string) => string | null | undefined;

const ignorable = (keyword: string) => documentation.has(keyword) || keyword.startsWith("x-");

// Arguments are checked for every keyword the validator knows; any other rule is refused.
const requestPolicy: Policy = (keyword) => (kept.has(keyword) ? keyword : ignorable(keyword) ? null : undefined);

// A response is checked for its shape: the members the client and its types rely on, their JSON
// types and how many items a list holds. Values inside them (formats, ranges) and unknown members
// are not refused, so a value the vendor adds later still reads; an enum stays, to report a value
// it does not list as drift. `oneOf` becomes `anyOf`: stripped of their values, its forms may no
// longer exclude each other.
const shapeKeywords = new Set([
  "type",
  "required",
  "properties",
  "items",
  "minItems",
  "maxItems",
  "allOf",
  "anyOf",
  "enum",
]);
const responsePolicy: Policy = (keyword) =>
  keyword === "oneOf"
    ? "anyOf"
    : shapeKeywords.has(keyword)
      ? keyword
      : kept.has(keyword) || ignorable(keyword)
        ? null
        : undefined;

function reduce(schema: JsonObject, where: string, policy: Policy): JsonObject {
  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    const written = policy(keyword);
    if (written === undefined)
      throw new Error(
        `${where}: the schema uses "${keyword}", which the client does not check (src/internal/validation.ts).`,
      );
    if (written !== null) result[written] = reduceChild(keyword, value, where, policy);
  }
  return result;
}

function reduceChild(keyword: string, value: Json, where: string, policy: Policy): Json {
  switch (keyword) {
    case "properties":
      return Object.fromEntries(
        Object.entries(value as JsonObject).map(([name, schema]) => [
          name,
          reduce(schema as JsonObject, `${where}.${name}`, policy),
        ]),
      );
    case "items":
      return reduce(value as JsonObject, `${where}[]`, policy);
    case "propertyNames":
      return reduce(value as JsonObject, `${where} names`, policy);
    case "allOf":
    case "anyOf":
    case "oneOf":
      return (value as JsonObject[]).map((schema) => reduce(schema, where, policy));
    case "additionalProperties":
      return typeof value === "object" ? reduce(value as JsonObject, `${where}.*`, policy) : value;
    default:
      return value;
  }
}

/**
 * The TypeScript module holding one API's rules. Operations that answer alike (every one that
 * returns an organization) share one answer shape, written once before the rules.
 */
export function renderRules(
  rules: Record<string, OperationRules>,
  commaSeparated: string[],
  rateLimit: RateLimit | undefined,
  api: { spec: string },
  webhooks: Record<string, JsonObject> = {},
  sandbox: JsonObject = {},
): string {
  const shared = sharedAnswers(rules);
  const named = (shape: Json) => shared.get(JSON.stringify(shape));
  // Written as a string no spec holds, then swapped for the shape's name.
  const body = JSON.stringify(
    rules,
    (key, value: Json) => (key === "response" && named(value) ? `@@answer:${named(value)}` : value),
    2,
  );
  const constants = [...shared].map(
    ([shape, name]) => `const ${name} = ${JSON.stringify(JSON.parse(shape), null, 2)} as const;\n\n`,
  );
  return `/**
 * This file was generated by orgkit's generator from ${api.spec}.
 * Do not make direct changes to the file: edit the spec and run \`npm run generate\`.
 */

${constants.join("")}/** Per operationId: what its parameters and request body must satisfy, and the shape of its answer. */
export const rules = ${body.replaceAll(/"@@answer:(\w+)"/g, "$1")} as const;

/** Query parameters whose arrays go comma-separated (\`name=a,b\`) instead of repeating the name. */
export const commaSeparated: readonly string[] = ${JSON.stringify(commaSeparated)};

/** The API's documented rate limit (\`info.x-rate-limit\`), if it has one. */
export const rateLimit = ${rateLimit ? `${JSON.stringify(rateLimit)} as const` : "undefined"};

/** Per webhook operationId: what the body the API sends to a receiver must satisfy. */
export const webhooks = ${JSON.stringify(webhooks, null, 2)} as const;

/** Limits only a server enforces (\`info.x-orgkit-sandbox\`): the sandbox reads them. */
export const sandbox = ${JSON.stringify(sandbox)} as const;
`;
}

export interface RateLimit {
  requests: number;
  perMs: number;
}

/** The spec's \`info.x-orgkit-sandbox\`, its extensions (evidence) left out. */
export function sandboxFactsOf(spec: SpecDocument): JsonObject {
  const declared = (spec.info as Record<string, unknown>)["x-orgkit-sandbox"] as JsonObject | undefined;
  return Object.fromEntries(Object.entries(declared ?? {}).filter(([key]) => !key.startsWith("x-")));
}

/** The spec's \`info.x-rate-limit\`: a whole number of requests (at least 2) per window in milliseconds. */
export function rateLimitOf(spec: SpecDocument): RateLimit | undefined {
  const declared = (spec.info as Record<string, unknown>)["x-rate-limit"];
  if (declared === undefined) return undefined;
  const { requests, perMs } = (declared ?? {}) as Record<string, unknown>;
  if (
    !Number.isInteger(requests) ||
    (requests as number) < 2 ||
    typeof perMs !== "number" ||
    !(perMs > 0 && perMs < 2 ** 31)
  ) {
    throw new Error(
      `info.x-rate-limit: needs requests (a whole number, at least 2) and perMs (milliseconds, below 2^31); got ${JSON.stringify(declared)}.`,
    );
  }
  return { requests: requests as number, perMs };
}

/** Each answer shape that more than one operation has, named after the first of them. */
function sharedAnswers(rules: Record<string, OperationRules>): Map<string, string> {
  const users = new Map<string, string[]>();
  for (const [operationId, { response }] of Object.entries(rules)) {
    if (response) users.set(JSON.stringify(response), [...(users.get(JSON.stringify(response)) ?? []), operationId]);
  }
  return new Map(
    [...users]
      .filter(([, operations]) => operations.length > 1)
      .map(([shape, operations]) => [shape, `${operations[0]}Answer`]),
  );
}
