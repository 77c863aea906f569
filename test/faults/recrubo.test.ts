import { describe, expect, test } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConnectionError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../../src/index.js";
import { recruboClient } from "../support/clients.js";
import { scripted } from "../support/fetches.js";
import {
  orgId,
  recruboDocument,
  recruboErrorDocument,
  recruboListDocument,
  recruboOrganization,
} from "../support/fixtures.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import {
  answerJson,
  hugeBody,
  loopbackServer,
  rawReply,
  recruboListPath,
  resetBeforeHeaders,
  resetMidBody,
  stallMidBody,
  text,
  typedFailure,
} from "./harness.js";

const jsonApi = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  text(JSON.stringify(body), status, "application/vnd.api+json", headers);
const { attributes: _, ...withoutAttributes } = recruboOrganization;

describe("faults: Recrubo", () => {
  failOnUnhandledRejection();

  describe("5xx bursts beyond the retry budget", () => {
    test("a GET answered 503 ten times fails with ServerError after exactly 1 + maxRetries requests", async () => {
      const { fetch, requests } = scripted(() => jsonApi(recruboErrorDocument(503), 503));
      const { client, clock } = recruboClient({ fetch });

      const error = await typedFailure(client.organizations.list(), ServerError);

      expect(error).toMatchObject({ status: 503, method: "GET" });
      expect(requests).toHaveLength(3);
      expect(clock.sleeps).toHaveLength(2);
    });

    test("a POST answered 502 is not repeated: one request, ServerError", async () => {
      const { fetch, requests } = scripted(() => jsonApi(recruboErrorDocument(502), 502));
      const { client, clock } = recruboClient({ fetch });

      await typedFailure(client.organizations.create({ name: "Test Org" }), ServerError);

      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });
  });

  describe("connection resets on a real loopback server", () => {
    test("a reset before any header, on every attempt, ends in ConnectionError with its cause", async () => {
      const server = await loopbackServer(resetBeforeHeaders);
      try {
        const { client, clock } = recruboClient({ baseUrl: server.url });

        const error = await typedFailure(client.organizations.list(), ConnectionError);

        expect(error.message).toContain(`GET ${server.url}${recruboListPath}`);
        expect(error.cause).toBeInstanceOf(Error);
        expect(server.requests).toHaveLength(3);
        expect(clock.sleeps).toHaveLength(2);
      } finally {
        await server.close();
      }
    });

    test("a reset in the middle of the body is retried, and the next full answer is returned", async () => {
      const server = await loopbackServer(
        resetMidBody(JSON.stringify(recruboListDocument).slice(0, 40), "application/vnd.api+json"),
        answerJson(recruboListDocument),
      );
      try {
        const { client } = recruboClient({ baseUrl: server.url });

        await expect(client.organizations.list()).resolves.toEqual(recruboListDocument);

        expect(server.requests).toHaveLength(2);
      } finally {
        await server.close();
      }
    });

    test("a reset in the middle of the body of a POST is a ConnectionError, not a parse error, and is not repeated", async () => {
      const server = await loopbackServer(resetMidBody(JSON.stringify(recruboDocument).slice(0, 30)));
      try {
        const { client } = recruboClient({ baseUrl: server.url });

        await typedFailure(client.organizations.create({ name: "Test Org" }), ConnectionError);

        expect(server.requests.map((request) => request.method)).toEqual(["POST"]);
      } finally {
        await server.close();
      }
    });
    test("a close-delimited body cut short is an UnexpectedResponseError (not JSON), retried like a 5xx", async () => {
      const head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.api+json\r\nconnection: close\r\n\r\n";
      const server = await loopbackServer(rawReply(`${head}${JSON.stringify(recruboListDocument).slice(0, 50)}`));
      try {
        const { client } = recruboClient({ baseUrl: server.url });

        const error = await typedFailure(client.organizations.list(), UnexpectedResponseError);

        expect(error.issues).toEqual([]);
        expect(server.requests).toHaveLength(3);
      } finally {
        await server.close();
      }
    });

    test("a custom fetch's own bug is not reported as a ConnectionError, nor retried", async () => {
      const bug = new TypeError("Cannot read properties of undefined (reading 'headers')");
      const { fetch, requests } = scripted(() => {
        throw bug;
      });
      const { client, clock } = recruboClient({ fetch });

      const error = await client.organizations.list().then(
        () => undefined,
        (caught: unknown) => caught,
      );

      expect(error).not.toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ message: bug.message });
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });
  });

  describe("stalled bodies", () => {
    test("headers sent, body never finished: TimeoutError after timeoutMs", async () => {
      const server = await loopbackServer(stallMidBody('{"data":['));
      try {
        const { client } = recruboClient({ baseUrl: server.url, timeoutMs: 50, retry: false });

        const error = await typedFailure(client.organizations.list(), TimeoutError);

        expect(error.timeoutMs).toBe(50);
        expect(server.requests).toHaveLength(1);
      } finally {
        await server.close();
      }
    });
  });

  describe("malformed success bodies", () => {
    test("a 2xx HTML page (a proxy's) is an UnexpectedResponseError, retried like a 5xx for a GET", async () => {
      const { fetch, requests } = scripted(() =>
        text("<!doctype html><title>Captive portal</title><p>Sign in to continue</p>"),
      );
      const { client, clock } = recruboClient({ fetch });

      const error = await typedFailure(client.organizations.list(), UnexpectedResponseError);

      expect(error).toMatchObject({ status: 200, method: "GET", issues: [], contentType: "text/html; charset=utf-8" });
      expect(requests).toHaveLength(3);
      expect(clock.sleeps).toHaveLength(2);
    });

    test("truncated JSON is retried, and the later full answer is returned", async () => {
      const truncated = JSON.stringify(recruboDocument).slice(0, -7);
      const { fetch, requests } = scripted(text(truncated, 200, "application/vnd.api+json"), () =>
        jsonApi(recruboDocument),
      );
      const { client } = recruboClient({ fetch });

      await expect(client.organizations.get(orgId)).resolves.toEqual(recruboOrganization);
      expect(requests).toHaveLength(2);
    });

    test("truncated JSON on every attempt ends in UnexpectedResponseError, not SyntaxError", async () => {
      const { fetch } = scripted(() => text('{"data":{"id":"303f151b', 200, "application/vnd.api+json"));
      const { client } = recruboClient({ fetch });

      const error = await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
      expect(error.issues).toEqual([]);
    });

    test.each([
      { with: "no Content-Length", headers: {} },
      { with: "Content-Length: 0", headers: { "content-length": "0" } },
    ])("an empty 200 body where a document is expected ($with) is an UnexpectedResponseError", async ({ headers }) => {
      const { fetch } = scripted(
        () => new Response("", { status: 200, headers: { "content-type": "application/vnd.api+json", ...headers } }),
      );
      const { client } = recruboClient({ fetch, retry: false });

      await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
    });

    test("{} is an UnexpectedResponseError naming the missing data", async () => {
      const { fetch } = scripted(() => jsonApi({}));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.data", rule: "required" }));
    });

    test("{ data: null } is an UnexpectedResponseError, not a TypeError reading data.attributes", async () => {
      const { fetch } = scripted(() => jsonApi({ data: null }));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
      expect(error.issues.map((issue) => issue.field)).toContain("body.data");
    });

    test("a resource without attributes is an UnexpectedResponseError, for one organization and in a list", async () => {
      const { fetch } = scripted(() => jsonApi({ data: withoutAttributes }));
      const { client } = recruboClient({ fetch, retry: false });
      const single = await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
      expect(single.issues).toContainEqual(
        expect.objectContaining({ field: "body.data.attributes", rule: "required" }),
      );

      const list = scripted(() => jsonApi({ ...recruboListDocument, data: [recruboOrganization, withoutAttributes] }));
      const listed = await typedFailure(
        recruboClient({ fetch: list.fetch, retry: false }).client.organizations.list(),
        UnexpectedResponseError,
      );
      expect(listed.issues).toContainEqual(
        expect.objectContaining({ field: "body.data[1].attributes", rule: "required" }),
      );
    });

    // The contract: an UnexpectedResponseError (body not JSON, or without the spec's envelope) is
    // retried like a 5xx for safe methods; the next, well-formed answer wins.
    test.each([
      { answer: "{}", first: () => jsonApi({}) },
      {
        answer: "an empty body",
        first: () => new Response("", { status: 200, headers: { "content-type": "application/vnd.api+json" } }),
      },
    ])("a GET whose 2xx answer is $answer is retried like a 5xx", async ({ first }) => {
      const { fetch, requests } = scripted(first(), () => jsonApi(recruboDocument));
      const { client } = recruboClient({ fetch });

      await expect(client.organizations.get(orgId)).resolves.toEqual(recruboOrganization);
      expect(requests).toHaveLength(2);
    });

    test("a 2xx document nested 100,000 levels deep is an UnexpectedResponseError, not a RangeError", async () => {
      const deep = `{"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
      const { fetch } = scripted(() => text(deep, 200, "application/vnd.api+json"));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.get(orgId), UnexpectedResponseError);
      expect(error.message.length).toBeLessThan(2000);
    });
  });

  describe("error bodies of any shape", () => {
    test('a title that cannot become a string ({"toString": 1}) is shown as JSON', async () => {
      const body = { errors: [{ status: 422, title: { toString: 1 }, detail: { valueOf: 2, toString: "x" } }] };
      const { fetch } = scripted(() => jsonApi(body, 422));
      const { client } = recruboClient({ fetch });

      const error = await typedFailure(client.organizations.list(), BadRequestError);

      expect(error.status).toBe(422);
      expect(error.message).toContain('{"toString":1}');
      for (const detail of error.details) expect(typeof detail.message).toBe("string");
    });

    test.each([
      { shape: "JSON null", body: "null" },
      { shape: "a number", body: "42" },
      { shape: "a JSON string", body: '"nope"' },
      { shape: "an array", body: "[1,2,3]" },
      { shape: "errors that is not an array", body: '{"errors":"broken"}' },
      { shape: "errors of nulls and numbers", body: '{"errors":[null,1,"x",[]]}' },
      { shape: "a __proto__ key", body: '{"__proto__":{"message":"polluted"},"errors":[{"__proto__":{"title":"x"}}]}' },
      { shape: "invalid JSON", body: '{"errors":[{"title":' },
      { shape: "binary garbage", body: "\u0000\uFFFD\u0001\u00ff" },
    ])("an error body that is $shape still gives a ServerError with a printable message", async ({ body }) => {
      const { fetch } = scripted(() => text(body, 500, "application/vnd.api+json"));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.list(), ServerError);

      expect(error.status).toBe(500);
      expect(error.message).toContain("500 Internal Server Error: GET ");
      expect(String(error)).toContain(error.message);
      expect(Array.isArray(error.details)).toBe(true);
      expect(Object.hasOwn(Object.prototype, "message")).toBe(false); // the __proto__ key polluted nothing
    });

    test("an error document within the 64 kB limit but nested 30,000 levels deep is cut, not a stack overflow", async () => {
      const body = `{"errors":[{"title":"Deep","detail":${"[".repeat(30_000)}${"]".repeat(30_000)}}]}`;
      const { fetch } = scripted(() => text(body, 400, "application/vnd.api+json"));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.list(), BadRequestError);

      expect(error.details).toHaveLength(1);
      expect(error.message.length).toBeLessThan(2000);
    });

    test("an error document nested 100,000 levels deep gives a ServerError", async () => {
      const body = `{"errors":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
      const { fetch } = scripted(() => text(body, 503, "application/vnd.api+json"));
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.list(), ServerError);
      expect(error.message.length).toBeLessThan(2000);
    });

    test("an error body of 40 MB is read only as far as the error needs", async () => {
      const body = hugeBody(40 * 1024 * 1024, "<p>oops</p>");
      const { fetch } = scripted(
        () => new Response(body.stream, { status: 502, headers: { "content-type": "text/html" } }),
      );
      const { client } = recruboClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.list(), ServerError);

      expect(error.status).toBe(502);
      expect(body.pulled()).toBeLessThan(1024 * 1024);
      expect(error.message.length).toBeLessThan(2000);
    });
  });

  describe("3xx that cannot be followed", () => {
    test.each(["http://[", "https://exa mple.com/x", "http://127.0.0.1:99999/"])(
      "a 302 with the unparsable Location %j is an ApiError, not a TypeError",
      async (location) => {
        const { fetch, requests } = scripted(() => new Response(null, { status: 302, headers: { location } }));
        const { client } = recruboClient({ fetch });

        const error = await typedFailure(client.organizations.list(), ApiError);

        expect(error.status).toBe(302);
        expect(error.hint).toContain("without a valid Location");
        expect(requests).toHaveLength(1);
      },
    );
  });
});
