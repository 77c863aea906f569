// What the CLI and the MCP server share: the commands of both APIs, the clients their credentials
// make, and a command run with its fields. Everything here is generic over the generated commands;
// no operation is named.
import { commands as blynkCommands } from "../generated/blynk.commands.js";
import { facade as blynkFacade } from "../generated/blynk.facade.js";
import { commands as recruboCommands } from "../generated/recrubo.commands.js";
import { facade as recruboFacade } from "../generated/recrubo.facade.js";
import {
  type BlynkClientOptions,
  type CallOptions,
  createBlynkClient,
  createRecruboClient,
  type PagingOptions,
  type RecruboClientOptions,
} from "../src/index.js";

/** A JSON Schema, as the generated commands hold them. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A command of the generated tables (`generated/<api>.commands.ts`): a facade method with its fields as one JSON Schema. */
export interface Command {
  readonly name: string;
  readonly group: string;
  readonly method: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly evidence: string;
  readonly http: { readonly method: string; readonly path: string };
  readonly readOnly: boolean;
  readonly destructive: boolean;
  readonly idempotent: boolean;
  /** The method's arguments in order: one field's value, or an object of fields. */
  readonly args: ReadonlyArray<{ readonly field: string } | { readonly fields: readonly string[] }>;
  /** Fields the options argument carries. */
  readonly options: readonly string[];
  readonly input: JsonSchema & {
    readonly properties: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
  };
  readonly output?: JsonSchema;
  readonly paging?: {
    /** The field of the page number, which the pager sets. */
    readonly page: string;
    /** The group's method that walks the items. */
    readonly walk: string;
    readonly items: ReadonlyArray<string | number>;
    readonly total?: ReadonlyArray<string | number>;
    readonly lastPage?: ReadonlyArray<string | number>;
  };
  /** For a create that imports rows: how a row whose outcome is unknown is found again (`x-orgkit.import`). */
  readonly import?: {
    /** The paged command that finds a row. */
    readonly find: string;
    /** The find's fields, each set to a row's field. */
    readonly by: ReadonlyArray<{ readonly field: readonly string[]; readonly from: string }>;
    /** Members of a found item that must equal a row's field, where the row gives it. */
    readonly match: ReadonlyArray<{ readonly member: readonly string[]; readonly from: string }>;
    /** The member of a created or found item that identifies it. */
    readonly id: readonly string[];
  };
}

export const apis: Readonly<Record<"recrubo" | "blynk", { readonly commands: readonly Command[] }>> = {
  recrubo: { commands: recruboCommands },
  blynk: { commands: blynkCommands },
};

export type ApiName = keyof typeof apis;

/** Where the credentials come from: the environment only, never a flag (shell history, `ps`). */
export const environment = {
  recrubo: {
    baseUrl: "RECRUBO_BASE_URL",
    /** The partner key, for the management routes (`organizations`). */
    partnerKey: "RECRUBO_API_KEY",
    /** An organization's own key, for its standard routes (`organization`). */
    organizationKey: "RECRUBO_ORGANIZATION_KEY",
  },
  blynk: {
    baseUrl: "BLYNK_BASE_URL",
    clientId: "BLYNK_CLIENT_ID",
    clientSecret: "BLYNK_CLIENT_SECRET",
    accessToken: "BLYNK_ACCESS_TOKEN",
  },
} as const;

/** A credential the command needs and the environment lacks, named by its variable. */
export class MissingCredentialError extends Error {
  override name = "MissingCredentialError";
  constructor(readonly variables: readonly string[]) {
    super(`set ${variables.join(" or ")} in the environment (or an --env-file)`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The variables a command's credentials come from, in the order they are tried. */
export function credentialVariables(api: ApiName, command: Command): string[] {
  if (api === "blynk") {
    const { clientId, clientSecret, accessToken } = environment.blynk;
    return [`${clientId} and ${clientSecret}`, accessToken];
  }
  const { partnerKey, organizationKey } = environment.recrubo;
  return [command.group === "organization" ? organizationKey : partnerKey];
}

/**
 * The client for a command, its credentials from `env`; throws a `MissingCredentialError` naming
 * the variables when they are absent. `overrides` are client options of the caller's own (a
 * sandbox's fetch, a logger).
 */
export function clientFor(
  api: ApiName,
  command: Command,
  env: Env,
  overrides: Partial<BlynkClientOptions & RecruboClientOptions> = {},
) {
  const present = (name: string) => (env[name] ? env[name] : undefined);
  if (api === "blynk") {
    const { baseUrl, clientId, clientSecret, accessToken } = environment.blynk;
    const id = present(clientId);
    const secret = present(clientSecret);
    const token = present(accessToken);
    const auth = id && secret ? { clientId: id, clientSecret: secret } : token ? { accessToken: token } : undefined;
    if (!auth) throw new MissingCredentialError(credentialVariables(api, command));
    const base = present(baseUrl);
    return createBlynkClient({ auth, ...(base ? { baseUrl: base } : {}), ...overrides });
  }
  const variable = credentialVariables(api, command)[0]!;
  const apiKey = present(variable);
  if (!apiKey) throw new MissingCredentialError([variable]);
  const base = present(environment.recrubo.baseUrl);
  return createRecruboClient({ apiKey, ...(base ? { baseUrl: base } : {}), ...overrides });
}

type Client = ReturnType<typeof clientFor>;
type Method = (...args: unknown[]) => unknown;

/** The facade method's arguments, from the command's fields (`input`, already in their JSON types). */
export function argumentsOf(command: Command, input: Readonly<Record<string, unknown>>): unknown[] {
  const pick = (fields: readonly string[]) =>
    Object.fromEntries(fields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]));
  return command.args.map((argument) => ("field" in argument ? input[argument.field] : pick(argument.fields)));
}

function methodOf(client: Client, command: Command, name: string): Method {
  const group = (client as unknown as Record<string, Record<string, Method>>)[command.group]!;
  return group[name]!.bind(group);
}

/** Runs a command once: the facade method with the fields as its arguments, the call options last. */
export function run(
  client: Client,
  command: Command,
  input: Readonly<Record<string, unknown>>,
  call: CallOptions = {},
) {
  const options = { ...call, ...Object.fromEntries(command.options.map((field) => [field, input[field]])) };
  return methodOf(client, command, command.method)(...argumentsOf(command, input), options) as Promise<unknown>;
}

/**
 * Walks every page of a paged command with the client's pager, item by item. The page number is
 * the pager's, so it is left out of the fields; `options` are the pager's (`concurrency`,
 * `maxItems`, `signal`).
 */
export function runAll(
  client: Client,
  command: Command,
  input: Readonly<Record<string, unknown>>,
  options: PagingOptions = {},
): AsyncIterable<unknown> {
  if (!command.paging) throw new TypeError(`${command.name} does not page`);
  const { [command.paging.page]: page, ...fields } = input;
  // Recrubo's page is an object: its size stays, its number is the pager's.
  const rest = typeof page === "object" && page !== null ? { ...fields, page: withoutNumber(page) } : fields;
  const paged = command.name === `${command.group}.${command.method}` ? itemsOf(client, command) : undefined;
  return paged!(...argumentsOf(command, rest), options) as AsyncIterable<unknown>;
}

/**
 * Walks every page of a paged command with the client's pager, page by page, so that a caller can
 * tell how far it is (`pageFacts`). Like `runAll`, the page number is the pager's: a number the
 * fields give becomes the pager's `startPage` unless `options` sets one.
 */
export function runPages(
  client: Client,
  command: Command,
  input: Readonly<Record<string, unknown>>,
  options: PagingOptions = {},
): AsyncIterable<unknown> {
  const paging = facadePaging(command);
  const { [command.paging!.page]: page, ...fields } = input;
  const number = typeof page === "object" && page !== null ? (page as Record<string, unknown>)["number"] : page;
  const rest = typeof page === "object" && page !== null ? { ...fields, page: withoutNumber(page) } : fields;
  const start = typeof number === "number" && options.startPage === undefined ? { startPage: number } : {};
  const group = (client as unknown as Record<string, Record<string, Method & { pages?: Method }>>)[command.group]!;
  const pages = paging.iterators ? group[paging.iterators.pages]! : group[command.method]!.pages!;
  return pages.bind(group)(...argumentsOf(command, rest), { ...options, ...start }) as AsyncIterable<unknown>;
}

/** What one page of a paged command says: its items, and where the pages end as far as it tells. */
export interface PageFacts {
  items: readonly unknown[];
  /** The items on all pages, when the API says (Blynk's `totalElements`). */
  total?: number;
  /** The number of the last page, when the API says that instead (Recrubo's `meta.maxPage`). */
  lastPage?: number;
  /** The number of the first page (from the page parameter's `minimum`). */
  firstPage: number;
}

/** The facts of one page of a paged command, read where the generated tables say they are. */
export function pageFacts(command: Command, page: unknown): PageFacts {
  if (!command.paging) throw new TypeError(`${command.name} does not page`);
  const { items, total, lastPage } = command.paging;
  const found = at(page, items);
  const number = (steps: ReadonlyArray<string | number> | undefined) => {
    const value = steps ? at(page, steps) : undefined;
    return typeof value === "number" ? value : undefined;
  };
  const totalValue = number(total);
  const lastPageValue = number(lastPage);
  return {
    items: Array.isArray(found) ? found : [],
    ...(totalValue === undefined ? {} : { total: totalValue }),
    ...(lastPageValue === undefined ? {} : { lastPage: lastPageValue }),
    firstPage: firstPageOf(command),
  };
}

/** The lowest page number: the `minimum` of the page number's schema, as the pager reads it. */
export function firstPageOf(command: Command): number {
  let schema: JsonSchema | undefined = command.input;
  for (const step of facadePaging(command).page) {
    const properties = schema?.["properties"] as Record<string, JsonSchema> | undefined;
    schema = properties?.[step];
  }
  const minimum = schema?.["minimum"];
  return typeof minimum === "number" ? minimum : 0;
}

/** The facade's own paging entry of a command (the page number's steps, the iterators' names). */
function facadePaging(command: Command): {
  readonly page: readonly string[];
  readonly iterators?: { readonly items: string; readonly pages: string };
} {
  type Table = Readonly<
    Record<string, Readonly<Record<string, { readonly operationId: string; readonly paging?: unknown }>>>
  >;
  const tables: Readonly<Record<ApiName, Table>> = {
    recrubo: recruboFacade,
    blynk: blynkFacade,
  };
  const api = (Object.keys(apis) as ApiName[]).find((name) => apis[name].commands.includes(command));
  const paging = api ? tables[api][command.group]?.[command.method]?.paging : undefined;
  if (!paging) throw new TypeError(`${command.name} does not page`);
  return paging as { page: readonly string[]; iterators?: { items: string; pages: string } };
}

function at(value: unknown, steps: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function withoutNumber(page: object): object {
  const { number: _number, ...rest } = page as Record<string, unknown>;
  return rest;
}

/** The items iterator of a paged command: the group's (`organizations.items`) or the method's own. */
function itemsOf(client: Client, command: Command): Method {
  const group = (client as unknown as Record<string, Record<string, Method & { items?: Method }>>)[command.group]!;
  const own = group[command.method]?.items;
  return own ? own.bind(group) : group["items"]!.bind(group);
}
