// The facade of one API, generated from the `x-orgkit` declarations of its spec (documented in
// openapi/README.md): the table the client binds its methods from, and the interfaces that type
// them. A declaration that is missing or malformed stops the generator, naming the operation.
import type { Api } from "./apis.js";
import { type OperationEntry, operationEntries } from "./operations.js";
import type { SpecDocument } from "./spec.js";
import { type TypeNames, typeNames } from "./type-names.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A generated facade method: what `src/internal/facade.ts` binds (its `Operation`). */
export interface FacadeMethod {
  group: string;
  name: string;
  operationId: string;
  args: Argument[];
  options: Argument[];
  result: Array<string | number> | undefined;
  paging: Paging | undefined;
  entry: OperationEntry;
}

interface Argument {
  /** The parameter's name in errors; none for an object whose members are the fields. */
  name: string | undefined;
  /** Its name in the method's signature. */
  label: string;
  /** For a whole query: the parameters other arguments hold. */
  without?: string[];
  in: "path" | "query" | "body";
  key?: string;
  at?: string[];
  fallback?: { method: string; field: string };
  /** The TypeScript type of the argument. */
  type: string;
  optional: boolean;
}

interface Paging {
  page: string[];
  size: string[];
  items: Array<string | number>;
  end: { total: Array<string | number> } | { lastPage: Array<string | number> };
  iterators?: { items: string; pages: string };
}

/** Every facade method of a spec, in the spec's order; throws on a missing or malformed declaration. */
export function facadeMethods(spec: SpecDocument): FacadeMethod[] {
  const methods: FacadeMethod[] = [];
  const problems: string[] = [];
  for (const entry of operationEntries(spec)) {
    const where = `${entry.method.toUpperCase()} ${entry.path} (${entry.operationId})`;
    try {
      const method = facadeMethod(entry);
      if (method) methods.push(method);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  const seen = new Set<string>();
  for (const { group, name, paging } of methods) {
    const names = [name, ...(paging?.iterators ? [paging.iterators.items, paging.iterators.pages] : [])];
    for (const taken of names.map((method) => `${group}.${method}`)) {
      if (seen.has(taken)) problems.push(`${taken} is declared twice`);
      seen.add(taken);
    }
  }
  if (problems.length > 0) throw new Error(`x-orgkit in the spec:\n${problems.map((line) => `  ${line}`).join("\n")}`);
  return methods;
}

function facadeMethod(entry: OperationEntry): FacadeMethod | undefined {
  const declared = entry.operation["x-orgkit"] as JsonObject | undefined;
  if (declared === undefined) {
    throw new Error(
      "has no x-orgkit: declare its facade method (method, args), or `raw: <why>` for one reached through `raw` only",
    );
  }
  if (!isObject(declared)) throw new Error("x-orgkit must be an object");
  if (typeof declared["raw"] === "string" || typeof declared["internal"] === "string") return undefined;
  const method = text(declared["method"], "method");
  const [group, name, ...rest] = method.split(".");
  if (!group || !name || rest.length > 0) throw new Error(`method must be <group>.<name>, got ${method}`);
  const args = list(declared["args"], "args").map((given) => argument(entry, given, false));
  const options = list(declared["options"], "options").map((given) => argument(entry, given, true));
  // A whole query beside single query parameters holds the rest of the query.
  const singles = [...args, ...options].filter((one) => one.in === "query" && one.key).map((one) => one.key!);
  for (const whole of args.filter((one) => one.in === "query" && !one.key && singles.length > 0)) {
    whole.type = `Omit<${whole.type}, ${singles.map((key) => `"${key}"`).join(" | ")}>`;
    whole.without = singles;
  }
  const result = declared["result"] === undefined ? undefined : steps(text(declared["result"], "result"));
  const paging = declared["paging"] === undefined ? undefined : pagingOf(entry, declared["paging"], group);
  return { group, name, operationId: entry.operationId, args, options, result, paging, entry };
}

function argument(entry: OperationEntry, given: Json, option: boolean): Argument {
  const declared = typeof given === "string" ? { from: given } : given;
  if (!isObject(declared)) throw new Error(`an argument must be a string or { from, name, fallback }`);
  const from = text(declared["from"], "an argument's from");
  const [location, ...path] = from.split(".");
  const operation = entry.operationId;
  const single = location !== "body" && path.length === 1;
  const label =
    typeof declared["name"] === "string"
      ? declared["name"]
      : (path.at(-1) ?? (location === "query" ? "params" : "body"));
  const fallback = declared["fallback"] === undefined ? undefined : text(declared["fallback"], "fallback");
  if (option && !single) throw new Error(`an option argument is one parameter: ${from}`);
  const base = {
    name: single ? label : undefined,
    label,
    ...(fallback ? { fallback: fallbackOf(fallback, path.at(-1)!) } : {}),
  };
  if (location === "query" || location === "path") {
    const parameters = entry.parameters.filter((parameter) => parameter.in === location);
    if (path.length === 0) {
      if (location === "path") throw new Error("a path argument names its parameter: path.<name>");
      const optional = !parameters.some((parameter) => parameter.required);
      const query = `operations["${operation}"]["parameters"]["query"]`;
      return { ...base, in: "query", type: optional ? `NonNullable<${query}>` : query, optional };
    }
    if (path.length !== 1) throw new Error(`${from}: a parameter is named by one step`);
    const parameter = parameters.find((candidate) => candidate.name === path[0]);
    if (!parameter) throw new Error(`${from}: the operation has no ${location} parameter ${path[0]}`);
    const type = `NonNullable<operations["${operation}"]["parameters"]["${location}"]>["${path[0]}"]`;
    return { ...base, in: location, key: path[0]!, type, optional: option };
  }
  if (location !== "body") throw new Error(`${from}: an argument comes from query, path or body`);
  const media = entry.requestMedia;
  if (!media) throw new Error(`${from}: the operation has no request body`);
  if (path.length > 0 && schemaAt(media.schema, path) === undefined)
    throw new Error(`${from}: the body has no ${path.join(".")}`);
  const type = `NonNullable<operations["${operation}"]["requestBody"]>["content"]["${media.type}"]${path.map((step) => `["${step}"]`).join("")}`;
  return { ...base, in: "body", ...(path.length > 0 ? { at: path } : {}), type, optional: option };
}

function fallbackOf(method: string, field: string): { method: string; field: string } {
  const [, name] = method.split(".");
  if (!name) throw new Error(`fallback must be <group>.<method>, got ${method}`);
  return { method: name, field };
}

/** The total a paging declares beside its last page, which the surfaces report (the pager needs one). */
export const counted = new WeakMap<Paging["end"], Array<string | number> | undefined>();

function pagingOf(entry: OperationEntry, given: Json, group: string): Paging {
  if (!isObject(given)) throw new Error("paging must be an object");
  const page = steps(text(given["page"], "paging.page")) as string[];
  const size = steps(text(given["size"], "paging.size")) as string[];
  for (const [what, path] of [
    ["page", page],
    ["size", size],
  ] as const) {
    const parameter = entry.parameters.find((candidate) => candidate.in === "query" && candidate.name === path[0]);
    const rule = parameter && schemaAt(parameter.schema, path.slice(1));
    if (!rule) throw new Error(`paging.${what}: the query has no ${path.join(".")}`);
    if (what === "page" && typeof rule["minimum"] !== "number")
      throw new Error("paging.page: the page parameter needs a minimum, the first page");
    if (what === "size" && typeof rule["default"] !== "number")
      throw new Error("paging.size: the size parameter needs a default, the size asked for when none is given");
  }
  const items = steps(text(given["items"], "paging.items"));
  // With both, the pager trusts the last page: the server counts its pages in the size it serves.
  const total = given["total"] === undefined ? undefined : steps(text(given["total"], "paging.total"));
  const end =
    given["lastPage"] !== undefined
      ? { lastPage: steps(text(given["lastPage"], "paging.lastPage")) }
      : total && { total };
  if (!end) throw new Error("paging needs total (the items on all pages) or lastPage (the last page's number)");
  counted.set(end, total);
  const iterators = given["iterators"];
  if (iterators === undefined) return { page, size, items, end };
  if (!isObject(iterators)) throw new Error("paging.iterators must be { items, pages }");
  const named = (key: "items" | "pages") => {
    const [owner, name, ...rest] = text(iterators[key], `paging.iterators.${key}`).split(".");
    if (owner !== group || !name || rest.length > 0) throw new Error(`paging.iterators.${key} must be ${group}.<name>`);
    return name;
  };
  return { page, size, items, end, iterators: { items: named("items"), pages: named("pages") } };
}

/** The TypeScript module of one API's facade table: what the client binds each method from. */
export function renderFacade(api: Api, spec: SpecDocument, methods: FacadeMethod[]): string {
  const table = Object.fromEntries(
    [...byGroup(spec, methods)].map(([group, members]) => [
      group,
      Object.fromEntries(members.map((method) => [method.name, tableEntry(method)])),
    ]),
  );
  return `${header(api)}import type { Operation } from "../src/internal/facade.js";

/** Each group's methods: the operation each performs, and where its arguments go. */
export const facade = ${JSON.stringify(table, null, 2)} as const satisfies Record<string, Record<string, Operation>>;
`;
}

/** The TypeScript module of one API's public types: the spec's names for its types, and each group's interface. */
export function renderTypes(api: Api, spec: SpecDocument, methods: FacadeMethod[], bundled: SpecDocument): string {
  const names = typeNames(bundled, (key) => expressionOf(key, methods));
  const groups = groupsOf(spec);
  const interfaces = [...byGroup(spec, methods)].map(([group, members]) => {
    const { interface: name, description } = groups[group]!;
    return `${doc(description, "")}export interface ${name} {\n${members.flatMap((method) => signatures(method, names)).join("\n")}\n}\n`;
  });
  // For the reference: `@interface` makes TypeDoc list an object's fields with the spec's words,
  // `@useDeclaredType` show the type itself rather than the generated index path.
  const aliases = names.declared.map(
    (type) =>
      `${doc(type.description, type.object ? "@interface" : "@useDeclaredType")}export type ${type.name} = ${type.expression};\n`,
  );
  return `${header(api)}import type { CallOptions } from "../src/options.js";
import type { PagingOptions } from "../src/paging/pager.js";
import type { components, operations } from "./${api.name}.js";

${aliases.join("")}
${interfaces.join("\n")}`;
}

function header(api: Api): string {
  return `/**
 * This file was generated by orgkit's generator from ${api.spec}.
 * Do not make direct changes to the file: edit the spec and run \`npm run generate\`.
 */
`;
}

function byGroup(spec: SpecDocument, methods: FacadeMethod[]): Map<string, FacadeMethod[]> {
  const groups = groupsOf(spec);
  const grouped = new Map<string, FacadeMethod[]>();
  for (const method of methods) {
    if (!groups[method.group])
      throw new Error(`x-orgkit: ${method.group} is not a group of the spec's x-orgkit.groups`);
    grouped.set(method.group, [...(grouped.get(method.group) ?? []), method]);
  }
  return grouped;
}

/** The TypeScript a type key stands for (see openapi/README.md, `x-orgkit.types`). */
function expressionOf(key: string, methods: FacadeMethod[]): string {
  const [first, ...rest] = key.split(".");
  if (first === "schemas") return `components["schemas"]["${rest.join(".")}"]`;
  const method = methods.find((candidate) => candidate.operationId === first);
  if (!method) throw new Error(`x-orgkit.types: ${key} names no operation of a facade method`);
  const query = `NonNullable<operations["${first}"]["parameters"]["query"]>`;
  if (rest[0] === "query" && rest.length === 1) return query;
  if (rest[0] === "paging" && rest.length === 1 && method.paging) return withoutPage(query, method.paging.page);
  const media = method.entry.requestMedia;
  if (rest[0] === "body" && media) {
    return `NonNullable<operations["${first}"]["requestBody"]>["content"]["${media.type}"]${rest
      .slice(1)
      .map((step) => `["${step}"]`)
      .join("")}`;
  }
  throw new Error(`x-orgkit.types: ${key} is not schemas.<name>, <operationId>.query, .paging or .body.<member>`);
}

function groupsOf(spec: SpecDocument): Record<string, { interface: string; description: string }> {
  const declared = (spec as JsonObject)["x-orgkit"];
  const groups = isObject(declared) ? declared["groups"] : undefined;
  if (!isObject(groups)) throw new Error("x-orgkit.groups: the spec names no facade groups");
  return Object.fromEntries(
    Object.entries(groups).map(([group, value]) => {
      if (!isObject(value)) throw new Error(`x-orgkit.groups.${group} must be { interface, description }`);
      return [
        group,
        {
          interface: text(value["interface"], `${group}.interface`),
          description: text(value["description"], `${group}.description`),
        },
      ];
    }),
  );
}

function tableEntry(method: FacadeMethod): JsonObject {
  const argumentOf = ({ type: _type, optional: _optional, label: _label, ...runtime }: Argument) =>
    JSON.parse(JSON.stringify(runtime)) as JsonObject;
  return JSON.parse(
    JSON.stringify({
      operationId: method.operationId,
      args: method.args.map(argumentOf),
      ...(method.options.length > 0 ? { options: method.options.map(argumentOf) } : {}),
      ...(method.result ? { result: method.result } : {}),
      ...(method.paging ? { paging: method.paging } : {}),
    }),
  ) as JsonObject;
}

/** The method's signature, and those of its iterators, with its JSDoc; types named as the spec names them. */
function signatures(method: FacadeMethod, names: TypeNames): string[] {
  const { entry, paging, operationId } = method;
  const named = (key: string | undefined, fallback: string) => (key && names.nameOf(key)) ?? fallback;
  const typeOf = (argument: Argument, pager = false): string => {
    if (argument.in !== "body" && argument.key) {
      const schema = names.schemaAt(operationId, { parameter: argument.key }, []);
      return named(names.componentOf(schema), argument.type);
    }
    if (argument.in === "query") {
      if (argument.without) return pager && paging ? withoutPage(argument.type, paging.page) : argument.type;
      return pager && paging
        ? named(`${operationId}.paging`, withoutPage(argument.type, paging.page))
        : named(`${operationId}.query`, argument.type);
    }
    const at = argument.at ?? [];
    const declared = at.length > 0 ? names.nameOf(`${operationId}.body.${at.join(".")}`) : undefined;
    return declared ?? named(names.componentOf(names.schemaAt(operationId, "body", at)), argument.type);
  };
  const parameter = (argument: Argument, pager = false) =>
    `${argument.label}${argument.optional ? "?" : ""}: ${typeOf(argument, pager)}`;
  const options =
    method.options.length === 0
      ? "CallOptions"
      : `CallOptions & { ${method.options.map((option) => `${option.label}?: ${typeOf(option)}`).join("; ")} }`;
  const steps = method.result ?? [];
  const response = entry.responseMedia
    ? named(names.componentOf(names.schemaAt(operationId, "response", steps)), responseType(method))
    : "void";
  const see = `@see ${operationId} in openapi`;
  const lines = [
    `${doc(summaryOf(entry), see, "  ")}  ${method.name}(${[...method.args.map((argument) => parameter(argument)), `options?: ${options}`].join(", ")}): Promise<${response}>;`,
  ];
  if (!paging) return lines;
  const itemSchema = names.schemaAt(operationId, "response", [...steps, ...paging.items, 0]);
  const itemFallback = `${responseType(method)}${paging.items.map((step) => `["${step}"]`).join("")}[number]`;
  const walk = `(${[...method.args.map((argument) => parameter(argument, true)), "options?: PagingOptions"].join(", ")})`;
  const items = {
    summary: `Every item of ${method.name}, page after page, in order.`,
    type: named(names.componentOf(itemSchema), itemFallback),
  };
  const pages = { summary: `Every page of ${method.name}, in order.`, type: response };
  if (paging.iterators) {
    const iterator = (name: string, { summary, type }: typeof items) =>
      `${doc(summary, see, "  ")}  ${name}${walk}: AsyncIterable<${type}>;`;
    return [...lines, iterator(paging.iterators.items, items), iterator(paging.iterators.pages, pages)];
  }
  // Without iterators of the group's, the method carries its own: subOrganizations.items(...).
  const call = lines[0]!
    .replace(`  ${method.name}(`, `  ${method.name}: ((`)
    .replace(/\): Promise<(.*)>;$/, ") => Promise<$1>)");
  return [
    `${call} & {\n    /** ${items.summary} */\n    items${walk}: AsyncIterable<${items.type}>;\n    /** ${pages.summary} */\n    pages${walk}: AsyncIterable<${pages.type}>;\n  };`,
  ];
}

function responseType(method: FacadeMethod): string {
  const media = method.entry.responseMedia;
  if (!media) return "void";
  const base = `operations["${method.operationId}"]["responses"][${media.status}]["content"]["${media.type}"]`;
  return `${base}${(method.result ?? []).map((step) => (typeof step === "number" ? `[${step}]` : `["${step}"]`)).join("")}`;
}

/** The query type with the page number left out: the pager sets it. */
function withoutPage(query: string, page: string[]): string {
  if (page.length === 1) return `Omit<${query}, "${page[0]}">`;
  const [outer, inner] = page;
  return `Omit<${query}, "${outer}"> & { ${outer}?: Omit<NonNullable<${query}["${outer}"]>, "${inner}"> }`;
}

/** The summary and the description's first paragraph, which the reference shows too. */
function summaryOf(entry: OperationEntry): string {
  const first =
    entry.description
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, " ")
      .trim() ?? "";
  return first.startsWith("**Evidence") ? `${entry.summary}.` : `${entry.summary}. ${first}`;
}

function doc(text: string, tag: string, indent = ""): string {
  const words = `${text}${tag ? ` ${tag}` : ""}`.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && `${line} ${word}`.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((text) => `${indent} * ${text.replaceAll("*/", "*\\/")}`).join("\n")}\n${indent} */\n`;
}

function steps(path: string): Array<string | number> {
  return path.split(".").map((step) => (/^\d+$/.test(step) ? Number(step) : step));
}

function schemaAt(schema: JsonObject, path: ReadonlyArray<string | number>): JsonObject | undefined {
  let current: JsonObject | undefined = schema;
  for (const step of path) {
    const properties: Json | undefined = current?.["properties"];
    current =
      isObject(properties) && isObject(properties[String(step)]) ? (properties[String(step)] as JsonObject) : undefined;
  }
  return current;
}

function list(value: Json | undefined, what: string): Json[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

function text(value: Json | undefined, what: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`${what} must be a string`);
  return value;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
