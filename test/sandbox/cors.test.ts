import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  createSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxServer,
  startSandbox,
} from "../../src/sandbox/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";

const page = "http://127.0.0.1:5173";
const recruboUrl = "http://127.0.0.1/public/v2/management/organizations/";
const blynkUrl = "http://127.0.0.1/api/v1/organization/profile";

function preflight(url: string, method: string, headers: string, origin = page): Request {
  return new Request(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

function sandboxWith(options: SandboxOptions): Sandbox {
  return createSandbox({ recrubo: { organizations: 2 }, blynk: { organizations: 2 }, ...options });
}

/** The request a browser sends for `request` from `origin`: the same, plus its Origin. */
function fromPage(request: Request, origin = page): Request {
  const headers = new Headers(request.headers);
  headers.set("origin", origin);
  return new Request(request, { headers });
}

// Headers a page may send without a preflight's leave (CORS-safelisted), whatever their value here.
const safelisted = new Set(["accept", "accept-language", "content-language"]);

/**
 * A fetch that behaves as a browser towards the sandbox: before each request the client sends, it
 * preflights the method and the headers a page may not send unasked (as Chromium does), and it
 * refuses an answer the page may not read. Every header each client really sends is thus checked.
 */
function browserLikeFetch(sandbox: Sandbox, checked: Set<string>) {
  return async (request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
    const names = [...request.headers.keys()].filter((name) => !safelisted.has(name));
    const allowed = await sandbox.fetch(preflight(request.url, request.method, names.join(", ")));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(page);
    expect(allowed.headers.get("access-control-allow-methods")?.split(", ")).toContain(request.method);
    const allowedHeaders = allowed.headers.get("access-control-allow-headers")?.split(", ") ?? [];
    for (const name of names) {
      expect(allowedHeaders).toContain(name);
      checked.add(name);
    }
    const response = await sandbox.fetch(fromPage(request), init);
    if (response.headers.get("access-control-allow-origin") !== page) throw new TypeError("Failed to fetch (CORS)");
    return response;
  };
}

describe("the sandbox's cors option", () => {
  test("is off by default: a preflight is not answered with CORS headers", async () => {
    const sandbox = sandboxWith({});
    const response = await sandbox.fetch(preflight(recruboUrl, "POST", "authorization, content-type"));
    expect(response.status).not.toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const answer = await sandbox.fetch(new Request(recruboUrl, { headers: { origin: page } }));
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.headers.get("access-control-expose-headers")).toBeNull();
  });

  test("answers a preflight 204 with the origin, the methods and the very headers asked for", async () => {
    const sandbox = sandboxWith({ cors: true });
    const response = await sandbox.fetch(
      preflight(recruboUrl, "PATCH", "authorization, content-type, x-api-key, x-trace-id"),
    );
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toEqual({
      "access-control-allow-origin": page,
      "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
      "access-control-allow-headers": "authorization, content-type, x-api-key, x-trace-id",
      "access-control-max-age": "600",
      vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    });
    expect(await response.text()).toBe("");
  });

  test("allows no header on a preflight that asks for none, or for a malformed list", async () => {
    const sandbox = sandboxWith({ cors: true });
    const bare = await sandbox.fetch(
      new Request(blynkUrl, { method: "OPTIONS", headers: { origin: page, "access-control-request-method": "GET" } }),
    );
    expect(bare.status).toBe(204);
    expect(bare.headers.has("access-control-allow-headers")).toBe(false);
    const malformed = await sandbox.fetch(preflight(blynkUrl, "GET", "authorization;x=1"));
    expect(malformed.headers.has("access-control-allow-headers")).toBe(false);
  });

  test("lets an allowed page read every answer, error and fault included, and the headers orgkit reads", async () => {
    const sandbox = sandboxWith({ cors: true });
    sandbox.faults.failNext(1, 429, { retryAfterSeconds: 3 });
    const limited = await sandbox.fetch(fromPage(new Request(blynkUrl)));
    const unauthorized = await sandbox.fetch(fromPage(new Request(blynkUrl)));
    const refused = await sandbox.fetch(
      fromPage(new Request(blynkUrl, { headers: { "x-orgkit-sandbox-delay-ms": "soon" } })),
    );
    expect([limited.status, unauthorized.status, refused.status]).toEqual([429, 401, 400]);
    for (const response of [limited, unauthorized, refused]) {
      expect(response.headers.get("access-control-allow-origin")).toBe(page);
      expect(response.headers.get("vary")).toBe("Origin");
      expect(response.headers.get("access-control-expose-headers")?.split(", ")).toEqual(
        expect.arrayContaining(["retry-after", "retry-after-ms", "x-request-id", "request-id", "location", "allow"]),
      );
    }
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  test("answers HEAD with the CORS headers of its GET", async () => {
    const sandbox = sandboxWith({ cors: true });
    const response = await sandbox.fetch(fromPage(new Request(blynkUrl, { method: "HEAD" })));
    expect(response.headers.get("access-control-allow-origin")).toBe(page);
  });

  test("answers preflights before latency and faults, which stay for the client's own requests", async () => {
    const sandbox = sandboxWith({ cors: true });
    sandbox.faults.failNext(1, 503);
    sandbox.faults.latencyMs = 60_000;
    // Held back by the latency, the preflight would still be pending when the abort comes.
    const stop = new AbortController();
    let status: number | undefined;
    const answered = sandbox.fetch(preflight(recruboUrl, "GET", "authorization"), { signal: stop.signal }).then(
      (response) => (status = response.status),
      () => undefined,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    stop.abort();
    await answered;
    expect(status).toBe(204);
    sandbox.faults.latencyMs = 0;
    expect((await sandbox.fetch(new Request(recruboUrl))).status).toBe(503);
  });

  test("with a list of origins, refuses another page's preflight and lets it read nothing", async () => {
    const sandbox = sandboxWith({ cors: { origins: [page] } });
    expect((await sandbox.fetch(preflight(recruboUrl, "GET", "authorization"))).status).toBe(204);
    const other = "http://127.0.0.1:8080";
    const refused = await sandbox.fetch(preflight(recruboUrl, "GET", "authorization", other));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("access-control-allow-headers")).toBeNull();
    const answer = await sandbox.fetch(fromPage(new Request(recruboUrl), other));
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("leaves an OPTIONS request that is not a preflight to the routes", async () => {
    const sandbox = sandboxWith({ cors: true });
    const response = await sandbox.fetch(new Request(recruboUrl, { method: "OPTIONS", headers: { origin: page } }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD");
  });

  test("serves both clients, every header they send preflighted, as a browser would see it", async () => {
    const sandbox = sandboxWith({ cors: true });
    const checked = new Set<string>();
    const fetch = browserLikeFetch(sandbox, checked);
    const { client: recrubo } = recruboClient({ sandbox, fetch, retry: false });
    const { client: blynk } = blynkClient({ sandbox, fetch, retry: false });

    const created = await recrubo.organizations.create({ name: "Browser Org" }, { headers: { "x-trace-id": "t-1" } });
    await recrubo.organizations.update(created.id, { name: "Browser Org Renamed" });
    expect((await recrubo.organizations.list()).meta.total).toBe(3);
    const branch = await blynk.organizations.create({ name: "Browser Branch", parentId: 1 });
    await blynk.organizations.delete(branch.id);
    // Outside a browser the clients also send User-Agent, which a page's fetch may carry too.
    expect([...checked].sort()).toEqual(["authorization", "content-type", "user-agent", "x-trace-id"]);
    expect(sandbox.bugs).toEqual([]);
  });
});

describe("startSandbox's cors option", () => {
  const servers: SandboxServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** A raw request, as Node's fetch would not send an Origin of our choosing on every version. */
  function send(
    url: string,
    method: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(url, { method, headers }, (incoming) => {
        incoming.resume();
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers }));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
  }

  test("answers preflights and marks answers over HTTP", async () => {
    const server = await startSandbox({ cors: true, blynk: { organizations: 1 } });
    servers.push(server);
    const preflighted = await send(`${server.url}/api/v1/organization/profile`, "OPTIONS", {
      origin: page,
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    });
    expect(preflighted.status).toBe(204);
    expect(preflighted.headers["access-control-allow-origin"]).toBe(page);
    expect(preflighted.headers["access-control-allow-headers"]).toBe("authorization");
    const answered = await send(`${server.url}/api/v1/organization/profile`, "GET", { origin: page });
    expect(answered.status).toBe(401);
    expect(answered.headers["access-control-allow-origin"]).toBe(page);
  });

  test("is off by default over HTTP too", async () => {
    const server = await startSandbox({ blynk: { organizations: 1 } });
    servers.push(server);
    const preflighted = await send(`${server.url}/api/v1/organization/profile`, "OPTIONS", {
      origin: page,
      "access-control-request-method": "GET",
    });
    expect(preflighted.status).toBe(405);
    expect(preflighted.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
