import { describe, expect, test } from "vitest";
import { TimeoutError, UnexpectedResponseError } from "../../src/errors.js";
import { resolveSettings } from "../../src/internal/settings.js";
import { createTransport, type TransportConfig } from "../../src/internal/transport.js";
import type { CommonOptions } from "../../src/options.js";
import { FakeClock } from "../support/clock.js";
import { type Answer, scripted } from "../support/fetches.js";
import { rejectionOf } from "../support/rejection.js";

// The transport on its own: a request in, the final response with its body out, and what happens
// between (credentials, retries, time limits), without a client around it.

const baseUrl = "https://api.example.com";

function transport(answers: Answer[], options: CommonOptions = {}, config: Partial<TransportConfig> = {}) {
  const { fetch, requests } = scripted(...answers);
  const clock = new FakeClock();
  const settings = resolveSettings({ clock, fetch, ...options }, baseUrl);
  const authorizations: string[] = [];
  const created = createTransport({
    settings,
    authorizer: {
      authorization: async () => {
        authorizations.push(`Bearer t${authorizations.length + 1}`);
        return authorizations.at(-1)!;
      },
    },
    responseShape: () => undefined,
    pacer: undefined,
    ...config,
  });
  const send = (path: string, { method = "GET", headers, body = null }: RequestInit = {}) =>
    created.send({ method, url: `${baseUrl}${path}`, headers: new Headers(headers), body });
  return { send, requests, clock, authorizations };
}

describe("createTransport", () => {
  test("sends a request with the authorizer's credentials and resolves with the response, its text and JSON", async () => {
    const { send, requests } = transport([Response.json({ id: 1 }, { headers: { "x-request-id": "r-1" } })]);

    const received = await send("/things/1");

    expect(requests.map((request) => request.headers.get("authorization"))).toEqual(["Bearer t1"]);
    expect(received.body).toEqual({ id: 1 });
    expect(received.text).toBe('{"id":1}');
    expect(received.url).toBe(`${baseUrl}/things/1`);
    expect(received.response.headers.get("x-request-id")).toBe("r-1");
  });

  test("retries a GET after a 503 on the clock, sending the body again and fresh credentials", async () => {
    const { send, requests, clock } = transport([new Response(null, { status: 503 }), Response.json({ ok: true })]);

    const received = await send("/things", { method: "PUT", body: '{"a":1}' });

    expect(received.body).toEqual({ ok: true });
    expect(requests.map((request) => [request.body, request.headers.get("authorization")])).toEqual([
      ['{"a":1}', "Bearer t1"],
      ['{"a":1}', "Bearer t2"],
    ]);
    expect(clock.sleeps).toHaveLength(1);
  });

  test("does not retry a POST, and resolves with the final failed response for the caller to judge", async () => {
    const { send, requests } = transport([Response.json({ error: "busy" }, { status: 503 })]);

    const received = await send("/things", { method: "POST", body: "{}" });

    expect(received.response.status).toBe(503);
    expect(received.body).toEqual({ error: "busy" });
    expect(requests).toHaveLength(1);
  });

  test("keeps an error body that is not JSON as text, and an empty one as nothing", async () => {
    const text = transport([new Response("Bad gateway, try later", { status: 502 })], { retry: false });
    const empty = transport([new Response(null, { status: 404 })], { retry: false });

    expect((await text.send("/x")).body).toBe("Bad gateway, try later");
    expect((await empty.send("/x")).body).toBeUndefined();
  });

  test("after a 401, asks a renewing authorizer once more and sends again, once", async () => {
    const rejected: string[] = [];
    const { send, requests } = transport(
      [new Response(null, { status: 401 }), new Response(null, { status: 401 })],
      {},
      {
        authorizer: {
          authorization: async () => `Bearer t${rejected.length + 1}`,
          rejected: (authorization) => void rejected.push(authorization),
        },
      },
    );

    const received = await send("/x");

    expect(received.response.status).toBe(401);
    expect(rejected).toEqual(["Bearer t1"]);
    expect(requests.map((request) => request.headers.get("authorization"))).toEqual(["Bearer t1", "Bearer t2"]);
  });

  test("refuses a success that is not JSON, or not of the spec's shape, with an UnexpectedResponseError", async () => {
    const html = transport([new Response("<html>", { headers: { "content-type": "text/html" } })], { retry: false });
    const shaped = transport(
      [Response.json({ id: "1" })],
      { retry: false },
      {
        responseShape: () => ({
          operationId: "getThing",
          schema: { type: "object", required: ["id", "name"], properties: { id: { type: "integer" } } },
        }),
      },
    );

    const notJson = await rejectionOf(html.send("/x"), UnexpectedResponseError);
    const wrong = await rejectionOf(shaped.send("/x"), UnexpectedResponseError);

    expect(notJson.issues).toEqual([]);
    expect(wrong.issues.map(({ field, rule }) => [field, rule])).toEqual([
      ["body.name", "required"],
      ["body.id", "type"],
    ]);
  });

  test("ends an attempt that outlasts its time limit with a TimeoutError, and retries it where the method allows", async () => {
    const clock = new FakeClock();
    const { send, requests } = transport(
      [
        () => {
          clock.advance(1_000);
          return new Promise<Response>(() => {});
        },
      ],
      { clock, timeoutMs: 1_000, retry: { maxRetries: 1 } },
    );

    const error = await rejectionOf(send("/x"), TimeoutError);

    expect(error.timeoutMs).toBe(1_000);
    expect(requests).toHaveLength(2);
  });
});
