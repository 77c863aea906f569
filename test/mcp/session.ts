import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { environment } from "../../cli/runtime.js";
import { createSandbox, type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.js";

// An MCP session as an assistant holds one: the official SDK's Client over stdio, talking to the
// server as users start it, the built bin's `orgkit mcp` (`node dist/cli.js mcp`, built by
// test/global-setup.ts), whose clients reach an HTTP sandbox on loopback through the variables
// users set.

export const root = new URL("../../", import.meta.url).pathname;
/** The built bin, `orgkit` as npm links it. */
export const bin = `${root}dist/cli.js`;

/** A request the sandbox answered, as `METHOD /path?query`, with the status. */
export interface Seen {
  line: string;
  status: number | undefined;
}

/** A sandbox served over HTTP that records every request it answers. */
export async function recordingSandbox(options: SandboxOptions = {}) {
  const sandbox = createSandbox(options);
  const seen: Seen[] = [];
  const recording: Sandbox = {
    ...sandbox,
    async answer(request) {
      const response = await sandbox.answer(request);
      const url = new URL(request.url);
      seen.push({ line: `${request.method} ${url.pathname}${url.search}`, status: response?.status });
      return response;
    },
  };
  const server = await startSandbox({ sandbox: recording });
  return { sandbox, seen, url: server.url, close: () => server.close() };
}

export type RecordingSandbox = Awaited<ReturnType<typeof recordingSandbox>>;

/** The variables that point every client at the sandbox, with its credentials. */
export function sandboxEnv(target: RecordingSandbox): Record<string, string> {
  const { recrubo, blynk } = environment;
  return {
    [recrubo.baseUrl]: target.url,
    [blynk.baseUrl]: target.url,
    [recrubo.partnerKey]: target.sandbox.credentials.recrubo.apiKey,
    [recrubo.organizationKey]: target.sandbox.recrubo.organizations()[0]!.token,
    [blynk.clientId]: target.sandbox.credentials.blynk.clientId,
    [blynk.clientSecret]: target.sandbox.credentials.blynk.clientSecret,
  };
}

/** The credential values of `sandboxEnv`, which no result or log line may show. */
export function credentialValues(target: RecordingSandbox): string[] {
  return [
    target.sandbox.credentials.recrubo.apiKey,
    target.sandbox.recrubo.organizations()[0]!.token,
    target.sandbox.credentials.blynk.clientSecret,
  ];
}

/** How a server is started: what an assistant's configuration gives (`command`, `args`, `env`), and where. */
export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** @default the repository's root */
  cwd?: string;
}

/** Starts `orgkit mcp` with `flags` and `env` (and nothing else of this process's environment but PATH and HOME). */
export function connect(flags: string[], env: Record<string, string>) {
  return connectTo({ command: process.execPath, args: [bin, "mcp", ...flags], env });
}

/** Starts a server as `launch` says and connects the SDK's Client to it over stdio. */
export async function connectTo({ command, args, env, cwd = root }: Launch) {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...getDefaultEnvironment(), ...env },
    cwd,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "orgkit-tests", version: "0.0.0" });
  try {
    await client.connect(transport);
  } catch (error) {
    // A server that exits before answering says why on stderr only.
    throw new Error(`${command} ${args.join(" ")} did not start an MCP session:\n${stderr}`, { cause: error });
  }
  return {
    client,
    stderr: () => stderr,
    /** Calls a tool; the result as the SDK checked it (structured content against the output schema). */
    call: (name: string, args: Record<string, unknown> = {}) =>
      client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}

export type Session = Awaited<ReturnType<typeof connect>>;

/** The text of a result's content, joined. */
export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}
