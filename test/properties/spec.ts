import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { specOf } from "../spec/load.js";
import type { JsonSchema } from "./schemas.js";

// The bundled, dereferenced specs and ajv: the independent judge of what the spec allows. The
// client checks its arguments with its own validator over generated rules; these suites check the
// client against the spec itself.

export type ApiName = "recrubo" | "blynk";

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: JsonSchema;
}

interface MediaType {
  schema: JsonSchema;
}

export interface Operation {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType>; headers?: Record<string, unknown> }>;
}

export interface Specs {
  operation(api: ApiName, operationId: string): Operation;
}

let loading: Promise<Specs> | undefined;

/** Both specs, bundled with every `$ref` resolved (as the docs and the generator read them). */
export function loadSpecs(): Promise<Specs> {
  loading ??= (async () => {
    const operations = new Map<string, Operation>();
    for (const api of ["recrubo", "blynk"] as const) {
      const document = await specOf(api);
      for (const [path, item] of Object.entries(document.paths)) {
        const shared = (item["parameters"] ?? []) as Parameter[];
        for (const [method, value] of Object.entries(item)) {
          if (method === "parameters" || method.startsWith("x-") || typeof value !== "object" || value === null)
            continue;
          const operation = value as Omit<Operation, "api" | "method" | "path">;
          operations.set(`${api} ${operation.operationId}`, {
            ...operation,
            api,
            method: method.toUpperCase(),
            path,
            parameters: [...shared, ...(operation.parameters ?? [])],
          });
        }
      }
    }
    return {
      operation(api, operationId) {
        const found = operations.get(`${api} ${operationId}`);
        if (!found) throw new Error(`no operation ${operationId} in the ${api} spec`);
        return found;
      },
    };
  })();
  return loading;
}

// The one format of the specs that JSON Schema does not define: a name the IANA time zone database
// knows, as Intl knows it (links like Europe/Kiev included), starting with a letter (so that a bare
// UTC offset, which newer engines also take, is not one).
// Building an Intl.DateTimeFormat costs a tenth of a millisecond: verdicts are remembered.
const timeZoneVerdicts = new Map<string, boolean>();

function isIanaTimeZone(value: string): boolean {
  if (!/^[A-Za-z]/.test(value) || value.length > 64) return false;
  let verdict = timeZoneVerdicts.get(value);
  if (verdict === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      verdict = true;
    } catch {
      verdict = false;
    }
    if (timeZoneVerdicts.size < 100_000) timeZoneVerdicts.set(value, verdict);
  }
  return verdict;
}

/** ajv with every format of ajv-formats and the specs' own, `formats` read instead where given. */
export function specAjv(formats: Record<string, (value: string) => boolean> = {}): Ajv2020 {
  const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(instance);
  instance.addFormat("iana-time-zone", { type: "string", validate: isIanaTimeZone });
  for (const [name, validate] of Object.entries(formats)) instance.addFormat(name, { type: "string", validate });
  return instance;
}

export const ajv = specAjv();

const compiled = new WeakMap<object, ValidateFunction>();

export function validator(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(schema, validate);
  }
  return validate;
}

/** True when a JS value is JSON: no NaN, Infinity, undefined in arrays, functions, symbols, bigints or class instances. */
export function isJson(value: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (typeof value === "object") {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return false;
    return Object.values(value).every((item) => item === undefined || isJson(item, depth + 1));
  }
  return false;
}

/** The spec's verdict on a value: JSON (ajv accepts NaN and Infinity as numbers; JSON has neither) and valid. */
export function specAllows(schema: JsonSchema, value: unknown): boolean {
  return isJson(value) && validator(schema)(value) === true;
}

export function errorsOf(schema: JsonSchema, value: unknown): ErrorObject[] {
  const validate = validator(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

const querySchemas = new WeakMap<Operation, Map<string, JsonSchema>>();

/** The query parameters of an operation as one closed object schema (a name the spec lists nowhere is not allowed). */
export function querySchema(operation: Operation, without: readonly string[] = []): JsonSchema {
  let byOperation = querySchemas.get(operation);
  if (!byOperation) {
    byOperation = new Map();
    querySchemas.set(operation, byOperation);
  }
  const key = without.join("\0");
  let schema = byOperation.get(key);
  if (!schema) {
    schema = buildQuerySchema(operation, without);
    byOperation.set(key, schema);
  }
  return schema;
}

function buildQuerySchema(operation: Operation, without: readonly string[]): JsonSchema {
  const query = operation.parameters.filter(
    (parameter) => parameter.in === "query" && !without.includes(parameter.name),
  );
  const required = query.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return {
    type: "object",
    properties: Object.fromEntries(query.map((parameter) => [parameter.name, parameter.schema])),
    required,
    additionalProperties: false,
  };
}

export function requestBodySchema(operation: Operation): { mediaType: string; schema: JsonSchema } {
  const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  if (!mediaType || !media) throw new Error(`${operation.operationId} has no request body`);
  return { mediaType, schema: media.schema };
}

/** The documented success: its status and, when it has a body, the body's media type and schema. */
export function successOf(operation: Operation): { status: number; mediaType?: string; schema?: JsonSchema } {
  const [status, response] = Object.entries(operation.responses).find(([code]) => /^2\d\d$/.test(code)) ?? [];
  if (!status || !response) throw new Error(`${operation.operationId} documents no success`);
  const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
  return { status: Number(status), ...(mediaType && media ? { mediaType, schema: media.schema } : {}) };
}

/** The error body schema the spec gives for `status`, if any. */
export function errorSchemaOf(operation: Operation, status: number): JsonSchema | undefined {
  const response =
    operation.responses[String(status)] ??
    operation.responses[`${String(status)[0]}XX`] ??
    operation.responses["default"];
  const media = Object.values(response?.content ?? {})[0];
  return media?.schema;
}

// The value keywords of a response schema. The client checks an answer's shape (its members and
// their JSON types) and deliberately not the values inside (formats, enums, ranges), nor unknown
// members, "so a value the vendor adds later still reads" (scripts/lib/rules.ts). A value that
// breaks only these is tolerated; one that breaks a type or a required member is not.
const valueKeywords = new Set([
  "format",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "additionalProperties",
  "propertyNames",
  "dependentRequired",
]);

const shapes = new WeakMap<object, JsonSchema>();

/** The spec's schema with the value keywords taken out and `oneOf` read as `anyOf`: the shape of an answer. */
export function shapeOf(schema: JsonSchema): JsonSchema {
  let shape = shapes.get(schema);
  if (!shape) {
    shape = reduceToShape(schema);
    shapes.set(schema, shape);
  }
  return shape;
}

function reduceToShape(schema: JsonSchema): JsonSchema {
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (valueKeywords.has(keyword)) continue;
    const name = keyword === "oneOf" ? "anyOf" : keyword;
    if (keyword === "properties") {
      result[name] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([key, child]) => [key, reduceToShape(child)]),
      );
    } else if (keyword === "items") {
      result[name] = reduceToShape(value as JsonSchema);
    } else if (keyword === "allOf" || keyword === "anyOf" || keyword === "oneOf") {
      result[name] = (value as JsonSchema[]).map(reduceToShape);
    } else {
      result[name] = value;
    }
  }
  return result as JsonSchema;
}

/**
 * A value the client resolved with, judged against the spec's response schema: it must be JSON and
 * match the schema, or at least its shape (see `shapeOf`). Returns what is wrong, or undefined.
 */
export function answerProblem(schema: JsonSchema, value: unknown): string | undefined {
  if (!isJson(value)) return "the value is not JSON";
  const strict = errorsOf(schema, value);
  if (strict.length === 0) return undefined;
  const shape = errorsOf(shapeOf(schema), value);
  if (shape.length === 0) return undefined;
  return ajv.errorsText(shape);
}

/** One `name=value` pair of a query string, percent-decoded, and as it was written. */
export interface QueryPair {
  name: string;
  value: string;
  rawName: string;
  rawValue: string;
}

export function queryPairs(search: string): QueryPair[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query === "") return [];
  return query.split("&").map((pair) => {
    const at = pair.indexOf("=");
    const rawName = at < 0 ? pair : pair.slice(0, at);
    const rawValue = at < 0 ? "" : pair.slice(at + 1);
    return { rawName, rawValue, name: decodeURIComponent(rawName), value: decodeURIComponent(rawValue) };
  });
}

// What encodeURIComponent leaves as it is, plus percent escapes. The URL parser also escapes `'` in
// the query of an http(s) URL.
const encodedComponent = /^(?:[A-Za-z0-9\-_.!~*'()]|%[0-9A-F]{2})*$/;

/**
 * Where the query string of a request breaks the spec: a name the operation does not have, a
 * value not of its type, a required parameter missing, a name or value written so that it could
 * be read as something else. Values are read back as the spec's types (an integer must be written
 * as one); deepObject parameters are gathered from `name[key]`, arrays from the repeated name or,
 * with `explode: false`, from the items between commas.
 */
export function queryProblems(operation: Operation, pairs: QueryPair[]): string[] {
  const problems: string[] = [];
  const parameters = new Map(
    operation.parameters
      .filter((parameter) => parameter.in === "query")
      .map((parameter) => [parameter.name, parameter]),
  );
  const values: Record<string, unknown> = {};
  for (const { name, value, rawName, rawValue } of pairs) {
    const deep = /^([^[\]]+)\[([^[\]]*)\]$/.exec(rawName);
    const plain = deep ? undefined : parameters.get(name);
    // form with explode false: one value, its items between raw commas, each percent-encoded (a
    // comma inside an item is %2C), none empty.
    const joined = plain !== undefined && isArrayParameter(plain) && plain.explode === false;
    if (joined) {
      if (!rawValue.split(",").every((part) => part !== "" && encodedComponent.test(part)))
        problems.push(`the items of ${rawName} are not percent-encoded between commas: ${rawValue}`);
    } else if (!encodedComponent.test(rawValue)) {
      problems.push(`the value of ${rawName} is not percent-encoded: ${rawValue}`);
    }
    if (deep) {
      const [, rawParameter, rawKey] = deep as unknown as [string, string, string];
      if (!encodedComponent.test(rawParameter) || !encodedComponent.test(rawKey))
        problems.push(`the name ${rawName} is not percent-encoded`);
      const parameterName = decodeURIComponent(rawParameter);
      const parameter = parameters.get(parameterName);
      if (parameter?.style !== "deepObject") {
        problems.push(`${name} is not a deepObject parameter of ${operation.operationId}`);
        continue;
      }
      values[parameterName] ??= {};
      const object = values[parameterName] as Record<string, unknown>;
      const key = decodeURIComponent(rawKey);
      if (Object.hasOwn(object, key)) problems.push(`${name} is repeated`);
      Object.defineProperty(object, key, {
        value: typed(propertySchema(parameter.schema, key), value),
        enumerable: true,
        configurable: true,
        writable: true,
      });
      continue;
    }
    if (!encodedComponent.test(rawName)) problems.push(`the name ${rawName} is not percent-encoded`);
    const parameter = parameters.get(name);
    if (!parameter || parameter.style === "deepObject") {
      problems.push(`${name} is not a parameter of ${operation.operationId}`);
      continue;
    }
    const items = parameter.schema.items ?? {};
    if (isArrayParameter(parameter) && !joined) {
      // form, exploded (the default): the name repeated, one item each.
      values[name] = [...((values[name] as unknown[] | undefined) ?? []), typed(items, value)];
      continue;
    }
    if (Object.hasOwn(values, name)) problems.push(`${name} is repeated`);
    values[name] = joined
      ? rawValue.split(",").map((part) => typed(items, decodeURIComponent(part)))
      : typed(parameter.schema, value);
  }
  for (const parameter of parameters.values()) {
    if (parameter.required && !Object.hasOwn(values, parameter.name))
      problems.push(`the required parameter ${parameter.name} is missing`);
    if (!Object.hasOwn(values, parameter.name)) continue;
    const errors = errorsOf(parameter.schema, values[parameter.name]);
    if (errors.length > 0)
      problems.push(`${parameter.name}: ${ajv.errorsText(errors)} (${JSON.stringify(values[parameter.name])})`);
  }
  return problems;
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema {
  if (schema.properties && Object.hasOwn(schema.properties, key)) return schema.properties[key]!;
  return typeof schema.additionalProperties === "object" ? schema.additionalProperties : {};
}

// A query value as the spec's type reads it: an integer is written as an integer literal, nothing
// else (not 1e+21, not 1.0); anything unreadable stays a string for ajv to refuse.
function typed(schema: JsonSchema, text: string): unknown {
  const types = [schema.type ?? []].flat();
  if (types.includes("integer") && /^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (types.includes("number") && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  return text;
}

function isArrayParameter(parameter: Parameter): boolean {
  return [parameter.schema.type ?? []].flat().includes("array");
}

/**
 * The query pairs a call should send for `query`, as the operation's form and deepObject
 * parameters, decoded: an array exploded (the name repeated) or, with `explode: false`, joined
 * with commas.
 */
export function expectedPairs(operation: Operation, query: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const items = value.filter((item) => item !== undefined && item !== null).map(String);
      const parameter = operation.parameters.find((candidate) => candidate.in === "query" && candidate.name === name);
      if (parameter?.explode === false) {
        if (items.length > 0) pairs.push([name, items.join(",")]);
      } else {
        for (const item of items) pairs.push([name, item]);
      }
    } else if (typeof value === "object") {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item !== undefined && item !== null) pairs.push([`${name}[${key}]`, String(item)]);
      }
    } else {
      pairs.push([name, String(value)]);
    }
  }
  return pairs;
}
