import { createServer, type IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SandboxBugError } from "./bug.js";
import type { SandboxRequest } from "./front-door.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "./sandbox.js";

export interface SandboxServerOptions extends SandboxOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Serve this sandbox rather than a new one: its own options apply (`cors` included), not those given here. */
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
  let url = "";

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const closed = new AbortController();
    outgoing.on("close", () => closed.abort(new Error("The client closed the connection.")));
    try {
      const response = await sandbox.answer(toSandboxRequest(incoming, url, closed.signal)).catch(answerBug);
      if (!response) return void incoming.socket.destroy(); // a dropped-connection fault
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      // Short of a bug, the sandbox answers every request it can read, and rejects only when the
      // client went away mid-request (its body failed, its signal aborted): no one is left to answer.
      incoming.socket.destroy();
    }
  }

  // The sandbox checks Host itself and answers a malformed one in the API's error format; Node's
  // check would answer an empty Host with a bare 400. A missing Host is let through, as it is from
  // an in-process Request.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => void serve(incoming, outgoing));
  // Node hands CONNECT over as a bare socket and, with no listener, drops it; it is answered like
  // any other method the sandbox does not serve, then the connection closes. The socket comes
  // without Node's error listener: a client's reset must not become an uncaught error.
  server.on("connect", (incoming: IncomingMessage, socket: Socket) => {
    socket.on("error", () => socket.destroy());
    const outgoing = new ServerResponse(incoming);
    outgoing.shouldKeepAlive = false;
    outgoing.assignSocket(socket);
    outgoing.on("finish", () => socket.end());
    void serve(incoming, outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${hostInUrl}:${address.port}`;
  return {
    url,
    sandbox,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A bug cannot reject a request sent from another process: it is answered 500, marked
 * `x-orgkit-sandbox-bug: 1`, and logged here (the sandbox's `bugs` keeps it too), so that a test
 * run sees it and can fail on it. Anything else is rethrown.
 */
function answerBug(error: unknown): Response {
  if (!(error instanceof SandboxBugError)) throw error;
  console.error(error);
  return error.response;
}

/**
 * Node's request as the sandbox reads it, without the limits of `Request` (which refuses TRACE or
 * a GET with a body), so the sandbox decides what to answer. The URL is resolved against the
 * server's own origin: the Host header is checked by the sandbox, never trusted to build the URL.
 */
function toSandboxRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): SandboxRequest {
  const target = incoming.url ?? "/";
  const headers = new Headers();
  // rawHeaders keeps repeated headers, such as a second Host, that `incoming.headers` drops.
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
  }
  const hasBody = incoming.headers["transfer-encoding"] !== undefined || Number(incoming.headers["content-length"]) > 0;
  return {
    method: incoming.method ?? "GET",
    url: URL.canParse(target, origin) ? new URL(target, origin).href : target,
    headers,
    body: hasBody ? bodyOf(incoming) : null,
    signal,
  };
}

/**
 * The request body as a web stream that reads from Node only as fast as the sandbox asks. Cancelling
 * it (the sandbox refusing a body too large) discards the rest of the upload rather than destroying
 * the socket, so a client still sending reads the 413 instead of a reset.
 */
function bodyOf(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks: AsyncIterator<Uint8Array> = incoming.iterator({ destroyOnReturn: false });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await chunks.next();
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      async cancel() {
        await chunks.return?.();
        incoming.resume();
      },
    },
    { highWaterMark: 0 },
  );
}
