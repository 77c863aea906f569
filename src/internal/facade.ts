// The facade of both clients, generic over a table of operations (the spec's `x-orgkit`, which openapi/README.md
// documents): each method checks every argument once, at its entry, then builds the request, sends it and reads the
// result. Nothing here names an operation; what each one is lives in its table.
import type { ValidationIssue } from "../errors.js";
import type { CallOptions } from "../options.js";
import { paginateItems } from "../paging/items.js";
import { type PageSource, type PagingOptions, paginate, setByThePager } from "../paging/pager.js";
import type { ErrorDialect } from "./dialect.js";
import { isRecord } from "./is-record.js";
import { callOptionIssues } from "./option-rules.js";
import { apiError } from "./response-error.js";
import type { Schema } from "./schema.js";
import { serializePath } from "./serializers.js";
import type { Settings } from "./settings.js";
import type { Received, Transport } from "./transport.js";
import { assertValid, check } from "./validation.js";

/** A member of a JSON value, as the steps that lead to it (`["meta", "maxPage"]`, `["data", 0]`). */
export type Steps = readonly (string | number)[];

export interface Argument {
  /** Its name in errors (`orgId`); absent for an object whose members are the fields. */
  name?: string;
  in: "path" | "query" | "body";
  /** The parameter it is; the whole query, or the whole body, when absent. */
  key?: string;
  /** For a whole query: the parameters other arguments hold, which it leaves out. */
  without?: readonly string[];
  /** Where it sits inside the body, which the API's `wrap` builds around it (JSON:API's attributes). */
  at?: readonly string[];
  fallback?: { method: string; field: string };
}

export interface Paging {
  page: readonly string[];
  size: readonly string[];
  items: Steps;
  end: { total: Steps } | { lastPage: Steps };
  iterators?: { items: string; pages: string };
}

/** One operation of the spec, as a facade method; its method and path are the spec's (`Rules.route`). */
export interface Operation {
  operationId: string;
  args: readonly Argument[];
  options?: readonly Argument[];
  result?: Steps;
  paging?: Paging;
}

/** An operation's rules, as the generator writes them from the spec. */
export interface Rules {
  /** `METHOD /path`. */
  readonly route: string;
  readonly path?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  /** The shape of a successful response's body; none when a success has no body to return. */
  readonly response?: Schema;
}

/** What a facade is bound to: one API's transport and settings, and what is its own. */
export interface Api {
  settings: Settings;
  transport: Transport;
  dialect: ErrorDialect;
  rules: Readonly<Record<string, Rules>>;
  serializeQuery(query: Record<string, unknown>): string;
  headers: Readonly<Record<string, string>>;
  mediaType: string;
  wrap?(value: unknown, path: Readonly<Record<string, unknown>>, at: readonly string[]): unknown;
}

/** The request an operation's arguments make. */
export type Parts = { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown };

type Method = (...args: unknown[]) => Promise<unknown>;

const locations = ["path", "query", "body"] as const;

/** The methods of one facade group (`organizations`), bound to the API; `T` is the group's interface. */
export function bindFacade<T>(api: Api, operations: Readonly<Record<string, Operation>>): T {
  const group: Record<string, Method> = {};
  for (const [name, operation] of Object.entries(operations)) {
    const method = bindOperation(api, operation, group);
    group[name] = method;
    const { paging } = operation;
    if (paging) Object.assign(paging.iterators ? group : method, bindPaging(api, operation, paging));
  }
  return group as T;
}

function bindOperation(api: Api, operation: Operation, group: Record<string, Method>): Method {
  const rules = rulesOf(api, operation);
  const { args, options = [] } = operation;
  return async (...given) => {
    const call = (given[args.length] ?? {}) as CallOptions & Record<string, unknown>; // null too, as every method takes it
    const values = valuesOf(rules, args, given);
    const optional = isRecord(call) ? options.map((argument) => call[argument.name!]) : [];
    // Issues in the order of the request: its path, its query, its body.
    const checked = args.map((argument, index) => [argument, values[index]] as const);
    for (const [index, argument] of options.entries())
      if (optional[index] !== undefined) checked.push([argument, optional[index]]);
    checked.sort(([a], [b]) => locations.indexOf(a.in) - locations.indexOf(b.in));
    assertValid(callOptionIssues(call), ...checked.map(([argument, value]) => argumentIssues(rules, argument, value)));
    const rest = options.length === 0 ? call : { ...call };
    for (const argument of options) delete rest[argument.name!];
    for (const [index, argument] of options.entries()) {
      if (optional[index] !== undefined || !argument.fallback) continue;
      const found = (await group[argument.fallback.method]!(rest)) as Record<string, unknown>;
      optional[index] = found[argument.fallback.field];
    }
    const parts = partsOf(api, [...args, ...options], [...values, ...optional]);
    return send(api, operation, parts, rest);
  };
}

async function send(api: Api, operation: Operation, parts: Parts, call: CallOptions): Promise<unknown> {
  const { body } = await exchange(api, operation, parts, call);
  // Whatever a success without a promised body carries (a delete's 204, or 200 with any JSON) means done.
  if (!rulesOf(api, operation).response) return undefined;
  const result = at(body, operation.result ?? []);
  // Secrets a resource shows (a new token) are masked from then on; pages show none.
  if (!operation.paging) api.settings.redactor.learnIn(result, "received");
  return result;
}

/** Sends an operation's request and resolves with its successful response; a failure throws its typed error. */
export async function exchange(api: Api, operation: Operation, parts: Parts, call: CallOptions): Promise<Received> {
  const { settings, transport } = api;
  const [method, path] = rulesOf(api, operation).route.split(" ") as [string, string];
  const query = api.serializeQuery(parts.query);
  const url = `${settings.baseUrl}${serializePath(path, parts.path)}${query ? `?${query}` : ""}`;
  const hasBody = parts.body !== undefined;
  const headers = new Headers(api.headers);
  if (hasBody) headers.set("content-type", api.mediaType);
  // Set one by one: a record passed whole to fetch loses a header named __proto__.
  if (call.headers) for (const [name, value] of Object.entries(call.headers)) headers.set(name, value);
  // Secrets the caller sends (a webhook secret) are masked wherever a response or log echoes them.
  if (hasBody) settings.redactor.learnIn(parts.body, "given");
  const request = { method, url, headers, body: hasBody ? JSON.stringify(parts.body) : null };
  const received = await transport.send(request, call);
  const { response, body } = received;
  if (!response.ok)
    throw apiError(api.dialect, settings.redactor, { method, url, response, body }, settings.clock.now());
  return received;
}

function rulesOf(api: Api, operation: Operation): Rules {
  const rules = api.rules[operation.operationId];
  if (!rules) throw new TypeError(`orgkit: the spec has no operation ${operation.operationId}`);
  return rules;
}

/** `items()` and `pages()` over a paged operation: its arguments are checked once, before the first page. */
function bindPaging(api: Api, operation: Operation, paging: Paging) {
  const rules = rulesOf(api, operation);
  const { args } = operation;
  const source = (given: unknown[], options: PagingOptions | undefined): PageSource<unknown, { id: unknown }> => {
    const values = valuesOf(rules, args, given);
    // Built once the arguments are known to be sound (`issues` comes first).
    let parts: Parts | undefined;
    const built = () => (parts ??= partsOf(api, args, values));
    return {
      issues: () => {
        const issues = args.flatMap((argument, index) => argumentIssues(rules, argument, values[index]));
        if (issues.length === 0) issues.push(...setByThePager(at(built().query, paging.page), paging.page.join(".")));
        return [...issues, ...callOptionIssues(options ?? {})];
      },
      firstPage: ruleAt(rules.query, paging.page).minimum ?? 0,
      get pageSize() {
        const size = at(built().query, paging.size);
        return typeof size === "number" ? size : (ruleAt(rules.query, paging.size).default as number);
      },
      fetch: (page, call) =>
        send(api, operation, { ...built(), query: withValue(built().query, paging.page, page) }, call),
      items: (page) => at(page, paging.items) as { id: unknown }[],
      extent: (page) =>
        "total" in paging.end
          ? { total: at(page, paging.end.total) as number }
          : { lastPage: at(page, paging.end.lastPage) as number },
    };
  };
  const optionsOf = (given: unknown[]) => given[args.length] as PagingOptions | undefined;
  const { items = "items", pages = "pages" } = paging.iterators ?? {};
  return {
    [items]: (...given: unknown[]) => paginateItems(source(given, optionsOf(given)), optionsOf(given)),
    [pages]: (...given: unknown[]) => paginate(source(given, optionsOf(given)), optionsOf(given)),
  };
}

function argumentIssues(rules: Rules, argument: Argument, value: unknown): ValidationIssue[] {
  const root = rules[argument.in];
  const schema = argument.key ? root?.properties?.[argument.key] : ruleAt(root, argument.at ?? []);
  if (!schema) return [];
  return check(argument.without ? withoutMembers(schema, argument.without) : schema, value, argument.name ?? "");
}

// One schema per operation and argument, so that compiling it once still holds.
const reduced = new WeakMap<Schema, Map<string, Schema>>();

/** The schema without the members `names`: the rest of a query whose other parameters are arguments of their own. */
function withoutMembers(schema: Schema, names: readonly string[]): Schema {
  const byNames = reduced.get(schema) ?? new Map<string, Schema>();
  reduced.set(schema, byNames);
  const key = names.join(" ");
  if (!byNames.has(key)) {
    const properties = Object.entries(schema.properties ?? {}).filter(([name]) => !names.includes(name));
    const required = (schema.required ?? []).filter((name) => !names.includes(name));
    byNames.set(key, { ...schema, properties: Object.fromEntries(properties), required });
  }
  return byNames.get(key)!;
}

/** The positional arguments; a whole query left out is `{}` when none of its members is required (Recrubo's list). */
function valuesOf(rules: Rules, args: readonly Argument[], given: readonly unknown[]): unknown[] {
  const emptyQuery = (argument: Argument) => argument.in === "query" && !argument.key && !rules.query?.required?.length;
  return args.map((argument, index) => (given[index] === undefined && emptyQuery(argument) ? {} : given[index]));
}

function partsOf(api: Api, argumentsOf: readonly Argument[], values: readonly unknown[]): Parts {
  const parts: Parts = { path: {}, query: {}, body: undefined };
  for (const [index, argument] of argumentsOf.entries()) {
    const value = values[index];
    if (value === undefined || argument.in === "body") continue;
    if (argument.key) parts[argument.in][argument.key] = value;
    else Object.assign(parts[argument.in], value);
  }
  // The body after the path, which a wrapped one may need.
  for (const [index, argument] of argumentsOf.entries()) {
    const value = values[index];
    if (argument.in === "body") parts.body = argument.at && api.wrap ? api.wrap(value, parts.path, argument.at) : value;
  }
  return parts;
}

function at(value: unknown, steps: Steps): unknown {
  let member = value;
  for (const step of steps) member = (member as Record<string | number, unknown>)?.[step];
  return member;
}

/** A copy of `params` with the member the steps lead to set, copying each object on the way. */
function withValue(params: unknown, steps: readonly string[], value: unknown): Record<string, unknown> {
  const [step, ...rest] = steps;
  const copy = { ...(params as Record<string, unknown>) };
  copy[step!] = rest.length === 0 ? value : withValue(copy[step!] ?? {}, rest, value);
  return copy;
}

function ruleAt(schema: Schema | undefined, steps: readonly string[]): Schema {
  let rule = schema ?? {};
  for (const step of steps) rule = rule.properties?.[step] ?? {};
  return rule;
}
