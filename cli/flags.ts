// The command line's own flags, and the parsing of a command's: Node's util.parseArgs, so that a
// library user who never runs the CLI installs no argument parser. Values are coerced by the
// field's JSON Schema type; whether they are valid is the client's validation to say.
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { CliCommand, Flag, Use } from "./commands.js";
import { UsageError } from "./exit.js";
import { didYouMean } from "./suggest.js";

type GlobalFlag = {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's name in help (`N`, `PATH`). */
  readonly value?: string;
  readonly description: string;
  /** Where it applies: everywhere (the root's help too), or only to the kinds of command listed. */
  readonly scope: "everywhere" | readonly Use[];
};

/** The CLI's own flags, kebab-case so that none meets a field the spec spells in camelCase. */
export const globalFlags = {
  help: { type: "boolean", short: "h", description: "show help for the command at hand", scope: "everywhere" },
  version: { type: "boolean", description: "print orgkit's version", scope: "everywhere" },
  format: {
    type: "string",
    value: "json|ndjson|csv|table",
    description:
      "output format (default: a table on a terminal; otherwise NDJSON for a list, JSON for a single object)",
    scope: ["call", "import"],
  },
  fields: {
    type: "string",
    value: "a,b.c",
    description: "the fields to print, dotted for nested ones (attributes.name)",
    scope: ["call"],
  },
  all: { type: "boolean", description: "walk every page, streaming the items", scope: ["paged"] },
  concurrency: {
    type: "string",
    value: "N",
    description: "with --all: pages requested at once (default 1)",
    scope: ["paged"],
  },
  "max-items": { type: "string", value: "N", description: "with --all: stop after N items", scope: ["paged"] },
  "dry-run": {
    type: "boolean",
    description: "print the request that would be sent (Authorization masked) and send nothing",
    scope: ["call"],
  },
  input: {
    type: "string",
    value: "FILE",
    description: "read fields from a JSON object in FILE (- for stdin); flags override its members",
    scope: ["call"],
  },
  "env-file": {
    type: "string",
    value: "PATH",
    description: "read credentials from KEY=value lines (the environment wins where both set one)",
    scope: ["call", "import"],
  },
  sandbox: {
    type: "boolean",
    description: "run against an in-process sandbox with its own credentials: no account, no network",
    scope: ["call", "import"],
  },
  "timeout-ms": {
    type: "string",
    value: "MS",
    description: "time limit of each attempt (default 30000)",
    scope: ["call", "import"],
  },
  "max-retries": {
    type: "string",
    value: "N",
    description: "retries after a failed attempt, where retrying is safe (default 2)",
    scope: ["call", "import"],
  },
  verbose: {
    type: "boolean",
    description: "log each attempt on stderr, secrets masked (as ORGKIT_LOG=debug)",
    scope: "everywhere",
  },
  "validate-only": {
    type: "boolean",
    description: "check every row and report, create nothing",
    scope: ["import"],
  },
  "skip-invalid": {
    type: "boolean",
    description: "import the valid rows when some are invalid (by default nothing is created then)",
    scope: ["import"],
  },
  tokens: {
    type: "string",
    value: "FILE",
    description: "where the secrets a create shows once are kept, one JSON line per row (mode 0600)",
    scope: ["import"],
  },
} as const satisfies Record<string, GlobalFlag>;

export type GlobalName = keyof typeof globalFlags;

/** Whether a flag applies to a kind of command (a paged call takes the flags of any call too). */
export function applies(name: GlobalName, use: Use): boolean {
  const scope: GlobalFlag["scope"] = globalFlags[name].scope;
  return scope === "everywhere" || scope.includes(use) || (use === "paged" && scope.includes("call"));
}

/** What the command line's own flags say. */
export interface Globals {
  help: boolean;
  version: boolean;
  format?: Format;
  fields?: string[];
  all: boolean;
  concurrency?: number;
  maxItems?: number;
  dryRun: boolean;
  input?: string;
  envFile?: string;
  sandbox: boolean;
  timeoutMs?: number;
  maxRetries?: number;
  verbose: boolean;
  validateOnly: boolean;
  skipInvalid: boolean;
  tokens?: string;
}

export const formats = ["json", "ndjson", "csv", "table"] as const;
export type Format = (typeof formats)[number];

/** A command line with its command words taken out: the rest, parsed. */
export interface Parsed {
  globals: Globals;
  /** The command's fields, in their JSON types (or as typed, when they do not read as their type). */
  fields: Record<string, unknown>;
  /** Which fields the command line set, by flag name: to tell `--x` from the fields of `--input`. */
  given: Set<string>;
  positionals: string[];
}

/** `--page[size]=10` as `--page.size=10`: the JSON:API spelling of a nested flag, taken as the dotted one. */
export function normalizeBrackets(arg: string): string {
  if (!arg.startsWith("--")) return arg;
  const equals = arg.indexOf("=");
  const name = equals < 0 ? arg : arg.slice(0, equals);
  if (!/\[[^\]]*\]/.test(name)) return arg;
  const dotted = name.replace(/\[([^\]]*)\]/g, ".$1");
  return equals < 0 ? dotted : `${dotted}${arg.slice(equals)}`;
}

/**
 * Parses flags and positionals: the global flags, and a command's field flags when there is one.
 * Unknown flags are refused with the closest known ones.
 */
export function parseFlags(args: readonly string[], command?: CliCommand): Parsed {
  const fieldFlags = new Map((command?.flags ?? []).map((flag) => [flag.name, flag]));
  for (const name of fieldFlags.keys()) {
    // A field spelled like one of the CLI's flags could not be told apart: refused loudly, so that
    // the spec change that adds one is noticed (a test walks every command for this).
    if (name in globalFlags)
      throw new Error(`orgkit: the field ${name} of ${command?.command.name} has a CLI flag's name`);
  }
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, flag] of Object.entries(globalFlags as Record<string, GlobalFlag>))
    options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}) };
  for (const [name, flag] of fieldFlags)
    options[name] = { type: flag.type === "boolean" ? "boolean" : "string", multiple: flag.type === "array" };

  const { tokens = [] } = parseArgs({
    args: args.map(normalizeBrackets),
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const raw = new Map<string, string[]>();
  const positionals: string[] = [];
  const known = [...Object.keys(globalFlags), ...fieldFlags.keys()];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const { name, rawName } = token;
    const option = options[name];
    if (!option) {
      const hint = rawName.startsWith("--") ? didYouMean(name, known, "--") : "";
      throw new UsageError(`unknown flag ${rawName}${hint}`);
    }
    let value = token.value;
    if (option.type === "string") {
      // parseArgs takes the next argument whatever it is; a flag there means the value is missing.
      if (value === undefined || (!token.inlineValue && value.startsWith("--") && value.length > 2))
        throw new UsageError(
          `${rawName} needs a value${value === undefined ? "" : ` (for one starting with --, write ${rawName}=${value})`}`,
        );
    } else {
      if (value !== undefined && value !== "true" && value !== "false")
        throw new UsageError(`${rawName} takes no value other than true or false`);
      value ??= "true";
    }
    const values = raw.get(name) ?? [];
    if (values.length > 0 && !option.multiple) throw new UsageError(`${rawName} is given twice`);
    raw.set(name, [...values, value]);
  }

  if (command) {
    for (const name of raw.keys()) {
      if (name in globalFlags && !applies(name as GlobalName, command.use))
        throw new UsageError(`--${name} does not apply to ${command.api} ${command.resource} ${command.method}`);
    }
  }
  const first = (name: string) => raw.get(name)?.[0];
  const globals = readGlobals(first);
  const fields: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const [name, flag] of fieldFlags) {
    const values = raw.get(name);
    if (!values) continue;
    given.add(name);
    setAt(
      fields,
      flag.path,
      flag.type === "array" ? values.flatMap((value) => arrayItems(flag, value)) : coerce(flag, values[0]!),
    );
  }
  return { globals, fields, given, positionals };
}

function readGlobals(first: (name: string) => string | undefined): Globals {
  const on = (name: GlobalName) => first(name) === "true";
  const whole = (name: GlobalName): number | undefined => {
    const value = first(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--${name} takes a whole number, not ${JSON.stringify(value)}`);
    return Number(value);
  };
  const format = first("format");
  if (format !== undefined && !(formats as readonly string[]).includes(format))
    throw new UsageError(`--format takes ${formats.join(", ")}${didYouMean(format, formats)}`);
  const fields = first("fields");
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    help: on("help"),
    version: on("version"),
    all: on("all"),
    dryRun: on("dry-run"),
    sandbox: on("sandbox"),
    verbose: on("verbose"),
    validateOnly: on("validate-only"),
    skipInvalid: on("skip-invalid"),
    ...optional("format", format as Format | undefined),
    ...optional(
      "fields",
      fields
        ?.split(",")
        .map((field) => field.trim())
        .filter(Boolean),
    ),
    ...optional("concurrency", whole("concurrency")),
    ...optional("maxItems", whole("max-items")),
    ...optional("input", first("input")),
    ...optional("envFile", first("env-file")),
    ...optional("timeoutMs", whole("timeout-ms")),
    ...optional("maxRetries", whole("max-retries")),
    ...optional("tokens", first("tokens")),
  };
}

const numeric = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A flag's value in the field's JSON type: a number for `integer` and `number`, `true`/`false` for
 * `boolean`, parsed JSON for an object or array written as JSON, `null` for a nullable field.
 * A value that does not read as its type stays the string typed, and the client's validation says
 * what is wrong with it, by field and rule, as it does for a library caller.
 */
export function coerce(flag: Pick<Flag, "type" | "nullable">, value: string): unknown {
  if (flag.nullable && value === "null") return null;
  switch (flag.type) {
    case "integer":
    case "number":
      return numeric.test(value.trim()) ? Number(value) : value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    case "object":
    case "array":
      return /^\s*[[{]/.test(value) ? parseJson(value) : value;
    default:
      return value;
  }
}

/** An array flag's items from one occurrence: a JSON array, or comma-separated values. */
function arrayItems(flag: Flag, value: string): unknown[] {
  if (/^\s*\[/.test(value)) {
    const parsed = parseJson(value);
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return value.split(",").map((item) => coerce({ type: flag.itemType ?? "string", nullable: false }, item.trim()));
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Sets a member at a path, making the objects on the way. */
export function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const step of path.slice(0, -1)) {
    const next = current[step];
    if (next === null || typeof next !== "object" || Array.isArray(next)) current[step] = {};
    current = current[step] as Record<string, unknown>;
  }
  current[path.at(-1)!] = value;
}
