import { describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  OrgkitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { type Answer, type Fetch, scripted } from "../support/fetches.js";
import { blynkOrganization, clientId, clientSecret } from "../support/fixtures.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import {
  blynkTokenPath,
  json,
  loopbackServer,
  neverAnswer,
  rawReply,
  refusedUrl,
  resetBeforeHeaders,
  resetMidBody,
  stallMidBody,
  text,
  typedFailure,
} from "./harness.js";

const credentials = { clientId, clientSecret };
const search = { query: "acme" };
const tokenA = "tokA-7Yq2mR9xL4vN8cT1wP6sK3hJ5bF0dG2e";
const tokenB = "tokB-3Hs8nQ1vX6zL9pR2tY5wC7mK0jD4fA8u";
const refreshA = "refA-5Gt2kW9qN3xV7bM1cZ8yR4pL6sJ0hD3e";
const tokenAnswer = (access_token: unknown, extra: Record<string, unknown> = {}) =>
  json({ access_token, token_type: "Bearer", expires_in: 300, ...extra });

/**
 * Blynk behind one fetch: the token endpoint answers from `token` (by grant), the API from `api`.
 * Records the grants asked for and the Authorization of each API request.
 */
function oauthBlynk(
  token: (grant: URLSearchParams) => Response | Promise<Response>,
  api: Answer = () => json(blynkOrganization),
) {
  const grants: Array<string | null> = [];
  const apiAuthorizations: Array<string | null> = [];
  const fetch: Fetch = async (request) => {
    const url = new URL(request.url);
    if (url.pathname === blynkTokenPath) {
      grants.push(url.searchParams.get("grant_type"));
      return token(url.searchParams);
    }
    apiAuthorizations.push(request.headers.get("authorization"));
    return typeof api === "function" ? api(request) : api;
  };
  return { fetch, grants, apiAuthorizations };
}

describe("faults: Blynk", () => {
  failOnUnhandledRejection();

  describe("5xx bursts beyond the retry budget", () => {
    test("a mixed 500/502/504/503 burst longer than maxRetries ends in the last status's ServerError", async () => {
      const statuses = [500, 502, 504, 503, 500, 502, 504];
      const { fetch, requests } = scripted(
        ...statuses.map((status) => json({ error: { message: `Failed ${status}` } }, status)),
      );
      const { client, clock } = blynkClient({ fetch, retry: { maxRetries: 4 } });

      const error = await typedFailure(client.organizations.profile(), ServerError);

      expect(error).toMatchObject({ status: 500, details: [{ message: "Failed 500" }] });
      expect(requests).toHaveLength(5);
      expect(clock.sleeps).toHaveLength(4);
    });
  });

  describe("connection faults on a real loopback server", () => {
    test("a reset in the middle of every body ends in ConnectionError, not a parse error", async () => {
      const server = await loopbackServer(resetMidBody('{"content":[{"id":1,"na'));
      try {
        const { client } = blynkClient({ baseUrl: server.url });

        const error = await typedFailure(client.organizations.search(search), ConnectionError);

        expect(error.cause).toBeInstanceOf(Error);
        expect(server.requests).toHaveLength(3);
      } finally {
        await server.close();
      }
    });

    test("a reset before any header on a POST is a ConnectionError, and the POST is not repeated", async () => {
      const server = await loopbackServer(resetBeforeHeaders);
      try {
        const { client } = blynkClient({ baseUrl: server.url });

        await typedFailure(client.organizations.create({ name: "Acme Kyiv", tz: "Europe/Kyiv" }), ConnectionError);

        expect(server.requests.map((request) => request.method)).toEqual(["POST"]);
      } finally {
        await server.close();
      }
    });

    test("an answer that is not HTTP at all is a ConnectionError", async () => {
      const server = await loopbackServer(rawReply("SSH-2.0-OpenSSH_9.6\r\n"));
      try {
        const { client } = blynkClient({ baseUrl: server.url, retry: false });

        await typedFailure(client.organizations.profile(), ConnectionError);
      } finally {
        await server.close();
      }
    });

    // Decoding failed, the network did not: "ConnectionError for real network failures only".
    test("a 2xx body whose gzip encoding is corrupt is an UnexpectedResponseError, not a ConnectionError", async () => {
      const server = await loopbackServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        response.end("this is not gzip");
      });
      try {
        const { client } = blynkClient({ baseUrl: server.url, retry: false });

        await typedFailure(client.organizations.profile(), UnexpectedResponseError);
      } finally {
        await server.close();
      }
    });

    test("a body that stalls after the headers is retried once, then ends in TimeoutError", async () => {
      const server = await loopbackServer(stallMidBody('{"content":['));
      try {
        const { client } = blynkClient({ baseUrl: server.url, timeoutMs: 50, retry: { maxRetries: 1 } });

        const error = await typedFailure(client.organizations.search(search), TimeoutError);

        expect(error.timeoutMs).toBe(50);
        expect(server.requests).toHaveLength(2);
      } finally {
        await server.close();
      }
    });
  });

  describe("malformed pages", () => {
    test("a page without content is an UnexpectedResponseError naming it", async () => {
      const { fetch } = scripted(() => json({ totalElements: 1 }));
      const { client } = blynkClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.search(search), UnexpectedResponseError);
      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.content", rule: "required" }));
    });

    test("a page without totalElements is an UnexpectedResponseError naming it", async () => {
      const { fetch } = scripted(() => json({ content: [blynkOrganization] }));
      const { client } = blynkClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.search(search), UnexpectedResponseError);
      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.totalElements", rule: "required" }));
    });

    test("items() over a page without content fails with UnexpectedResponseError, yielding nothing", async () => {
      const { fetch } = scripted(() => json({ totalElements: 500 }));
      const { client } = blynkClient({ fetch, retry: false });
      const seen: number[] = [];

      const iterate = async () => {
        for await (const organization of client.organizations.items(search, { concurrency: 4 }))
          seen.push(organization.id);
      };

      await typedFailure(iterate(), UnexpectedResponseError);
      expect(seen).toEqual([]);
    });

    test("a 200 HTML page in place of a page is retried, then an UnexpectedResponseError", async () => {
      const { fetch, requests } = scripted(() => text("<html><body>502 Bad Gateway</body></html>"));
      const { client } = blynkClient({ fetch });

      await typedFailure(client.organizations.search(search), UnexpectedResponseError);
      expect(requests).toHaveLength(3);
    });
  });

  describe("token answers", () => {
    test("a token answer without access_token is a typed error, and no API request is sent", async () => {
      const server = oauthBlynk(() => json({ token_type: "Bearer", expires_in: 300 }));
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch, retry: false });

      const error = await typedFailure(client.organizations.profile(), UnexpectedResponseError);

      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.access_token", rule: "required" }));
      expect(server.apiAuthorizations).toEqual([]);
      expect(error.message).not.toContain(clientSecret);
    });

    test.each([
      { kind: "a number", token: 1234567890 },
      { kind: "an object", token: { value: tokenA } },
      { kind: "null", token: null },
      { kind: "an array", token: [tokenA] },
    ])("a token that is $kind is a typed error, and no API request is sent", async ({ token }) => {
      const server = oauthBlynk(() => tokenAnswer(token));
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch, retry: false });

      const error = await typedFailure(client.organizations.profile(), UnexpectedResponseError);

      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.access_token" }));
      expect(server.apiAuthorizations).toEqual([]);
    });

    test.each([
      { kind: "missing", extra: { expires_in: undefined } },
      { kind: "a string", extra: { expires_in: "300" } },
    ])("a token answer whose expires_in is $kind is a typed error, and no API request is sent", async ({ extra }) => {
      const server = oauthBlynk(() => tokenAnswer(tokenA, extra));
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch, retry: false });

      const error = await typedFailure(client.organizations.profile(), UnexpectedResponseError);

      expect(error.issues).toContainEqual(expect.objectContaining({ field: "body.expires_in" }));
      expect(server.apiAuthorizations).toEqual([]);
      expect(JSON.stringify(error)).not.toContain(tokenA);
    });

    test("an HTML page from the token endpoint (a captive portal) is retried, then a typed error; no API request is sent", async () => {
      const server = oauthBlynk(() => text("<html><body>Please sign in to the Wi-Fi</body></html>"));
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch });

      await typedFailure(client.organizations.profile(), UnexpectedResponseError);

      expect(server.grants).toEqual(["client_credentials", "client_credentials", "client_credentials"]);
      expect(server.apiAuthorizations).toEqual([]);
    });

    test.each([
      { kind: "CR/LF", token: `${tokenA}\r\nX-Injected: 1` },
      { kind: "a bare LF", token: `${tokenA}\nX-Injected: 1` },
      { kind: "NUL", token: `${tokenA}\u0000` },
      { kind: "non-Latin-1 text", token: `${tokenA}\u{1F600}` },
    ])(
      "a token containing $kind is an AuthenticationError that never quotes it, and no API request is sent",
      async ({ token }) => {
        const server = oauthBlynk(() => tokenAnswer(token));
        const { client } = blynkClient({ auth: credentials, fetch: server.fetch, retry: false });

        const error = await typedFailure(client.organizations.profile(), AuthenticationError);

        for (const text of [
          error.message,
          String(error.stack),
          JSON.stringify(error),
          JSON.stringify(error.details),
          String(error.hint),
        ]) {
          expect(text).not.toContain(tokenA);
        }
        expect(server.apiAuthorizations).toEqual([]);
      },
    );
  });

  describe("token renewal", () => {
    test("a rejected refresh token falls back to the client credentials, once for five concurrent calls", async () => {
      const clock = new FakeClock();
      const server = oauthBlynk((grant) => {
        if (grant.get("grant_type") === "refresh_token")
          return json({ error: "invalid_grant", error_description: "Refresh token is not valid." }, 401);
        return server.grants.length === 1 ? tokenAnswer(tokenA, { refresh_token: refreshA }) : tokenAnswer(tokenB);
      });
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch, clock, retry: false });
      await client.organizations.profile();

      clock.advance(301_000); // past expires_in
      const results = await Promise.all(Array.from({ length: 5 }, () => client.organizations.profile()));

      expect(results).toEqual(Array(5).fill(blynkOrganization));
      expect(server.grants).toEqual(["client_credentials", "refresh_token", "client_credentials"]);
      expect(server.apiAuthorizations).toEqual([`Bearer ${tokenA}`, ...Array(5).fill(`Bearer ${tokenB}`)]);
    });
  });

  describe("the token endpoint down", () => {
    test("connection refused: ConnectionError naming the token endpoint, never the secret", async () => {
      const baseUrl = await refusedUrl();
      const { client, clock } = blynkClient({ auth: credentials, baseUrl });

      const error = await typedFailure(client.organizations.profile(), ConnectionError);

      expect(error.message).toContain(`POST ${baseUrl}${blynkTokenPath}`);
      expect(error.message).not.toContain(clientSecret);
      expect(clock.sleeps).toHaveLength(2); // a token request is retried though it is a POST
    });

    test("503 on every attempt: ServerError, and no API request is sent", async () => {
      const server = oauthBlynk(() => json({ error: { message: "Service unavailable." } }, 503));
      const { client } = blynkClient({ auth: credentials, fetch: server.fetch });

      const error = await typedFailure(client.organizations.profile(), ServerError);

      expect(error.status).toBe(503);
      expect(server.grants).toHaveLength(3);
      expect(server.apiAuthorizations).toEqual([]);
    });

    test("no answer at all: TimeoutError, and the next call asks for a token again", async () => {
      const server = await loopbackServer(neverAnswer);
      try {
        const { client } = blynkClient({ auth: credentials, baseUrl: server.url, timeoutMs: 50, retry: false });

        await typedFailure(client.organizations.profile(), TimeoutError);
        await typedFailure(client.organizations.profile(), TimeoutError);

        expect(server.requests.map((request) => new URL(request.url, server.url).pathname)).toEqual([
          blynkTokenPath,
          blynkTokenPath,
        ]);
      } finally {
        await server.close();
      }
    });
  });

  describe("error bodies of any shape", () => {
    test('a message that cannot become a string ({"toString": 1}) still gives a printable ServerError', async () => {
      const { fetch } = scripted(() => json({ error: { message: { toString: 1 } }, message: { toString: 1 } }, 500));
      const { client } = blynkClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.profile(), ServerError);

      expect(error.details).toEqual([]);
      expect(error.message).toContain("500 Internal Server Error");
    });

    test("an error document nested 100,000 levels deep gives a ServerError", async () => {
      const body = `${'{"error":'.repeat(100_000)}{"message":"deep"}${"}".repeat(100_000)}`;
      const { fetch } = scripted(() => text(body, 500, "application/json"));
      const { client } = blynkClient({ fetch, retry: false });

      const error = await typedFailure(client.organizations.profile(), ServerError);
      expect(error.message.length).toBeLessThan(2000);
    });

    test("an error body of 20 MB from a real server gives a ServerError keeping at most 64 kB of it", async () => {
      const server = await loopbackServer((_, response) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(`{"error":{"message":"${"x".repeat(20 * 1024 * 1024)}"}}`);
      });
      try {
        const { client } = blynkClient({ baseUrl: server.url, retry: false });

        const error = await typedFailure(client.organizations.profile(), ServerError);

        expect(typeof error.body).toBe("string");
        expect((error.body as string).length).toBeLessThanOrEqual(64 * 1024);
      } finally {
        await server.close();
      }
    });
  });

  describe("3xx that cannot be followed", () => {
    test.each([300, 304, 305, 306, 309, 399])(
      "a %i with a same-origin Location is an ApiError saying which redirects orgkit follows",
      async (status) => {
        const { fetch, requests } = scripted(
          () => new Response(null, { status, headers: { location: "/api/v1/organization/elsewhere" } }),
        );
        const { client } = blynkClient({ fetch });

        const error = await typedFailure(client.organizations.profile(), ApiError);

        expect(error.status).toBe(status);
        expect(error.hint).toContain("follows only the redirects");
        expect(requests).toHaveLength(1);
      },
    );

    test("a 308 with an unparsable Location is an ApiError, not a TypeError", async () => {
      const { fetch, requests } = scripted(
        () => new Response(null, { status: 308, headers: { location: "https://[::1" } }),
      );
      const { client } = blynkClient({ fetch });

      const error = await typedFailure(client.organizations.profile(), ApiError);

      expect(error).toBeInstanceOf(OrgkitError);
      expect(error.hint).toContain("without a valid Location");
      expect(requests).toHaveLength(1);
    });
  });
});
