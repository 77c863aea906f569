import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandbox, type Sandbox, type SandboxOptions } from "./sandbox.js";

export interface SandboxServerOptions extends SandboxOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Serve this sandbox rather than a new one. */
  sandbox?: Sandbox;
}

export interface SandboxServer {
  /** Base URL of both APIs, such as http://127.0.0.1:54321: use it as each client's `baseUrl`. */
  url: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

/**
 * Serves both APIs over HTTP on a loopback port.
 * @example
 * const server = await startSandbox();
 * const recrubo = createRecruboClient({ apiKey: server.sandbox.credentials.recrubo.apiKey, baseUrl: server.url });
 */
export async function startSandbox(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const { host = "127.0.0.1", port = 0, sandbox = createSandbox(options) } = options;
  const server = createServer(async (incoming, outgoing) => {
    const closed = new AbortController();
    outgoing.on("close", () => closed.abort(new Error("The client closed the connection.")));
    try {
      const response = await sandbox.answer(await toRequest(incoming, host, closed.signal));
      if (!response) return void incoming.socket.destroy(); // a dropped-connection fault
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!outgoing.headersSent && !closed.signal.aborted) outgoing.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    sandbox,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function toRequest(incoming: IncomingMessage, host: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const body = chunks.length > 0 ? Buffer.concat(chunks) : null;
  return new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? host}`), {
    method: incoming.method ?? "GET",
    headers,
    body,
    signal,
  });
}
