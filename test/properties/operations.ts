import fc from "fast-check";
import { facade as blynkFacade } from "../../generated/blynk.facade.js";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { facade as recruboFacade } from "../../generated/recrubo.facade.js";
import { rules as recruboRules } from "../../generated/recrubo.rules.js";
import type { BlynkClient, RecruboClient } from "../../src/index.js";
import type {
  Operation as Declaration,
  Argument as Declared,
  Paging,
  Rules,
  Steps,
} from "../../src/internal/facade.js";
import { type JsonSchema, type Path, valid } from "./schemas.js";
import { type ApiName, type Operation, querySchema, requestBodySchema, type Specs, specAllows } from "./spec.js";
import { drain } from "./support.js";

// Every facade operation of both clients, read from what the specs declare: the facade tables
// (generated/*.facade.ts, each operation's x-orgkit) say which method performs which operation and
// where its arguments go, the rules (generated/*.rules.ts) give each argument's rule, and the
// bundled spec judges its values. Nothing here names an operation: one the spec adds is in the
// suites once `npm run generate` has run, and one whose declaration the derivation cannot read
// is listed in `gaps`, which test/spec/surfaces.test.ts reports.

export interface Argument {
  /** What the facade calls this argument in issues; "" when its members are named at top level. */
  field: string;
  /** The rule the client checks it with, from generated/*.rules.ts. */
  rule: JsonSchema;
  /** The spec's verdict on a value of this argument (ajv over the bundled spec). */
  allowed(specs: Specs, value: unknown): boolean;
  /** The spec's own example of it, if it has one (a parameter's or its schema's, the request body's). */
  example(specs: Specs): unknown;
  /** Members the caller does not set (the pager sets them). */
  omit?: Path[];
  /** The argument may be left out: one the options argument carries (Blynk's update `orgId`). */
  optional?: boolean;
}

/** What a call should put on the wire. */
export interface ExpectedRequest {
  operationId: string;
  pathParameters: Record<string, string>;
  query: Record<string, unknown>;
  /** The JSON body, when the operation sends one. */
  body?: unknown;
}

export type Client = RecruboClient | BlynkClient;

export interface FacadeOperation {
  api: ApiName;
  /** The facade's name for it: `organizations.get`, `organization.update`, `organizations.items`. */
  name: string;
  /** The spec operation it calls. */
  operationId: string;
  /** The positional arguments, then those the options argument carries (optional). */
  args: Argument[];
  /** `paging` for pages() and items(), whose options say how far to go. */
  options: "call" | "paging";
  /** `pages` and `items` walk pages: their answer is a page, their result a list. */
  paging?: "pages" | "items";
  /** Where the call's value is in a success's body: for items(), a page's items; for pages(), the page. */
  result: Steps;
  /** For pages() and items(): the first page's number, and a page made the walk's last. */
  pager?: {
    firstPage: number;
    /** `page` as the answer to page `number` of a walk over `args` that ends there. */
    lastPage(page: unknown, args: readonly unknown[], number: number): unknown;
  };
  invoke(client: Client, args: readonly unknown[], options: unknown): Promise<unknown>;
  /** The request for valid `args` (the first request, for the pagers, starting at `startPage`). */
  request(args: readonly unknown[], startPage: number | undefined): ExpectedRequest;
  /**
   * A request the call sends before `request` when `when(args)`: an argument with a `fallback`,
   * left out, is read first with the method the declaration names (the organization-key update
   * without `id` reads the own list). `learn` gives the arguments `request` is then made of.
   */
  reads?: {
    operationId: string;
    request: ExpectedRequest;
    when(args: readonly unknown[]): boolean;
    learn(args: readonly unknown[], answer: unknown): unknown[];
  };
}

/** A declared facade method the derivation cannot read, and what to write for it. */
export interface Gap {
  api: ApiName;
  name: string;
  operationId: string;
  write: string;
}

/** The member of a JSON value the steps lead to. */
export function at(value: unknown, steps: Steps): unknown {
  let member = value;
  for (const step of steps) member = (member as Record<string | number, unknown> | undefined)?.[step];
  return member;
}

/** The schema of the member the steps lead to: `properties` for a name, `items` for an index. */
export function schemaAt(schema: JsonSchema | undefined, steps: Steps): JsonSchema | undefined {
  let member = schema;
  for (const step of steps) member = typeof step === "number" ? member?.items : member?.properties?.[step];
  return member;
}

/** A copy of `value` with the member at `steps` set, copying each object on the way. */
function withMember(value: unknown, steps: readonly string[], member: unknown): Record<string, unknown> {
  const [step, ...rest] = steps;
  const copy = { ...(value as Record<string, unknown> | undefined) };
  copy[step!] = rest.length === 0 ? member : withMember(copy[step!], rest, member);
  return copy;
}

/** A copy of `value` without the member at `path`. */
function withoutMember(value: unknown, path: Path): unknown {
  const [step, ...rest] = path;
  if (step === undefined || typeof value !== "object" || value === null) return value;
  const copy = { ...(value as Record<string | number, unknown>) };
  if (rest.length === 0) delete copy[step];
  else copy[step] = withoutMember(copy[step], rest);
  return copy;
}

/**
 * The body around an argument that sits inside it (`args: [body.data.attributes]`): each object on
 * the way holds the members its rule fixes with `const` (JSON:API's `type`) and those named after a
 * path parameter of the call (JSON:API's `data.id`, the id in the URL).
 */
function around(rule: JsonSchema | undefined, steps: readonly string[], value: unknown, path: object): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return value;
  const document: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(rule?.properties ?? {})) {
    if (name === step) continue;
    if (member.const !== undefined) document[name] = member.const;
    else if (Object.hasOwn(path, name)) document[name] = (path as Record<string, unknown>)[name];
  }
  document[step] = around(rule?.properties?.[step], rest, value, path);
  return document;
}

function parameterOf(spec: Operation, location: string, name: string) {
  const parameter = spec.parameters.find((candidate) => candidate.in === location && candidate.name === name);
  if (!parameter) throw new Error(`${spec.operationId} has no ${location} parameter ${name}`);
  return parameter;
}

type Examples = { example?: unknown; examples?: unknown };

/** The first of an `example` or `examples` (a schema's list, or a parameter's or media type's map of `{ value }`). */
function firstExample(holder: Examples | undefined): unknown {
  if (holder?.example !== undefined) return holder.example;
  const { examples } = holder ?? {};
  if (Array.isArray(examples)) return examples[0];
  const first = Object.values((examples ?? {}) as Record<string, { value?: unknown }>)[0];
  return first?.value;
}

function parameterExample(spec: Operation, location: string, name: string): unknown {
  const parameter = parameterOf(spec, location, name);
  return firstExample(parameter as Examples) ?? firstExample(parameter.schema as Examples);
}

interface Api {
  facade: Readonly<Record<string, Readonly<Record<string, Declaration>>>>;
  rules: Readonly<Record<string, Rules>>;
}

const apis: Record<ApiName, Api> = {
  recrubo: { facade: recruboFacade, rules: recruboRules },
  blynk: { facade: blynkFacade, rules: blynkRules },
};

/** The rule the client checks a declared argument with: its parameter, the whole query (less the others), the body or a member of it. */
function ruleOf(rules: Rules, declared: Declared): JsonSchema | undefined {
  const root = (declared.in === "body" ? rules.body : rules[declared.in]) as JsonSchema | undefined;
  if (declared.key) return root?.properties?.[declared.key];
  const rule = schemaAt(root, declared.at ?? []);
  const without = declared.without ?? [];
  if (!rule || without.length === 0) return rule;
  return {
    ...rule,
    properties: Object.fromEntries(Object.entries(rule.properties ?? {}).filter(([name]) => !without.includes(name))),
    required: (rule.required ?? []).filter((name) => !without.includes(name)),
  };
}

function argumentOf(api: ApiName, operationId: string, rules: Rules, declared: Declared, omit?: Path): Argument {
  const rule = ruleOf(rules, declared);
  const where = declared.key ? `${declared.in}.${declared.key}` : [declared.in, ...(declared.at ?? [])].join(".");
  if (!rule) throw new Error(`generated/${api}.rules.ts has no rule for ${operationId}'s ${where}`);
  const spec = (specs: Specs) => specs.operation(api, operationId);
  const body = rules.body as JsonSchema | undefined;
  const judged = (specs: Specs, value: unknown): boolean => {
    if (declared.in === "body")
      return specAllows(requestBodySchema(spec(specs)).schema, around(body, declared.at ?? [], value, {}));
    if (declared.key) return specAllows(parameterOf(spec(specs), declared.in, declared.key).schema, value);
    return specAllows(querySchema(spec(specs), declared.without ?? []), value);
  };
  const example = (specs: Specs): unknown => {
    if (declared.in === "body") {
      const media = Object.values(spec(specs).requestBody?.content ?? {})[0] as Examples | undefined;
      return at(firstExample(media), declared.at ?? []);
    }
    if (declared.key) return parameterExample(spec(specs), declared.in, declared.key);
    const names = spec(specs)
      .parameters.filter(({ in: location, name }) => location === "query" && !declared.without?.includes(name))
      .map(({ name }) => name);
    const query = Object.fromEntries(
      names
        .map((name) => [name, parameterExample(spec(specs), "query", name)] as const)
        .filter(([, value]) => value !== undefined),
    );
    return omit ? withoutMember(query, omit) : query;
  };
  return {
    field: declared.name ?? "",
    rule,
    allowed: judged,
    example,
    ...(omit ? { omit: [omit] } : {}),
  };
}

/** Where the arguments put their values: the path, the query and the body of the request. */
function requestOf(
  operationId: string,
  rules: Rules,
  declared: readonly Declared[],
  values: readonly unknown[],
): ExpectedRequest {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const [index, argument] of declared.entries()) {
    const value = values[index];
    if (value === undefined || argument.in === "body") continue;
    const target = argument.in === "path" ? path : query;
    if (argument.key) target[argument.key] = value;
    else Object.assign(target, value);
  }
  const pathParameters = Object.fromEntries(Object.entries(path).map(([name, value]) => [name, String(value)]));
  const request: ExpectedRequest = { operationId, pathParameters, query };
  const index = declared.findIndex((argument) => argument.in === "body");
  const body = declared[index];
  if (body && values[index] !== undefined)
    request.body = around(rules.body as JsonSchema | undefined, body.at ?? [], values[index], path);
  return request;
}

// The facade's methods are called with whatever the test generated: the types forbid most of it.
interface Loose {
  (...args: unknown[]): unknown;
  items?: Loose;
  pages?: Loose;
}

function methodOf(client: Client, group: string, name: string, walk?: { iterator?: string; kind: "items" | "pages" }) {
  const methods = (client as unknown as Record<string, Record<string, Loose>>)[group];
  if (!methods) throw new Error(`the client has no facade group ${group}`);
  // A pager is the group's own method (`organizations.items`) or the paged method's (`subOrganizations.items`).
  const method = walk ? (walk.iterator ? methods[walk.iterator] : methods[name]?.[walk.kind]) : methods[name];
  if (!method) throw new Error(`the client has no method ${group}.${walk?.iterator ?? name}`);
  return method.bind(methods);
}

/**
 * The read an argument with a `fallback` needs when it is left out: the method the declaration
 * names, called with the call options alone, and the field of its result; or what to write.
 */
function readsOf(
  methods: Readonly<Record<string, Declaration>>,
  declared: readonly Declared[],
): FacadeOperation["reads"] | string | undefined {
  const fallbacks = declared.filter((argument) => argument.fallback);
  const [fallback, ...more] = fallbacks;
  if (!fallback?.fallback) return undefined;
  if (more.length > 0)
    return "more than one fallback argument: write how its reads chain in test/properties/operations.ts";
  const { method, field } = fallback.fallback;
  const reader = methods[method];
  if (!reader || reader.args.length > 0)
    return `its fallback ${method} takes arguments: write its first read in test/properties/operations.ts`;
  const index = declared.indexOf(fallback);
  return {
    operationId: reader.operationId,
    request: { operationId: reader.operationId, pathParameters: {}, query: {} },
    when: (args) => args[index] === undefined,
    learn: (args, answer) => {
      const found = at(answer, reader.result ?? []) as Record<string, unknown> | undefined;
      return args.map((value, position) => (position === index ? found?.[field] : value));
    },
  };
}

/** Calls the method with the positional arguments, and those the options carry beside the call options. */
function invokerOf(group: string, name: string, declaration: Declaration): FacadeOperation["invoke"] {
  const positional = declaration.args.length;
  const carried = declaration.options ?? [];
  return (client, args, options) => {
    const given = args.slice(0, positional);
    // update(body, { orgId, ...callOptions }); left out, the options stay as they were given.
    const named = carried
      .map((argument, index) => [argument.name!, args[positional + index]] as const)
      .filter(([, value]) => value !== undefined);
    const call = named.length > 0 ? { ...(options as object | undefined), ...Object.fromEntries(named) } : options;
    return Promise.resolve(methodOf(client, group, name)(...(call === undefined ? given : [...given, call])));
  };
}

function derive(api: ApiName, gaps: Gap[]): FacadeOperation[] {
  const { facade, rules: allRules } = apis[api];
  const operations: FacadeOperation[] = [];
  for (const [group, methods] of Object.entries(facade)) {
    for (const [name, declaration] of Object.entries(methods)) {
      const { operationId } = declaration;
      const gap = (write: string) => gaps.push({ api, name: `${group}.${name}`, operationId, write });
      const rules = allRules[operationId];
      if (!rules) {
        gap(`generated/${api}.rules.ts has no rules for it: run npm run generate`);
        continue;
      }
      const declared = [...declaration.args, ...(declaration.options ?? [])];
      const reads = readsOf(methods, declared);
      if (typeof reads === "string") {
        gap(reads);
        continue;
      }
      // The page number is left to the pager: never generated, never broken, in the whole query.
      const argumentsOf = (page?: Path) =>
        declared.map((argument, index) => ({
          ...argumentOf(api, operationId, rules, argument, argument.key || argument.in !== "query" ? undefined : page),
          ...(index >= declaration.args.length ? { optional: true } : {}),
        }));
      operations.push({
        api,
        name: `${group}.${name}`,
        operationId,
        args: argumentsOf(),
        options: "call",
        result: declaration.result ?? [],
        invoke: invokerOf(group, name, declaration),
        request: (args) => requestOf(operationId, rules, declared, args),
        ...(reads ? { reads } : {}),
      });
      if (declaration.paging) {
        const pagers = pagersOf(api, group, name, declaration, declaration.paging, rules, argumentsOf);
        if (typeof pagers === "string") gap(pagers);
        else operations.push(...pagers);
      }
    }
  }
  return operations;
}

/** pages() and items() of a paged method: its positional arguments, the page number the pager's. */
function pagersOf(
  api: ApiName,
  group: string,
  name: string,
  declaration: Declaration,
  paging: Paging,
  rules: Rules,
  argumentsOf: (omit?: Path) => Argument[],
): FacadeOperation[] | string {
  const { operationId, args } = declaration;
  const wholeQuery = args.some((argument) => argument.in === "query" && !argument.key);
  if (!wholeQuery || args.some((argument) => argument.in === "query" && argument.key === paging.page[0]))
    return "its page number is not in a whole-query argument: write its pagers in test/properties/operations.ts";
  const query = rules.query as JsonSchema | undefined;
  const firstPage = schemaAt(query, paging.page)?.minimum ?? 0;
  const defaultSize = schemaAt(query, paging.size)?.default as number | undefined;
  const request = (values: readonly unknown[], startPage: number | undefined): ExpectedRequest => {
    const sent = requestOf(operationId, rules, args, values);
    return { ...sent, query: withMember(sent.query, paging.page, startPage ?? firstPage) };
  };
  const lastPage = (page: unknown, values: readonly unknown[], number: number): unknown => {
    const size = (at(request(values, number).query, paging.size) as number | undefined) ?? defaultSize ?? 1;
    const items = ((at(page, paging.items) as unknown[] | undefined) ?? []).slice(0, size);
    const held = withMember(page, paging.items as string[], items);
    // The end as the page tells it: the items on all pages, or the last page's number.
    return "total" in paging.end
      ? withMember(held, paging.end.total as string[], (number - firstPage) * size + items.length)
      : withMember(held, paging.end.lastPage as string[], number);
  };
  const positional = argumentsOf(paging.page).slice(0, args.length);
  return (["pages", "items"] as const).map((kind) => {
    const iterator = paging.iterators?.[kind];
    const walk = { kind, ...(iterator ? { iterator } : {}) };
    return {
      api,
      name: iterator ? `${group}.${iterator}` : `${group}.${name}.${kind}`,
      operationId,
      args: positional,
      options: "paging",
      paging: kind,
      result: kind === "items" ? paging.items : [],
      pager: { firstPage, lastPage },
      invoke: async (client, values, options) => {
        const call = options === undefined ? [...values] : [...values, options];
        return drain(methodOf(client, group, name, walk)(...call) as AsyncIterable<unknown>);
      },
      request,
    };
  });
}

const derivationGaps: Gap[] = [];

export const recruboOperations: FacadeOperation[] = derive("recrubo", derivationGaps);
export const blynkOperations: FacadeOperation[] = derive("blynk", derivationGaps);
export const allOperations = [...recruboOperations, ...blynkOperations];

/** Declared methods left out of the lists above, each with what to write (test/spec/surfaces.test.ts reports them). */
export const gaps: readonly Gap[] = derivationGaps;

/**
 * Each operation as a `test.each` row, its label first (`%s`: vitest cuts a `$label` at 40
 * characters, which would leave two pagers of a long method's name alike).
 */
export function labelled(operations: readonly FacadeOperation[]): Array<[string, FacadeOperation]> {
  return operations.map((operation) => [`${operation.api} ${operation.name}`, operation]);
}

export function operationOf(specs: Specs, operation: FacadeOperation): Operation {
  return specs.operation(operation.api, operation.operationId);
}

/** Printable ASCII, in JSON: values a URL, a log and Prism carry unchanged. */
const plain = (value: unknown) => /^[\x20-\x7e]*$/.test(JSON.stringify(value) ?? "");

/**
 * Arguments a call is expected to succeed with, optional ones included: the spec's own examples
 * where it has them and they hold, otherwise plain values drawn from the argument's rule (with a
 * fixed seed, so that a contract test calls the same each time).
 */
export function exampleArguments(specs: Specs, operation: FacadeOperation): unknown[] {
  return operation.args.map((argument) => {
    const example = argument.example(specs);
    if (example !== undefined && argument.allowed(specs, example)) return example;
    const drawn = fc
      .sample(valid(argument.rule, { omit: argument.omit ?? [] }), { seed: 1, numRuns: 1000 })
      .find((value) => plain(value) && argument.allowed(specs, value));
    if (drawn === undefined)
      throw new Error(
        `${operation.api} ${operation.name}: no plain value of ${argument.field || "its argument"} drawn; add an example to its parameter or request body in openapi/${operation.api}`,
      );
    return drawn;
  });
}
