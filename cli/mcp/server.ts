// `orgkit mcp`: both APIs as MCP tools over stdio. The tools come from the generated commands
// (tools.ts); the credentials, clients and runs from the runtime the CLI shares. stdout carries
// the protocol, so everything else, logs included, goes to stderr.
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { OrgkitError, VERSION } from "../../src/index.js";
import {
  type ApiName,
  type Command,
  clientFor,
  credentialVariables,
  environment,
  MissingCredentialError,
} from "../runtime.js";
import { callTool } from "./call.js";
import { type Flags, parseFlags, usage } from "./flags.js";
import { stderrLogger } from "./log.js";
import { allTools, type Tool } from "./tools.js";

/** The MCP SDK's modules this server uses; an optional peer dependency, so it is imported only here, when asked for. */
export interface Sdk {
  server: typeof import("@modelcontextprotocol/sdk/server/index.js");
  stdio: typeof import("@modelcontextprotocol/sdk/server/stdio.js");
  types: typeof import("@modelcontextprotocol/sdk/types.js");
}

/** What `main` reaches outside itself; tests replace some. */
export interface Seams {
  loadSdk(): Promise<Sdk>;
  env: Readonly<Record<string, string | undefined>>;
  stderr(text: string): void;
}

export const sdkVersion = "1.32.2";

const defaults: Seams = {
  loadSdk: async () => {
    const [server, stdio, types] = await Promise.all([
      import("@modelcontextprotocol/sdk/server/index.js"),
      import("@modelcontextprotocol/sdk/server/stdio.js"),
      import("@modelcontextprotocol/sdk/types.js"),
    ]);
    return { server, stdio, types };
  },
  env: process.env,
  stderr: (text) => process.stderr.write(text),
};

type Env = Readonly<Record<string, string | undefined>>;
type Client = ReturnType<typeof clientFor>;
/** Client options of the server's own: the logger, the sandbox's fetch. */
type Overrides = NonNullable<Parameters<typeof clientFor>[3]>;

/** A tool and the client it calls, or why it cannot be served. */
type Served = { tool: Tool; client: Client } | { tool: Tool; refused: string };

/**
 * Runs the MCP server until the assistant closes stdin; resolves with the exit code: 0 when it
 * stopped, 1 when it could not start (no SDK, no tool to serve), 2 for a usage error.
 */
export async function main(args: string[], seams: Partial<Seams> = {}): Promise<number> {
  const { loadSdk, env: processEnv, stderr } = { ...defaults, ...seams };
  const say = (line: string) => stderr(`orgkit mcp: ${line}\n`);
  const flags = parseFlags(args);
  if ("error" in flags) {
    stderr(`orgkit mcp: ${flags.error}\n\n${usage}\n`);
    return 2;
  }
  if (flags.help) {
    stderr(`${usage}\n`);
    return 0;
  }
  const every = allTools();
  const unknown = (flags.tools ?? []).filter((name) => !every.some((tool) => tool.name === name));
  if (unknown.length > 0) {
    say(
      `--tools names ${unknown.join(", ")}, which no tool is; the tools are ${every.map((tool) => tool.name).join(", ")}`,
    );
    return 2;
  }

  let sdk: Sdk;
  try {
    sdk = await loadSdk();
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    stderr(`orgkit mcp needs @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk@${sdkVersion}\n`);
    return 1;
  }

  let env: Env;
  try {
    env = flags.envFile ? { ...parseEnv(readFileSync(flags.envFile, "utf8")), ...processEnv } : processEnv;
  } catch (error) {
    // The reason only (ENOENT, EACCES): the file holds credentials, and no part of it is quoted.
    say(`cannot read --env-file ${flags.envFile}: ${(error as { code?: string }).code ?? "unreadable"}`);
    return 2;
  }
  const { logger, problem } = stderrLogger(env["ORGKIT_LOG"], (line) => stderr(`${line}\n`));
  if (problem) say(problem);
  const overrides: Overrides = { logger };
  if (flags.sandbox) {
    const made = await sandboxEnvironment(env);
    env = made.env;
    overrides.fetch = made.fetch;
  }

  const served = serve(every, flags, env, overrides);
  for (const line of refusals(served, flags)) say(line);
  const tools = new Map(served.flatMap((entry) => ("client" in entry ? [[entry.tool.name, entry] as const] : [])));
  if (tools.size === 0) {
    say("no tool to serve: set the credentials above in the environment, or try --sandbox");
    return 1;
  }
  say(`serving ${tools.size} tools on stdio${flags.sandbox ? " against an in-process sandbox" : ""}`);
  return run(sdk, served, tools, flags, stderr);
}

/** Every tool the flags ask for, with its client, or why it is not served. */
function serve(every: Tool[], flags: Flags, env: Env, overrides: Overrides): Served[] {
  // Commands whose credentials come from the same variables share one client: one Blynk token, one pace.
  const clients = new Map<string, Client | Error>();
  const clientOf = (api: ApiName, command: Command) => {
    const key = `${api}:${credentialVariables(api, command).join(",")}`;
    if (!clients.has(key)) {
      try {
        clients.set(key, clientFor(api, command, env, overrides));
      } catch (error) {
        // A credential missing, or one no header can carry (its message names the variable's rule, never its value).
        if (!(error instanceof MissingCredentialError || error instanceof OrgkitError)) throw error;
        clients.set(key, error);
      }
    }
    return clients.get(key)!;
  };
  return every.flatMap((tool): Served[] => {
    if (flags.tools && !flags.tools.includes(tool.name)) return [];
    if (flags.readOnly && !tool.command.readOnly)
      return [{ tool, refused: "it writes, and the server is --read-only" }];
    const client = clientOf(tool.api, tool.command);
    if (client instanceof MissingCredentialError)
      return [{ tool, refused: `its credentials are missing: ${client.message}` }];
    return client instanceof Error
      ? [{ tool, refused: `its credentials are refused: ${client.message}` }]
      : [{ tool, client }];
  });
}

/** What stderr says of the tools left out: by credentials (which variables would enable them), and by --read-only when --tools named them. */
function refusals(served: Served[], flags: Flags): string[] {
  const byReason = new Map<string, string[]>();
  for (const entry of served) {
    if (!("refused" in entry)) continue;
    if (entry.refused.includes("--read-only") && !flags.tools) continue;
    byReason.set(entry.refused, [...(byReason.get(entry.refused) ?? []), entry.tool.name]);
  }
  const lines = [...byReason].map(([reason, names]) => `not listed: ${names.join(", ")}: ${reason}`);
  const readOnly = served.filter((entry) => "refused" in entry && entry.refused.includes("--read-only")).length;
  if (flags.readOnly && !flags.tools && readOnly > 0)
    lines.push(`--read-only: ${readOnly} tools that write are not listed`);
  return lines;
}

/** The sandbox's credentials in the variables `clientFor` reads, and its fetch; the environment's own credentials are ignored. */
async function sandboxEnvironment(env: Env) {
  const { createSandbox } = await import("../../src/sandbox/index.js");
  const sandbox = createSandbox();
  const { recrubo, blynk } = environment;
  return {
    fetch: sandbox.fetch,
    env: {
      ORGKIT_LOG: env["ORGKIT_LOG"],
      [recrubo.partnerKey]: sandbox.credentials.recrubo.apiKey,
      // An organization's own key is its token: the first seeded organization's.
      [recrubo.organizationKey]: sandbox.recrubo.organizations()[0]?.token,
      [blynk.clientId]: sandbox.credentials.blynk.clientId,
      [blynk.clientSecret]: sandbox.credentials.blynk.clientSecret,
    },
  };
}

async function run(
  sdk: Sdk,
  served: Served[],
  tools: ReadonlyMap<string, { tool: Tool; client: Client }>,
  flags: Flags,
  stderr: (text: string) => void,
): Promise<number> {
  const { Server } = sdk.server;
  const { ListToolsRequestSchema, CallToolRequestSchema, McpError, ErrorCode } = sdk.types;
  // The low-level Server: McpServer takes tool schemas as zod, and these are the spec's JSON Schemas.
  const server = new Server({ name: "orgkit", version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...tools.values()].map(({ tool }) => tool.definition),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    const entry = tools.get(name);
    if (!entry) {
      const refused = served.find((candidate) => candidate.tool.name === name);
      const why = refused && "refused" in refused ? `it is not served: ${refused.refused}` : "no tool has that name";
      throw new McpError(ErrorCode.InvalidParams, `Tool ${name}: ${why}`);
    }
    return callTool(entry.tool, args, { client: entry.client, reveal: flags.revealSecrets, signal: extra.signal });
  });
  server.onerror = (error) => stderr(`orgkit mcp: ${error.message}\n`);

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(new sdk.stdio.StdioServerTransport());
  // The transport does not watch for the end of stdin, which is how an assistant stops a stdio server.
  process.stdin.once("end", () => void server.close());
  await closed;
  return 0;
}
