import { Buffer } from "node:buffer";
import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { bodyLimitBytes } from "../../src/sandbox/front-door.js";
import { createSandbox, type Sandbox, type SandboxServer, startSandbox } from "../../src/sandbox/index.js";
import { blynkClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { chunkSize, upload } from "./upload.js";

const servers: SandboxServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function served(sandbox: Sandbox = createSandbox({ clock: new FakeClock(), blynk: { organizations: 2 } })) {
  const server = await startSandbox({ sandbox });
  servers.push(server);
  return { server, port: Number(new URL(server.url).port) };
}

/** Writes `bytes` on a new connection, half-closes, and resolves with all the server sent once it closes. */
function exchange(port: number, bytes: string | Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(received).toString("latin1")));
    socket.end(bytes);
  });
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The HTTP responses in `raw`, one after another, chunked bodies joined and JSON parsed. */
function responses(raw: string): RawResponse[] {
  const parsed: RawResponse[] = [];
  for (let rest = raw; rest.startsWith("HTTP/1.1 "); ) {
    const end = rest.indexOf("\r\n\r\n");
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers = new Headers(
      lines.map((line): [string, string] => [
        line.slice(0, line.indexOf(":")),
        line.slice(line.indexOf(":") + 1).trim(),
      ]),
    );
    rest = rest.slice(end + 4);
    let body = "";
    if (headers.get("transfer-encoding") === "chunked") {
      for (let size = parseInt(rest, 16); size > 0; size = parseInt(rest, 16)) {
        const start = rest.indexOf("\r\n") + 2;
        body += rest.slice(start, start + size);
        rest = rest.slice(start + size + 2);
      }
      rest = rest.slice(rest.indexOf("\r\n\r\n") + 4);
    } else {
      body = rest.slice(0, Number(headers.get("content-length") ?? 0));
      rest = rest.slice(body.length);
    }
    const text = Buffer.from(body, "latin1").toString("utf8");
    parsed.push({
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
    });
  }
  return parsed;
}

async function only(port: number, bytes: string | Uint8Array): Promise<RawResponse> {
  const [response, ...others] = responses(await exchange(port, bytes));
  expect(others).toEqual([]);
  return response!;
}

/** The server still answers a client as usual. */
async function expectServing(server: SandboxServer) {
  const { client: blynk } = blynkClient({ sandbox: server.sandbox, baseUrl: server.url, retry: false });
  await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1, name: "Acme Corp" });
}

const recruboError = (status: number, title: string) => ({
  errors: [{ code: expect.any(String), status, title, detail: expect.any(String) }],
});
const blynkError = { error: { message: expect.any(String) } };

/** Counts the body bytes the sandbox pulls from each request it is given. */
function counting(sandbox: Sandbox) {
  let read = 0;
  const tap = (body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader();
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const chunk = await reader.read();
          if (chunk.done) return controller.close();
          read += chunk.value.byteLength;
          controller.enqueue(chunk.value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
  };
  const counted: Sandbox = {
    ...sandbox,
    answer: (request) =>
      sandbox.answer({
        method: request.method,
        url: request.url,
        headers: request.headers,
        signal: request.signal,
        body: request.body && tap(request.body),
      }),
  };
  return { sandbox: counted, read: () => read };
}

describe("startSandbox: requests fetch cannot send", () => {
  test.each([
    [
      "TRACE on a Recrubo path",
      "TRACE /public/v2/organizations HTTP/1.1",
      405,
      "GET, HEAD",
      recruboError(405, "Method Not Allowed"),
    ],
    ["TRACE on a Blynk path", "TRACE /api/v1/organization/profile HTTP/1.1", 405, "GET, HEAD", blynkError],
    [
      "PROPFIND",
      "PROPFIND /public/v2/management/organizations/ HTTP/1.1",
      405,
      "GET, POST, HEAD",
      recruboError(405, "Method Not Allowed"),
    ],
    ["a method the route does not serve", "DELETE /api/v1/organization/search HTTP/1.1", 405, "GET, HEAD", blynkError],
    ["CONNECT to a path", "CONNECT /api/v1/organization HTTP/1.1", 405, "GET, DELETE, HEAD", blynkError],
    ["CONNECT to a host", "CONNECT blynk.cloud:443 HTTP/1.1", 404, null, blynkError],
    ["an absolute URL that does not parse", "GET http://[/public/v2/organizations HTTP/1.1", 400, null, blynkError],
  ])("answers %s in the API's format", async (_, requestLine, status, allow, body) => {
    const { server, port } = await served();

    const response = await only(port, `${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

    expect(response).toMatchObject({ status, body });
    expect(response.headers.get("allow")).toBe(allow);
    await expectServing(server);
  });

  test.each([
    [
      "a GET with a body",
      "GET /public/v2/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}",
      recruboError(400, "Bad Request"),
    ],
    [
      "a GET with a chunked body",
      "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      blynkError,
    ],
    ["a Host with a space", "GET /api/v1/organization/profile HTTP/1.1\r\nHost: blynk cloud\r\n\r\n", blynkError],
    [
      "two Hosts",
      "GET /public/v2/organizations HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
      recruboError(400, "Bad Request"),
    ],
    ["an empty Host", "GET /api/v1/organization/profile HTTP/1.1\r\nHost:\r\n\r\n", blynkError],
    [
      "a Host with a path",
      "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1/public/v2\r\n\r\n",
      blynkError,
    ],
  ])("answers %s with 400 in the API's format", async (_, request, body) => {
    const { server, port } = await served();

    const response = await only(port, request.replace("\r\n", "\r\nConnection: close\r\n"));

    expect(response).toMatchObject({ status: 400, body });
    await expectServing(server);
  });

  test("answers a HEAD with a body 400, without a body", async () => {
    const { server, port } = await served();

    const response = await only(
      port,
      "HEAD /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    );

    expect(response).toMatchObject({ status: 400, body: undefined });
    expect(response.headers.get("content-type")).toBe("application/json");
    await expectServing(server);
  });

  test.each([
    ["Blynk", "/api/v1/organization/create", blynkError],
    ["Recrubo", "/public/v2/management/organizations/", recruboError(400, "Bad Request")],
  ])("answers a %s body that is not UTF-8 with 400", async (_, path, body) => {
    const { server, port } = await served();
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n`;

    const response = await only(port, Buffer.concat([Buffer.from(head), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]));

    expect(response).toMatchObject({ status: 400, body });
    expect(JSON.stringify(response.body)).toContain("The request body is not valid UTF-8.");
    await expectServing(server);
  });
});

describe("startSandbox: uploads over the limit", () => {
  test("answers a 20 MB streamed upload 413, which the client reads, having read at most one chunk past the limit", async () => {
    const { sandbox, read } = counting(createSandbox({ clock: new FakeClock() }));
    const { server } = await served(sandbox);
    const { body, pulled } = upload(20 * 1024 * 1024);
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/json" },
    };

    const response = await fetch(`${server.url}/api/v1/organization/create`, init);

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { message: expect.stringMatching(/larger than 2097152 bytes/) } });
    expect(read()).toBeGreaterThan(bodyLimitBytes);
    expect(read()).toBeLessThanOrEqual(bodyLimitBytes + chunkSize);
    expect(pulled()).toBeLessThan(20 * 1024 * 1024);
    await expectServing(server);
  });

  test("answers a declared 20 MB Content-Length 413 in Recrubo's format without reading the body", async () => {
    const { sandbox, read } = counting(createSandbox({ clock: new FakeClock() }));
    const { server } = await served(sandbox);

    const response = await fetch(`${server.url}/public/v2/management/organizations/`, {
      method: "POST",
      body: new Uint8Array(20 * 1024 * 1024),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(recruboError(413, "Content Too Large"));
    expect(read()).toBe(0);
    await expectServing(server);
  });

  test("discards the rest of a refused upload and answers the next request on the same connection", async () => {
    const { port } = await served();
    const size = 20 * 1024 * 1024;
    const head = `POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n`;
    const next = "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    const raw = await exchange(
      port,
      Buffer.concat([Buffer.from(head), Buffer.alloc(size, 0x61), Buffer.from(`\r\n0\r\n\r\n${next}`)]),
    );

    expect(responses(raw).map((response) => response.status)).toEqual([413, 401]);
  });
});

describe("startSandbox: garbage", () => {
  test("survives a client that resets its CONNECT before the answer", async () => {
    const sandbox = createSandbox({ clock: new FakeClock() });
    let arrived = () => {};
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { server, port } = await served({
      ...sandbox,
      answer: (request) => {
        arrived();
        return gate.then(() => sandbox.answer(request));
      },
    });
    const socket = connect(port, "127.0.0.1").on("error", () => {});
    const closed = new Promise((resolve) => socket.on("close", resolve));

    socket.write("CONNECT /api/v1/organization HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await arrival;
    socket.resetAndDestroy();
    await closed;
    release();

    await expectServing(server);
  });

  const garbage: (string | Uint8Array)[] = [
    "\r\n\r\n",
    "HELLO\r\n\r\n",
    Uint8Array.from({ length: 512 }, (_, index) => (index * 7919) % 256),
    "GET / HTTP/1.1\r\n",
    "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    'POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"name":',
    "POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ${"a".repeat(100_000)}\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${Array.from({ length: 3000 }, (_, index) => `X-${index}: ${index}\r\n`).join("")}\r\n`,
    `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Nul: a\u0000b\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n__proto__: polluted\r\nconstructor: polluted\r\n\r\n",
    "G\u0000T / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /\r\n",
    "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET http://evil.example/api/v1/organization/profile HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    "POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n",
    "GET /api/v1/organization?orgId=%zz&%%%=1&a[b][c][d]=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "TRACE /api/v1/organization/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
    "GET /public/v2/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello",
    "GET /public/v2/organizations HTTP/1.1\r\nHost: [::1\r\n\r\n",
    "GET /public/v2/organizations HTTP/1.1\r\n\r\n",
  ];

  test("survives a batch of garbage, half-sent and abandoned requests, then answers a normal request", async () => {
    const { server, port } = await served();
    // Left open, and others cut off mid-upload: the server must not wait on them to serve anyone else.
    const open = [
      "GET /api/v1/organization/profile HTTP/1.1\r\nHost: 12",
      "POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{",
    ].map((bytes) => {
      const socket = connect(port, "127.0.0.1").on("error", () => {});
      socket.write(bytes);
      return socket;
    });
    const reset = connect(port, "127.0.0.1").on("error", () => {});
    reset.write(
      'POST /api/v1/organization/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"na',
      () => reset.resetAndDestroy(),
    );

    const answers = await Promise.all(garbage.map((bytes) => exchange(port, bytes).catch((error: unknown) => error)));

    // Every connection closed (none hangs); an answer, if any, is never a 5xx.
    for (const answer of answers) {
      const statuses =
        typeof answer === "string"
          ? [...answer.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => Number(match[1]))
          : [];
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
    }
    await expectServing(server);
    for (const socket of open) socket.destroy();
  });
});
