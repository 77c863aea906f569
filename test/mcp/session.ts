import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { environment } from "../../cli/runtime.js";
import { createSandbox, type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.js";

// An MCP session as an assistant holds one: the official SDK's Client over stdio, talking to the
// server run from its source entry (`node --import tsx cli/mcp/main.ts`), whose clients reach an
// HTTP sandbox on loopback through the variables users set.

export const root = new URL("../../", import.meta.url).pathname;
export const entry = ["--import", "tsx", "cli/mcp/main.ts"];

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

/** Starts the server with `args` and `env` (and nothing else of this process's environment but PATH and HOME). */
export async function connect(args: string[], env: Record<string, string>, command = process.execPath) {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...getDefaultEnvironment(), ...env },
    cwd: root,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "orgkit-tests", version: "0.0.0" });
  await client.connect(transport);
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
