// Help at every level, written from the generated commands: the spec's summaries and
// descriptions, each field's type, enum, default and limits, and the operation's evidence.
import { type CliCommand, callOf, cliCommands, kebab, methodsOf, resourcesOf, typeOf } from "./commands.js";
import { exitCodes } from "./exit.js";
import { applies, type GlobalName, globalFlags } from "./flags.js";
import { type ApiName, apis, credentialVariables, environment, type JsonSchema } from "./runtime.js";

const titles: Readonly<Record<ApiName, string>> = {
  recrubo: "Recrubo organizations (JSON:API, API keys)",
  blynk: "Blynk Cloud organizations (plain JSON, OAuth2)",
};

/** Paragraphs reflowed to `width`, the spec's Markdown made plain (`**`, `<url>`). */
export function wrap(text: string, width: number, indent = ""): string {
  const plain = text.replace(/\*\*/g, "").replace(/<(https?:[^>]+)>/g, "$1");
  return plain
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const words = paragraph.split(/\s+/).filter(Boolean);
      const lines: string[] = [];
      let line = "";
      for (const word of words) {
        if (line && indent.length + line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(line);
      return lines.map((each) => `${indent}${each}`).join("\n");
    })
    .join("\n\n");
}

const quoted = (value: unknown) =>
  typeof value === "string" && /^[\w./+-]+$/.test(value) ? value : JSON.stringify(value);

/** A field's rules in words: type, enum, default, limits, format, pattern. */
export function describeSchema(schema: JsonSchema): string {
  const parts: string[] = [];
  const { type, nullable } = typeOf(schema);
  const merged: Record<string, unknown> = { ...schema };
  for (const part of (schema["allOf"] as JsonSchema[] | undefined) ?? [])
    for (const [key, value] of Object.entries(part)) merged[key] ??= value;
  const items = merged["items"] as JsonSchema | undefined;
  const enumeration = (merged["enum"] ?? items?.["enum"]) as unknown[] | undefined;
  if (enumeration) parts.push(`one of ${enumeration.map(quoted).join(", ")}`);
  else parts.push(type === "array" ? `list of ${typeOf(items ?? {}).type}` : type);
  if (type === "array") parts.push("repeat the flag or separate with commas");
  const limit = (key: string, words: string, unit = "") => {
    if (merged[key] !== undefined) parts.push(`${words} ${String(merged[key])}${unit}`);
  };
  limit("minimum", "at least");
  limit("maximum", "at most");
  limit("exclusiveMinimum", "more than");
  limit("exclusiveMaximum", "less than");
  limit("minLength", "at least", " characters");
  limit("maxLength", "at most", " characters");
  limit("minItems", "at least", merged["minItems"] === 1 ? " item" : " items");
  limit("maxItems", "at most", " items");
  if (merged["format"] && !/^(int32|int64)$/.test(String(merged["format"]))) parts.push(`format ${merged["format"]}`);
  if (merged["pattern"]) parts.push(`pattern ${merged["pattern"]}`);
  if (merged["default"] !== undefined) parts.push(`default ${quoted(merged["default"])}`);
  if (nullable) parts.push("null clears it");
  return parts.join("; ");
}

function table(rows: ReadonlyArray<readonly [string, string]>, width: number): string {
  const left = Math.min(32, Math.max(...rows.map(([name]) => name.length)));
  const indent = " ".repeat(left + 4);
  return rows
    .map(([name, text]) => {
      const body = wrap(text, width, indent).trimStart();
      return name.length > left ? `  ${name}\n${indent}${body}` : `  ${name.padEnd(left)}  ${body}`;
    })
    .join("\n");
}

const flagRow = (name: GlobalName): [string, string] => {
  const flag = globalFlags[name];
  const short = "short" in flag ? `-${flag.short}, ` : "";
  return [`${short}--${name}${"value" in flag ? ` ${flag.value}` : ""}`, flag.description];
};

function credentialsText(api: ApiName): string {
  if (api === "blynk") {
    const { clientId, clientSecret, accessToken, baseUrl } = environment.blynk;
    return `${clientId} and ${clientSecret} (OAuth2 client credentials), or ${accessToken}; ${baseUrl} for another server (such as https://fra1.blynk.cloud)`;
  }
  const { partnerKey, organizationKey, baseUrl } = environment.recrubo;
  return `${partnerKey} (partner key) for organizations, ${organizationKey} (an organization's own token) for organization; ${baseUrl} for another server`;
}

const exitRows: ReadonlyArray<readonly [string, string]> = [
  [String(exitCodes.ok), "success"],
  [String(exitCodes.failure), "any other failure (a 400 or 409 from the server, a bug)"],
  [
    String(exitCodes.usage),
    "usage or validation: unknown command or flag, a value that breaks the spec (nothing sent)",
  ],
  [String(exitCodes.authentication), "authentication: missing credentials, 401, 403, the token endpoint refusing them"],
  [String(exitCodes.notFound), "not found (404)"],
  [String(exitCodes.rateLimit), "rate limited (429, after the retries)"],
  [String(exitCodes.server), "server: 5xx (after the retries), or a success whose body is not what the spec says"],
  [String(exitCodes.network), "network: no answer (connection refused, reset, DNS)"],
  [String(exitCodes.timeout), "timeout"],
  [String(exitCodes.interrupted), "interrupted (Ctrl-C)"],
];

export function rootHelp(width: number): string {
  const apiRows = (Object.keys(apis) as ApiName[]).map((api) => [api, titles[api]] as const);
  return [
    "orgkit: the Recrubo and Blynk Cloud organizations APIs on the command line.",
    "",
    "Usage:",
    "  orgkit <api> <resource> <method> [arguments] [flags]",
    ...(cliCommands.some((each) => each.use === "import")
      ? ["  orgkit <api> <resource> import FILE       create each row of a CSV or NDJSON file, once"]
      : []),
    "  orgkit sandbox [--port N] [--seed N]      a local sandbox of both APIs, with its credentials",
    "  orgkit completion bash|zsh|fish           a shell completion script",
    "  orgkit mcp ...                            the MCP server",
    "",
    "APIs:",
    table(apiRows, width),
    "",
    "Examples:",
    "  orgkit blynk organizations search --query acme",
    "  orgkit recrubo organizations get <id>",
    '  orgkit blynk organizations create --name "Acme Kyiv" --parentId 1 --tz Europe/Kyiv',
    "  orgkit recrubo organizations list --page.size 10 --sort -createdAt --all --format csv",
    "",
    "Flags:",
    table((Object.keys(globalFlags) as GlobalName[]).map(flagRow), width),
    "",
    "Credentials come from the environment only (or --env-file), never from a flag:",
    table(
      (Object.keys(apis) as ApiName[]).map((api) => [api, credentialsText(api)] as const),
      width,
    ),
    "  ORGKIT_LOG=debug logs each attempt on stderr, as --verbose does.",
    "",
    "Exit codes:",
    table(exitRows, width),
    "",
    "Help on an API, a resource or a method: orgkit blynk --help, orgkit blynk organizations search --help",
    "",
  ].join("\n");
}

export function apiHelp(api: ApiName, width: number): string {
  const rows = resourcesOf(api).flatMap((resource) =>
    methodsOf(api, resource).map((each) => [`${resource} ${each.method}`, each.summary] as const),
  );
  return [
    `orgkit ${api}: ${titles[api]}`,
    "",
    "Usage:",
    `  orgkit ${api} <resource> <method> [arguments] [flags]`,
    "",
    "Commands:",
    table(rows, width),
    "",
    "Credentials:",
    wrap(credentialsText(api), width, "  "),
    "",
    `Help on one: orgkit ${api} <resource> <method> --help`,
    "",
  ].join("\n");
}

export function resourceHelp(api: ApiName, resource: string, width: number): string {
  const rows = methodsOf(api, resource).map((each) => [each.method, each.summary] as const);
  return [
    `orgkit ${api} ${resource}`,
    "",
    "Usage:",
    `  orgkit ${api} ${resource} <method> [arguments] [flags]`,
    "",
    "Methods:",
    table(rows, width),
    "",
    `Help on one: orgkit ${api} ${resource} <method> --help`,
    "",
  ].join("\n");
}

/** The usage line of a command: its positional arguments, then its required flags. */
export function usageLine(each: CliCommand): string {
  if (each.use === "import") return `orgkit ${each.api} ${each.resource} import FILE [flags]`;
  const positional = new Set(each.positionals.map((flag) => flag.name));
  const required = each.flags.filter((flag) => flag.required && !positional.has(flag.name));
  return [
    `orgkit ${each.api} ${each.resource} ${each.method}`,
    ...each.positionals.map((flag) => `<${flag.name}>`),
    ...required.map((flag) => `--${flag.name} <${flag.type === "array" ? "value" : flag.type}>`),
    "[flags]",
  ].join(" ");
}

export function methodHelp(each: CliCommand, width: number): string {
  if (each.use === "import") return importHelp(each, width);
  const { command } = each;
  const positional = new Set(each.positionals.map((flag) => flag.name));
  const facts = [
    `${command.http.method} ${command.http.path}`,
    command.readOnly ? "read-only" : command.destructive ? "destructive" : "writes",
    command.idempotent ? "idempotent" : "not idempotent",
    `evidence: ${command.evidence}`,
    ...(command.paging ? ["paged (--all)"] : []),
  ];
  const sections = [
    `orgkit ${each.api} ${each.resource} ${each.method}: ${command.summary}`,
    "",
    "Usage:",
    `  ${usageLine(each)}`,
    "",
    wrap(command.description, width, "  "),
    "",
    `  ${facts.join(" · ")}`,
  ];
  if (each.positionals.length > 0)
    sections.push(
      "",
      "Arguments:",
      table(
        each.positionals.map((flag) => [`<${flag.name}>`, `${describe(flag)} (or --${flag.name})`] as const),
        width,
      ),
    );
  const flags = each.flags.filter((flag) => !positional.has(flag.name));
  if (flags.length > 0) {
    const nested = flags.some((flag) => flag.path.length > 1);
    const rows: Array<readonly [string, string]> = [];
    for (const flag of flags) {
      // A flattened object's own description heads its members.
      const [head] = flag.path;
      const parent = flag.path.length > 1 ? command.input.properties[head!] : undefined;
      if (parent && rows.every(([name]) => name !== `--${head}.*`) && typeof parent["description"] === "string")
        rows.push([`--${head}.*`, parent["description"]]);
      rows.push([`--${flag.name} <${flag.type === "array" ? (flag.itemType ?? "value") : flag.type}>`, describe(flag)]);
    }
    sections.push("", "Flags:", table(rows, width));
    if (nested) {
      const example = flags.find((flag) => flag.path.length > 1)!;
      sections.push(
        "",
        wrap(
          `Nested fields take a dotted flag or the API's bracket form: --${example.name} or --${example.path[0]}${example.path
            .slice(1)
            .map((step) => `[${step}]`)
            .join("")}=VALUE.`,
          width,
          "  ",
        ),
      );
    }
  }
  sections.push("", "Other flags:", ...commonFlags(each, width));
  return sections.join("\n");
}

/** A field's line of help: required or not, its rules, the spec's description. */
function describe(flag: CliCommand["flags"][number]): string {
  const description = flag.schema["description"];
  const rules = describeSchema(flag.schema);
  return `${flag.required ? "required; " : ""}${rules}.${typeof description === "string" ? ` ${description}` : ""}`;
}

/** An import's help: the file's columns (the create's fields) and the promise the journal keeps. */
function importHelp(each: CliCommand, width: number): string {
  const { command } = each;
  const create = callOf(each);
  const find = command.import!.find.split(".");
  const identity = command.import!.match.map((pair) => pair.from).join(" and ");
  const paragraphs = [
    `FILE is CSV with a header row, NDJSON (one JSON object per line, in a file named .ndjson or .jsonl), or a JSON array of objects. Its columns, or members, are the fields of orgkit ${each.api} ${each.resource} ${create.method}; rows are numbered from 1, the header not counted.`,
    "Every row is checked first, by the spec's rules, with each issue named by row and field: nothing is created when one is invalid (exit 2), unless --skip-invalid.",
    `Then each row is created in turn, paced and retried where that is safe. A journal beside the file (FILE.orgkit-journal) records each row before it is sent and once its outcome is known, so that a rerun after a crash, a kill or Ctrl-C continues where the last run stopped and creates every row once: a row whose outcome is unknown (the connection dropped after sending) is looked up with ${find[0]} ${kebab(find[1]!)} by ${identity} before it is sent again. ${identity} is what tells rows apart: two rows may not share it.`,
    "stdout gets one line per row (its number, outcome and id); stderr a summary. The exit code is 0 when every row was created, now or before; 1 when any failed; 2 when a row is invalid.",
  ];
  return [
    `orgkit ${each.api} ${each.resource} import: ${each.summary}`,
    "",
    "Usage:",
    `  ${usageLine(each)}`,
    "",
    ...paragraphs.flatMap((text) => [wrap(text, width, "  "), ""]),
    "Columns:",
    table(
      create.flags.map((flag) => [flag.name, describe(flag)] as const),
      width,
    ),
    "",
    "Flags:",
    ...commonFlags(each, width),
  ].join("\n");
}

/** The CLI's own flags that apply to a command, then its credentials. */
function commonFlags(each: CliCommand, width: number): string[] {
  const names = (Object.keys(globalFlags) as GlobalName[]).filter(
    (name) => name !== "version" && applies(name, each.use),
  );
  return [
    table(names.map(flagRow), width),
    "",
    "Credentials:",
    wrap(`${credentialVariables(each.api, each.command).join(", or ")}.`, width, "  "),
    "",
  ];
}
