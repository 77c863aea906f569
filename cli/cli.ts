// The command line: `orgkit <api> <resource> <method> [arguments] [flags]`, and `sandbox`,
// `completion`, `mcp`. Generic over the generated commands; `main.ts` gives it the process.
import { type Logger, ValidationError, VERSION } from "../src/index.js";
import {
  apiNames,
  type CliCommand,
  callOf,
  type Flag,
  findMethod,
  isPaged,
  kebab,
  methodsOf,
  resourcesOf,
} from "./commands.js";
import { completionScript, type Shell, shells } from "./completion.js";
import { type DryRequest, dryRun, requestText } from "./dry-run.js";
import { parseEnvFile } from "./env-file.js";
import { errorLine, exitCodeOf, exitCodes, UsageError } from "./exit.js";
import { coerce, type Format, type Globals, globalFlags, type Parsed, parseFlags, setAt } from "./flags.js";
import { apiHelp, methodHelp, resourceHelp, rootHelp, usageLine } from "./help.js";
import { runImport } from "./import.js";
import { Interrupted, type Io, OutputClosed, type Sink } from "./io.js";
import {
  issuedSecrets,
  leafPaths,
  listWriter,
  maskWithheld,
  objectText,
  project,
  schemaAt,
  secretNames,
  valuePaths,
} from "./output.js";
import { type Extent, Progress } from "./progress.js";
import { type ApiName, apis, clientFor, environment, type JsonSchema, pageFacts, run, runPages } from "./runtime.js";
import { didYouMean } from "./suggest.js";

/** The module of the MCP server, beside this one in the build (`dist/mcp/server.js`). */
export const mcpModule = new URL("./mcp/server.js", import.meta.url);

const builtins = ["sandbox", "completion", "mcp", "help"] as const;
const valueGlobals = new Set(
  Object.entries(globalFlags)
    .filter(([, flag]) => flag.type === "string")
    .map(([name]) => `--${name}`),
);

/** Runs one command line; resolves with the exit code. */
export async function runCli(io: Io): Promise<number> {
  try {
    return await dispatch(io);
  } catch (error) {
    const reason = io.signal.aborted ? io.signal.reason : undefined;
    if (reason instanceof OutputClosed) return exitCodes.ok;
    if (reason instanceof Interrupted) {
      await io.stderr.write("orgkit: interrupted\n");
      return exitCodes.interrupted;
    }
    await io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}

/**
 * The command words (`blynk organizations get`) and the rest, in order. A flag before the words
 * keeps its value with it, so that `--format json blynk ...` is read as meant.
 */
export function splitCommand(argv: readonly string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  let wanted = 1;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--") {
      rest.push(...argv.slice(index));
      break;
    }
    if (arg.startsWith("-")) {
      rest.push(arg);
      if (valueGlobals.has(arg) && index + 1 < argv.length) rest.push(argv[++index]!);
      continue;
    }
    if (words.length < wanted) {
      words.push(arg);
      if (words.length === 1)
        wanted = (apiNames as string[]).includes(arg) ? 3 : arg === "help" ? 4 : arg === "completion" ? 2 : 1;
    } else rest.push(arg);
  }
  return { words, rest };
}

async function dispatch(io: Io): Promise<number> {
  // The MCP server reads its own arguments, all of them.
  if (io.argv[0] === "mcp") return runMcp(io, io.argv.slice(1));
  const { words, rest } = splitCommand(io.argv);
  const width = Math.min(io.stdout.columns ?? 100, 100);
  const [first, ...more] = words;
  if (first === "help") return dispatch({ ...io, argv: [...more, "--help", ...rest] });
  if (first === undefined) {
    const { globals } = parseFlags(rest);
    if (globals.version) return print(io.stdout, `${VERSION}\n`);
    if (globals.help) return print(io.stdout, rootHelp(width));
    await io.stderr.write(rootHelp(width));
    return exitCodes.usage;
  }
  if (first === "completion") return completion(io, more[0], rest);
  if (first === "sandbox") {
    const { runSandbox } = await import("./sandbox-command.js");
    return runSandbox(io, rest);
  }
  if (!(apiNames as string[]).includes(first))
    throw new UsageError(`unknown command ${first}${didYouMean(first, [...apiNames, ...builtins])}; see orgkit --help`);
  const api = first as ApiName;
  const [resource, method] = more;
  if (resource === undefined) return helpOrUsage(io, rest, apiHelp(api, width), `orgkit ${api}: which resource?`);
  const resources = resourcesOf(api);
  if (!resources.includes(resource))
    throw new UsageError(
      `unknown resource ${api} ${resource}${didYouMean(resource, resources)}; see orgkit ${api} --help`,
    );
  if (method === undefined)
    return helpOrUsage(io, rest, resourceHelp(api, resource, width), `orgkit ${api} ${resource}: which method?`);
  const found = findMethod(api, resource, method);
  if (!found) {
    const names = methodsOf(api, resource).map((each) => each.method);
    throw new UsageError(
      `unknown method ${api} ${resource} ${method}${didYouMean(kebab(method), names)}; see orgkit ${api} ${resource} --help`,
    );
  }
  const parsed = parseFlags(rest, found);
  if (parsed.globals.help) return print(io.stdout, methodHelp(found, width));
  return found.use === "import" ? importFile(io, found, parsed) : runCommand(io, found, parsed);
}

async function print(sink: Sink, text: string): Promise<number> {
  await sink.write(text);
  return exitCodes.ok;
}

async function helpOrUsage(io: Io, rest: readonly string[], help: string, missing: string): Promise<number> {
  const { globals } = parseFlags(rest);
  if (globals.help) return print(io.stdout, help);
  await io.stderr.write(`${missing}\n\n${help}`);
  return exitCodes.usage;
}

async function completion(io: Io, shell: string | undefined, rest: readonly string[]): Promise<number> {
  const { globals } = parseFlags(rest);
  if (globals.help || shell === undefined) {
    const text = `Usage: orgkit completion ${shells.join("|")}\n\n  bash: eval "$(orgkit completion bash)" in ~/.bashrc\n  zsh:  eval "$(orgkit completion zsh)" in ~/.zshrc\n  fish: orgkit completion fish > ~/.config/fish/completions/orgkit.fish\n`;
    if (globals.help) return print(io.stdout, text);
    await io.stderr.write(text);
    return exitCodes.usage;
  }
  if (!(shells as readonly string[]).includes(shell))
    throw new UsageError(`no completion for ${shell}: ${shells.join(", ")}${didYouMean(shell, shells)}`);
  return print(io.stdout, completionScript(shell as Shell));
}

/**
 * `orgkit mcp ...`: the MCP server's own `main`, when this build has it. Its module is looked up
 * beside this one at run time, so that a build without it still runs every other command.
 */
async function runMcp(io: Io, args: string[]): Promise<number> {
  let server: { main(args: string[]): Promise<number> };
  try {
    server = (await import(mcpModule.href)) as typeof server;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const missing = code === "ERR_MODULE_NOT_FOUND" && typeof message === "string" && isMcpModule(message);
    if (!missing) throw error;
    await io.stderr.write("orgkit mcp: not available in this build\n");
    return exitCodes.failure;
  }
  return server.main(args);
}

/** Whether a module-not-found message is about the MCP server's module itself, not something it imports. */
function isMcpModule(message: string): boolean {
  const named = /Cannot find module '([^']+)'/.exec(message)?.[1];
  if (!named) return false;
  const path = decodeURIComponent(mcpModule.pathname);
  const stem = (name: string) => name.replace(/\.[cm]?[jt]s$/, "");
  return stem(named.replace(/^file:\/\//, "")) === stem(path);
}

/** The environment a command reads: the process's, over the `--env-file`'s (as Node's own --env-file). */
async function environmentOf(io: Io, globals: Globals): Promise<Record<string, string | undefined>> {
  if (!globals.envFile) return { ...io.env };
  let text: string;
  try {
    text = await io.readFile(globals.envFile);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(
      `--env-file ${globals.envFile}: cannot read it${typeof code === "string" ? ` (${code})` : ""}`,
    );
  }
  const fromFile = parseEnvFile(text, globals.envFile);
  const env: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(io.env)) if (value !== undefined) env[name] = value;
  return env;
}

/** The command's fields: `--input`'s object, then the flags over it, then the positionals. */
async function fieldsOf(io: Io, each: CliCommand, parsed: Parsed): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  if (parsed.globals.input !== undefined) {
    const source = parsed.globals.input;
    let text: string;
    try {
      text = source === "-" ? await io.readStdin() : await io.readFile(source);
    } catch {
      throw new UsageError(`--input ${source}: cannot read it`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`--input ${source}: not JSON`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new UsageError(`--input ${source}: not a JSON object of fields`);
    Object.assign(fields, value);
  }
  for (const flag of each.flags) {
    if (!parsed.given.has(flag.name)) continue;
    setAt(fields, flag.path, valueAt(parsed.fields, flag.path));
  }
  const { positionals } = parsed;
  if (positionals.length > each.positionals.length)
    throw new UsageError(
      `too many arguments (${positionals.slice(each.positionals.length).join(" ")}); usage: ${usageLine(each)}`,
    );
  for (const [index, flag] of each.positionals.entries()) {
    const typed = positionals[index];
    if (typed === undefined) {
      if (valueAt(fields, flag.path) === undefined)
        throw new UsageError(`missing <${flag.name}>; usage: ${usageLine(each)}`);
      continue;
    }
    if (parsed.given.has(flag.name))
      throw new UsageError(`<${flag.name}> is given twice (as an argument and as --${flag.name})`);
    setAt(fields, flag.path, coerce(flag, typed));
  }
  return fields;
}

function valueAt(value: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** The flag a validation issue's field came from: `page.size` → `--page.size`, a positional → `<id>`. */
function flagOfField(each: CliCommand): (field: string) => string {
  const pager: Readonly<Record<string, string>> = {
    concurrency: "--concurrency",
    maxItems: "--max-items",
    timeoutMs: "--timeout-ms",
    "retry.maxRetries": "--max-retries",
  };
  return (field) => {
    const [, base = field, index = ""] = /^(.*?)((?:\[\d+\])*)$/.exec(field) ?? [];
    if (each.positionals.some((flag) => flag.name === base)) return `<${base}>${index}`;
    if (each.flags.some((flag: Flag) => flag.name === base)) return `--${base}${index}`;
    if (field === "startPage")
      return `--${each.flags.find((flag) => flag.path[0] === each.command.paging?.page)?.name ?? "page"}`;
    return pager[field] ?? field;
  };
}

/** A logger writing each line to stderr (the console's debug and info go to stdout, among the output). */
function loggerOf(
  io: Io,
  globals: Globals,
  env: Readonly<Record<string, string | undefined>>,
  before: () => void,
): Logger | undefined {
  const levels = ["debug", "info", "warn", "error"] as const;
  const wanted = globals.verbose ? "debug" : env["ORGKIT_LOG"]?.trim().toLowerCase();
  if (!wanted) return undefined;
  const lowest = levels.indexOf(wanted as (typeof levels)[number]);
  if (lowest < 0) {
    void io.stderr.write(`orgkit: ORGKIT_LOG is not a level (${levels.join(", ")}); nothing is logged\n`);
    return undefined;
  }
  const at = (level: (typeof levels)[number]) => (message: string) => {
    if (levels.indexOf(level) < lowest) return;
    before();
    void io.stderr.write(`${message}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** The client options the CLI's own flags set: each attempt's time limit, the retries. */
function clientOptionsOf(globals: Globals): Record<string, unknown> {
  return {
    ...(globals.timeoutMs === undefined ? {} : { timeoutMs: globals.timeoutMs }),
    ...(globals.maxRetries === undefined ? {} : { retry: { maxRetries: globals.maxRetries } }),
  };
}

/** The item schema of a paged command's output, or the output's own schema. */
function shapeOf(each: CliCommand): { output: JsonSchema | undefined; item: JsonSchema | undefined } {
  const { output, paging } = each.command;
  return { output, item: paging ? schemaAt(output, [...paging.items, 0]) : output };
}

/** Refuses a `--fields` path the response schema does not have, with the closest ones. */
function checkFields(fields: readonly string[], schema: JsonSchema | undefined): void {
  if (!schema) return;
  const leaves = leafPaths(schema);
  const known = new Set(
    leaves.flatMap((path) => path.split(".").map((_, index, steps) => steps.slice(0, index + 1).join("."))),
  );
  for (const field of fields)
    if (!known.has(field))
      throw new UsageError(`--fields: the response has no ${field}${didYouMean(field, [...known])}`);
}

async function runCommand(io: Io, each: CliCommand, parsed: Parsed): Promise<number> {
  const { globals } = parsed;
  const { command } = each;
  if (globals.version) return print(io.stdout, `${VERSION}\n`);
  for (const [flag, value] of [
    ["--concurrency", globals.concurrency],
    ["--max-items", globals.maxItems],
  ] as const)
    if (value !== undefined && !globals.all) throw new UsageError(`${flag} goes with --all`);
  if (globals.fields) checkFields(globals.fields, shapeOf(each).item);
  const env = await environmentOf(io, globals);
  const fields = await fieldsOf(io, each, parsed);

  // The progress line, while --all draws one: wiped before a log line is written under it.
  const terminal: { progress?: Progress } = {};
  const logger = loggerOf(io, globals, env, () => terminal.progress?.clear());
  const overrides = clientOptionsOf(globals);
  const { client, unsent } = await clientOf(each, env, globals, overrides, logger);
  try {
    const format: Format = globals.format ?? (io.stdout.isTTY ? "table" : isPaged(command) ? "ndjson" : "json");
    if (globals.all) await exportAll(io, each, client, fields, globals, format, terminal);
    else await printResult(io, each, await run(client, command, fields, { signal: io.signal }), format, globals.fields);
    return exitCodes.ok;
  } catch (error) {
    const request = unsent(error);
    if (request) {
      const format = globals.format ?? (io.stdout.isTTY ? "table" : "json");
      return print(
        io.stdout,
        format === "table" || format === "csv" ? requestText(request) : objectText(request, format, []),
      );
    }
    if (io.signal.aborted) {
      // Ctrl-C: the figures so far stay on the terminal, and runCli says it was interrupted.
      terminal.progress?.finish();
      throw error;
    }
    terminal.progress?.clear();
    await io.stderr.write(`${errorLine(error, flagOfField(each))}\n`);
    return exitCodeOf(error);
  }
}

/** `import FILE`: the file's rows given to the create, each once (see import.ts). */
async function importFile(io: Io, each: CliCommand, parsed: Parsed): Promise<number> {
  const { globals } = parsed;
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) throw new UsageError(`missing FILE; usage: ${usageLine(each)}`);
  if (extra.length > 0) throw new UsageError(`too many arguments (${extra.join(" ")}); usage: ${usageLine(each)}`);
  const create = callOf(each);
  const env = await environmentOf(io, globals);
  const terminal: { progress?: Progress } = {};
  const logger = loggerOf(io, globals, env, () => terminal.progress?.clear());
  const overrides = clientOptionsOf(globals);
  // Rows are checked by the client's own validation, through a dry run's client: nothing is sent.
  const dry = await clientOf(create, env, { ...globals, dryRun: true }, overrides, logger);
  const check = async (fields: Readonly<Record<string, unknown>>) => {
    try {
      await run(dry.client, each.command, fields);
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      if (!dry.unsent(error)) throw error;
    }
    return [];
  };
  return runImport({
    each,
    create,
    file,
    format: globals.format ?? (io.stdout.isTTY ? "table" : "ndjson"),
    validateOnly: globals.validateOnly,
    skipInvalid: globals.skipInvalid,
    tokens: globals.tokens,
    client: async () => (await clientOf(create, env, globals, overrides, logger)).client,
    check,
    stdout: io.stdout,
    stderr: io.stderr,
    signal: io.signal,
    now: io.now,
    readFile: io.readFile,
    terminal,
  });
}

/**
 * `--all`: every page through the client's pager, each page's items written as they come (memory
 * flat however many there are), with a progress line on stderr when it is a terminal.
 */
async function exportAll(
  io: Io,
  each: CliCommand,
  client: Parameters<typeof runPages>[0],
  fields: Record<string, unknown>,
  globals: Globals,
  format: Format,
  terminal: { progress?: Progress },
): Promise<void> {
  const { command } = each;
  const { item } = shapeOf(each);
  // Off a terminal (--format table into a file) there is no width to fit.
  const columns = globals.fields ?? columnsOf(format, item, undefined);
  const writer = listWriter(format, columns, io.stdout.columns ?? Number.POSITIVE_INFINITY);
  if (io.stderr.isTTY && !globals.dryRun)
    terminal.progress = new Progress({ write: (text) => void io.stderr.write(text), now: io.now });
  const { progress } = terminal;
  // Output and progress on one terminal: the line is wiped before rows are written under it.
  const beforeOutput = () => {
    if (io.stdout.isTTY) progress?.clear();
  };
  const max = globals.maxItems ?? Number.POSITIVE_INFINITY;
  let read = 0;
  let pageSize = 0;
  let extent: Extent | undefined;
  const pages = runPages(client, command, fields, {
    ...(globals.concurrency === undefined ? {} : { concurrency: globals.concurrency }),
    ...(globals.maxItems === undefined ? {} : { maxItems: globals.maxItems }),
    signal: io.signal,
  });
  for await (const page of pages) {
    const facts = pageFacts(command, page);
    // The pager stops requesting at the page holding the last item wanted; the rest of it is cut here.
    const items = facts.items.slice(0, Math.max(0, max - read));
    read += items.length;
    pageSize ||= facts.items.length;
    extent = extentOf(facts, pageSize, max) ?? extent;
    const text = writer.rows(items.map((value) => shown(value, item, globals.fields)));
    beforeOutput();
    await io.stdout.write(text);
    progress?.update(read, extent);
    if (read >= max) break;
  }
  beforeOutput();
  await io.stdout.write(writer.end());
  progress?.finish();
}

/** What is known of the end from a page: the total, or an estimate from the last page's number. */
function extentOf(facts: ReturnType<typeof pageFacts>, pageSize: number, max: number): Extent | undefined {
  const capped = (total: number, estimated: boolean) => ({
    total: Math.min(total, max),
    estimated: estimated && total < max,
  });
  if (facts.total !== undefined) return capped(facts.total, false);
  if (facts.lastPage !== undefined && pageSize > 0) {
    const pages = facts.lastPage - facts.firstPage + 1;
    return pages <= 1 ? capped(facts.items.length, false) : capped(pages * pageSize, true);
  }
  return undefined;
}

/** An item or object as printed: withheld secrets masked, only `--fields` when given. */
function shown(value: unknown, schema: JsonSchema | undefined, fields: readonly string[] | undefined): unknown {
  const masked = maskWithheld(value, schema);
  return fields ? project(masked, fields) : masked;
}

function columnsOf(format: Format, schema: JsonSchema | undefined, sample: unknown): string[] {
  const fromSchema = leafPaths(schema, format === "table");
  return fromSchema.length > 0 ? fromSchema : valuePaths(sample);
}

async function printResult(
  io: Io,
  each: CliCommand,
  result: unknown,
  format: Format,
  fields: readonly string[] | undefined,
) {
  if (result === undefined) {
    if (io.stderr.isTTY) await io.stderr.write(`orgkit: ${each.resource} ${each.method}: done\n`);
    return;
  }
  const shape = shapeOf(each);
  if (each.command.paging) {
    const facts = pageFacts(each.command, result);
    if (format === "json") {
      // The page as the API answers it, its items masked (and cut to --fields).
      const items = facts.items.map((item) => shown(item, shape.item, fields));
      const page = maskWithheld(result, shape.output) as Record<string, unknown>;
      const steps = each.command.paging.items;
      const copy = structuredClone(page);
      setAt(copy, steps.map(String), items);
      await io.stdout.write(`${JSON.stringify(copy, null, 2)}\n`);
      return;
    }
    const columns = fields ?? columnsOf(format, shape.item, facts.items[0]);
    const writer = listWriter(format, columns, io.stdout.columns ?? Number.POSITIVE_INFINITY);
    await io.stdout.write(writer.rows(facts.items.map((item) => shown(item, shape.item, fields))) + writer.end());
    if (io.stderr.isTTY && facts.items.length > 0) {
      const more =
        facts.total !== undefined
          ? `${facts.total} in all`
          : facts.lastPage !== undefined
            ? `last page ${facts.lastPage}`
            : "";
      await io.stderr.write(`orgkit: ${facts.items.length} items${more ? ` (${more})` : ""}; --all for every page\n`);
    }
    return;
  }
  const value = shown(result, shape.output, fields);
  const paths = fields ?? (format === "csv" ? columnsOf(format, shape.output, value) : valuePaths(value));
  await io.stdout.write(objectText(value, format, paths));
  const issued = issuedSecrets(result, shape.output);
  if (issued.length > 0)
    await io.stderr.write(
      `orgkit: ${issued.join(", ")} above is a secret the API shows this once: store it now (a password manager, a secret store); it cannot be read again\n`,
    );
}

/** The client a command runs with: a dry run's, the in-process sandbox's, or the environment's. */
async function clientOf(
  each: CliCommand,
  env: Readonly<Record<string, string | undefined>>,
  globals: Globals,
  overrides: Record<string, unknown>,
  logger: Logger | undefined,
) {
  const { api, command } = each;
  const none = (_error: unknown): DryRequest | undefined => undefined;
  if (globals.dryRun) {
    // Placeholder credentials, so that a dry run needs none and no token request is made.
    const names = environment[api];
    const dryEnv: Record<string, string | undefined> = { [names.baseUrl]: env[names.baseUrl] };
    for (const name of Object.values(names)) if (name !== names.baseUrl) dryEnv[name] = "dry-run";
    if (api === "blynk") {
      dryEnv[environment.blynk.clientId] = undefined;
      dryEnv[environment.blynk.clientSecret] = undefined;
    }
    const secrets = secretNames(apis[api].commands.flatMap((each) => [each.output, each.input]));
    const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
    const { fetch, unsent } = dryRun(secrets);
    return { client: clientFor(api, command, dryEnv, { ...overrides, fetch, logger: silent }), unsent };
  }
  const withLogger = logger ? { ...overrides, logger } : overrides;
  if (globals.sandbox) {
    const { createSandbox } = await import("../src/sandbox/index.js");
    const sandbox = createSandbox();
    const sandboxEnv: Record<string, string | undefined> = {
      [environment.recrubo.partnerKey]: sandbox.credentials.recrubo.apiKey,
      [environment.recrubo.organizationKey]: sandbox.recrubo.organizations()[0]?.token,
      [environment.blynk.clientId]: sandbox.credentials.blynk.clientId,
      [environment.blynk.clientSecret]: sandbox.credentials.blynk.clientSecret,
    };
    return { client: clientFor(api, command, sandboxEnv, { ...withLogger, fetch: sandbox.fetch }), unsent: none };
  }
  return { client: clientFor(api, command, env, withLogger), unsent: none };
}
