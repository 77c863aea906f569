import { describe, expect, test } from "vitest";
import {
  type BlynkClientOptions,
  ConnectionError,
  type RecruboClientOptions,
  ServerError,
  TimeoutError,
} from "../../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";

interface Exchange {
  path: string;
  status: number | "dropped";
  contentType: string | null;
  retryAfter: string | null;
  body: unknown;
}

/** Wraps the sandbox's fetch, recording every request and what it got. */
function recorder(sandbox: Sandbox) {
  const exchanges: Exchange[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let response: Response;
    try {
      response = await sandbox.fetch(request);
    } catch (error) {
      exchanges.push({ path, status: "dropped", contentType: null, retryAfter: null, body: undefined });
      throw error;
    }
    const text = await response.clone().text();
    exchanges.push({
      path,
      status: response.status,
      contentType: response.headers.get("content-type"),
      retryAfter: response.headers.get("retry-after"),
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
    });
    return response;
  };
  return { fetch, exchanges };
}

function setup(options: SandboxOptions = {}) {
  const clock = new FakeClock(undefined, { timeLimits: "real" }); // the sandbox's latency is real time
  const sandbox = createSandbox({ recrubo: { organizations: 3 }, blynk: { organizations: 3 }, ...options });
  const { fetch, exchanges } = recorder(sandbox);
  const recrubo = (extra: Partial<RecruboClientOptions> = {}) =>
    recruboClient({ sandbox, fetch, clock, ...extra }).client;
  const blynk = (extra: Partial<BlynkClientOptions> = {}) => blynkClient({ sandbox, fetch, clock, ...extra }).client;
  const apiExchanges = () => exchanges.filter((exchange) => exchange.path !== "/oauth2/token");
  return { clock, sandbox, exchanges, apiExchanges, recrubo, blynk };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("sandbox faults: failNext", () => {
  test("makes the next two Recrubo requests 503 in JSON:API form; the client succeeds on the third attempt", async () => {
    const { sandbox, exchanges, recrubo, clock } = setup();
    sandbox.faults.failNext(2, 503);

    const { meta } = await recrubo().organizations.list();

    expect(meta.total).toBe(3);
    expect(exchanges.map((exchange) => exchange.status)).toEqual([503, 503, 200]);
    expect(clock.sleeps).toHaveLength(2);
    const failed = exchanges[0];
    expect(failed?.contentType).toBe("application/vnd.api+json");
    expect(failed?.body).toEqual({
      errors: [{ code: "service_unavailable", status: 503, title: "Service Unavailable", detail: expect.any(String) }],
    });
  });

  test("makes the next two Blynk requests 503 as { error: { message } }; the client succeeds on the third attempt", async () => {
    const { sandbox, apiExchanges, blynk, clock } = setup();
    const client = blynk();
    await client.organizations.profile(); // gets the token first, so that the faults hit the API call

    sandbox.faults.failNext(2, 503);
    const profile = await client.organizations.profile();

    expect(profile).toMatchObject({ id: 1, name: "Acme Corp" });
    expect(apiExchanges().map((exchange) => exchange.status)).toEqual([200, 503, 503, 200]);
    expect(clock.sleeps).toHaveLength(2);
    expect(apiExchanges()[1]?.contentType).toBe("application/json");
    expect(apiExchanges()[1]?.body).toEqual({ error: { message: expect.stringMatching(/Service Unavailable/) } });
  });

  test("hits the Blynk token endpoint too, which the client retries", async () => {
    const { sandbox, exchanges, blynk } = setup();
    sandbox.faults.failNext(1, 503);

    await expect(blynk().organizations.profile()).resolves.toMatchObject({ id: 1 });

    expect(exchanges.map((exchange) => [exchange.path, exchange.status])).toEqual([
      ["/oauth2/token", 503],
      ["/oauth2/token", 200],
      ["/api/v1/organization/profile", 200],
    ]);
  });

  test("without retries, the failure reaches the caller as a ServerError and only the queued count fails", async () => {
    const { sandbox, recrubo } = setup();
    const client = recrubo({ retry: false });
    sandbox.faults.failNext(1, 500);

    const error = await caught(client.organizations.list());

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      status: 500,
      details: [{ code: "internal_server_error", title: "Internal Server Error" }],
    });
    await expect(client.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });
  });

  test("a 429 with retryAfterSeconds makes the client wait that long, then succeed", async () => {
    const { sandbox, exchanges, recrubo, clock } = setup();
    sandbox.faults.failNext(1, 429, { retryAfterSeconds: 7 });

    const { meta } = await recrubo().organizations.list();

    expect(meta.total).toBe(3);
    expect(clock.sleeps).toEqual([7000]);
    expect(exchanges.map((exchange) => exchange.status)).toEqual([429, 200]);
    expect(exchanges[0]?.retryAfter).toBe("7");
    expect(exchanges[0]?.body).toMatchObject({ errors: [{ status: 429, title: "Too Many Requests" }] });
  });

  test("a 429 without retryAfterSeconds sends no Retry-After", async () => {
    const { sandbox, exchanges, blynk } = setup();
    const client = blynk({ retry: false });
    await client.organizations.profile();
    sandbox.faults.failNext(1, 429);

    await expect(client.organizations.profile()).rejects.toMatchObject({ status: 429, retryAfterMs: undefined });
    expect(exchanges.at(-1)?.retryAfter).toBeNull();
  });
});

describe("sandbox faults: dropNext", () => {
  test("drops the connection: a ConnectionError without retries", async () => {
    const { sandbox, exchanges, recrubo } = setup();
    const client = recrubo({ retry: false });
    sandbox.faults.dropNext(1);

    const error = await caught(client.organizations.list());

    expect(error).toBeInstanceOf(ConnectionError);
    expect(exchanges.map((exchange) => exchange.status)).toEqual(["dropped"]);
    await expect(client.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });
  });

  test("a client with retries gets through", async () => {
    const { sandbox, apiExchanges, blynk, clock } = setup();
    const client = blynk();
    await client.organizations.profile();
    sandbox.faults.dropNext(1);

    await expect(client.organizations.search({ query: "Acme" })).resolves.toMatchObject({ totalElements: 4 });
    expect(apiExchanges().map((exchange) => exchange.status)).toEqual([200, "dropped", 200]);
    expect(clock.sleeps).toHaveLength(1);
  });
});

describe("sandbox faults: latency", () => {
  test("latencyMs delays answers past a client's timeout", async () => {
    const { recrubo, sandbox } = setup({ latencyMs: 30 });

    expect(sandbox.faults.latencyMs).toBe(30);
    const error = await caught(recrubo({ retry: false, timeoutMs: 10 }).organizations.list());

    expect(error).toBeInstanceOf(TimeoutError);
  });

  test("faults.latencyMs can be set at any time", async () => {
    const { recrubo, sandbox } = setup();
    const client = recrubo({ retry: false });
    await expect(client.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });

    sandbox.faults.latencyMs = 30;

    await expect(client.organizations.list({}, { timeoutMs: 10 })).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("sandbox faults: reset", () => {
  test("clears latency and every queued failure", async () => {
    const { recrubo, sandbox, exchanges } = setup();
    sandbox.faults.latencyMs = 60_000;
    sandbox.faults.failNext(2, 503).dropNext(1);

    sandbox.faults.reset();

    expect(sandbox.faults.latencyMs).toBe(0);
    expect(sandbox.faults.take()).toBeUndefined();
    const client = recrubo({ retry: false, timeoutMs: 1000 });
    await expect(client.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });
    await expect(client.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });
    expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 200]);
  });
});
