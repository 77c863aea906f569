import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import {
  type BlynkClientOptions,
  createBlynkClient,
  createRecruboClient,
  type RecruboClientOptions,
  VERSION,
} from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { hangingFetch, scripted } from "../../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  clientId,
  clientSecret,
  partnerKey,
  recruboBaseUrl,
  recruboOrganization,
  refreshToken,
  tokenResponse,
} from "../../support/fixtures.js";
import { logged as lines, spyLogger } from "../../support/logger.js";

const listPath = "/public/v2/management/organizations/";
const listUrl = `${recruboBaseUrl}${listPath}`;
const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};
const unknownSecret = "rt_never_seen_by_the_client_0c4f";

function recrubo(options: Partial<RecruboClientOptions> = {}) {
  const clock = new FakeClock();
  const logger = spyLogger();
  return { clock, logger, client: createRecruboClient({ apiKey: partnerKey, clock, logger, ...options }) };
}

function blynk(options: Partial<BlynkClientOptions> = {}) {
  const clock = new FakeClock();
  const logger = spyLogger();
  return { clock, logger, client: createBlynkClient({ auth: { accessToken }, clock, logger, ...options }) };
}

const reset = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

describe("logging", () => {
  test("logs one debug line for a successful attempt: method, URL, status, attempt and duration", async () => {
    const clock = new FakeClock();
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(() => {
        clock.advance(42);
        return [200, listDocument];
      });
    const { logger, client } = recrubo({ clock });

    await client.organizations.list();

    scope.done();
    // Strictly: a field that does not apply (retryInMs, error) is absent, not undefined.
    expect(lines(logger)).toStrictEqual([
      [
        "debug",
        `orgkit: GET ${listUrl} -> 200 (attempt 1, 42 ms)`,
        { method: "GET", url: listUrl, attempt: 1, durationMs: 42, status: 200 },
      ],
    ]);
  });

  test("logs a retried 503 at warn with the delay, then the success at debug", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).reply(503).get(listPath).reply(200, listDocument);
    const { logger, clock, client } = recrubo();

    await client.organizations.list();

    scope.done();
    const delay = Math.round(clock.sleeps[0] ?? Number.NaN);
    expect(lines(logger).map(([level, message]) => [level, message])).toEqual([
      ["warn", `orgkit: GET ${listUrl} -> 503 (attempt 1, 0 ms, retrying in ${delay} ms)`],
      ["debug", `orgkit: GET ${listUrl} -> 200 (attempt 2, 0 ms)`],
    ]);
    expect(logger.warn.mock.calls[0]?.[1]).toMatchObject({ status: 503, attempt: 1, retryInMs: delay });
  });

  test("logs a final failed status at warn, once", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(404, { errors: [{ status: 404, title: "Not Found" }] });
    const { logger, client } = recrubo();

    await expect(client.organizations.list()).rejects.toMatchObject({ status: 404 });

    scope.done();
    expect(lines(logger)).toEqual([
      ["warn", `orgkit: GET ${listUrl} -> 404 (attempt 1, 0 ms)`, expect.objectContaining({ status: 404 })],
    ]);
  });

  test("logs a final connection failure at error", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).replyWithError(reset());
    const { logger, client } = recrubo({ retry: false });

    await expect(client.organizations.list()).rejects.toThrow("ECONNRESET");

    scope.done();
    expect(lines(logger).map(([level, message]) => [level, message])).toEqual([
      ["error", `orgkit: GET ${listUrl} -> failed: GET ${listUrl} failed: read ECONNRESET (attempt 1, 0 ms)`],
    ]);
  });

  test.each([
    { thrown: "socket gone", logged: "socket gone" },
    { thrown: 42, logged: "a value that is not an Error" },
  ])("logs what a custom fetch threw that is no Error: $thrown", async ({ thrown, logged }) => {
    const fetch = vi.fn(async () => {
      throw thrown;
    });
    const { logger, client } = recrubo({ retry: false, fetch });

    await expect(client.organizations.list()).rejects.toBe(thrown);

    expect(lines(logger).map(([level, message]) => [level, message])).toEqual([
      ["error", `orgkit: GET ${listUrl} -> failed: ${logged} (attempt 1, 0 ms)`],
    ]);
  });

  test("logs retried connection failures at warn and the last one at error", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).times(3).replyWithError(reset());
    const { logger, client } = recrubo();

    await expect(client.organizations.list()).rejects.toThrow("ECONNRESET");

    scope.done();
    const logged = lines(logger);
    expect(logged.map(([level]) => level)).toEqual(["warn", "warn", "error"]);
    expect(logged.map(([, message]) => message.match(/attempt \d/)?.[0])).toEqual([
      "attempt 1",
      "attempt 2",
      "attempt 3",
    ]);
    expect(logged[0]?.[1]).toContain("retrying in");
    expect(logged[2]?.[1]).not.toContain("retrying in");
  });

  test("logs a timed-out attempt with its reason", async () => {
    const clock = new FakeClock();
    // The attempt stalls, and its 20 ms pass on the client's clock.
    const fetch = hangingFetch(() => clock.advance(20));
    const { logger, client } = recrubo({ retry: false, timeoutMs: 20, clock, fetch });

    await expect(client.organizations.list()).rejects.toThrow("timed out");

    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]?.[0]).toContain(
      `GET ${listUrl} -> failed: GET ${listUrl} timed out after 20 ms (attempt 1,`,
    );
  });

  describe("secrets", () => {
    test("never logs the api key, even when a failure's message contains it", async () => {
      const fetch = vi.fn(async (request: Request) => {
        throw new Error(`proxy refused ${request.headers.get("authorization")}`);
      });
      const { logger, client } = recrubo({ fetch });

      await expect(client.organizations.list()).rejects.toThrow("proxy refused Bearer [REDACTED]");

      // Not a network failure, so not retried: one attempt, logged as the failure it was.
      const logged = lines(logger);
      expect(logged).toHaveLength(1);
      expect(logged[0]?.[0]).toBe("error");
      expect(logged[0]?.[1]).toContain("proxy refused Bearer [REDACTED]");
      expect(JSON.stringify(logged)).not.toContain(partnerKey);
    });

    // The redactor learns a credential when the first attempt is authorized, so the URL of the
    // very first request is where a leak would show.
    test("never logs the access token, even when the first request's URL carries it as a value", async () => {
      const scope = nock(blynkBaseUrl)
        .get("/api/v1/organization/search")
        .query({ query: accessToken })
        .reply(200, { content: [], totalElements: 0 });
      const { logger, client } = blynk();

      await client.organizations.search({ query: accessToken });

      scope.done();
      const logged = lines(logger);
      expect(logged).toEqual([
        [
          "debug",
          `orgkit: GET ${blynkBaseUrl}/api/v1/organization/search?query=[REDACTED] -> 200 (attempt 1, 0 ms)`,
          expect.anything(),
        ],
      ]);
      expect(JSON.stringify(logged)).not.toContain(accessToken);
    });

    test("never logs the api key, even when the first request's URL carries it as a value", async () => {
      const fetch = vi.fn(async () => Response.json(listDocument));
      const { logger, client } = recrubo({ fetch });

      await client.organizations.list({ filter: { name: partnerKey } });

      expect(fetch).toHaveBeenCalledTimes(1);
      const logged = lines(logger);
      expect(logged).toHaveLength(1);
      expect(logged[0]?.[1]).toContain("[REDACTED]");
      expect(JSON.stringify(logged)).not.toContain(partnerKey);
    });

    test("masks a known credential in the URL of later requests", async () => {
      const scope = nock(blynkBaseUrl)
        .get("/api/v1/organization/profile")
        .reply(200, blynkOrganization)
        .get("/api/v1/organization/search")
        .query({ query: accessToken })
        .reply(200, { content: [], totalElements: 0 });
      const { logger, client } = blynk();

      await client.organizations.profile();
      await client.organizations.search({ query: accessToken });

      scope.done();
      expect(logger.debug.mock.calls[1]?.[0]).toBe(
        `orgkit: GET ${blynkBaseUrl}/api/v1/organization/search?query=[REDACTED] -> 200 (attempt 1, 0 ms)`,
      );
    });

    test("masks a query parameter named like a credential", async () => {
      const scope = nock(blynkBaseUrl)
        .post("/oauth2/token")
        .query({ grant_type: "refresh_token", refresh_token: unknownSecret })
        .reply(200, tokenResponse);
      const { logger, client } = blynk();

      await client.raw.POST("/oauth2/token", {
        params: { query: { grant_type: "refresh_token", refresh_token: unknownSecret } },
      });

      scope.done();
      const logged = lines(logger);
      expect(logged).toEqual([
        [
          "debug",
          `orgkit: POST ${blynkBaseUrl}/oauth2/token?grant_type=refresh_token&refresh_token=[REDACTED] -> 200 (attempt 1, 0 ms)`,
          expect.anything(),
        ],
      ]);
      expect(logged[0]?.[2]).toMatchObject({
        url: `${blynkBaseUrl}/oauth2/token?grant_type=refresh_token&refresh_token=[REDACTED]`,
      });
      expect(JSON.stringify(logged)).not.toContain(unknownSecret);
    });

    test.each(["access_token", "api_key", "client_secret"])(
      "masks the %s query parameter of a raw GET",
      async (name) => {
        const fetch = vi.fn(async () => Response.json(listDocument));
        const { logger, client } = recrubo({ fetch });
        // The spec has no such parameter, so the serializer writes it, as a caller's own query would.
        const querySerializer = () => `${name}=${unknownSecret}&page%5Bsize%5D=10`;

        await client.raw.GET(listPath, { params: { query: { page: { size: 10 } } }, querySerializer });

        expect(fetch).toHaveBeenCalledTimes(1);
        const logged = lines(logger);
        expect(logged).toHaveLength(1);
        expect(logged[0]?.[1]).toBe(
          `orgkit: GET ${listUrl}?${name}=[REDACTED]&page%5Bsize%5D=10 -> 200 (attempt 1, 0 ms)`,
        );
        expect(JSON.stringify(lines(logger))).not.toContain(unknownSecret);
      },
    );

    test("never logs the client secret, its Basic credentials or the tokens of a client-credentials client", async () => {
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
      const scope = nock(blynkBaseUrl)
        .post("/oauth2/token")
        .query({ grant_type: "client_credentials" })
        .matchHeader("authorization", `Basic ${basic}`)
        .reply(200, tokenResponse)
        .get("/api/v1/organization/profile")
        .matchHeader("authorization", `Bearer ${accessToken}`)
        .reply(200, blynkOrganization);
      const clock = new FakeClock();
      const logger = spyLogger();
      const client = createBlynkClient({ auth: { clientId, clientSecret }, clock, logger });

      await client.organizations.profile();

      scope.done();
      const messages = lines(logger).map(([, message]) => message);
      expect(messages).toContain(
        `orgkit: POST ${blynkBaseUrl}/oauth2/token?grant_type=client_credentials -> 200 (attempt 1, 0 ms)`,
      );
      expect(messages).toContain(`orgkit: GET ${blynkBaseUrl}/api/v1/organization/profile -> 200 (attempt 1, 0 ms)`);
      const logged = JSON.stringify(lines(logger));
      for (const secret of [clientSecret, basic, accessToken, refreshToken]) expect(logged).not.toContain(secret);
    });
  });

  test("logs nothing, and fails nothing, without a logger", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).reply(503).get(listPath).reply(200, listDocument);
    const client = createRecruboClient({ apiKey: partnerKey, clock: new FakeClock() });
    const consoleSpies = (["log", "debug", "info", "warn", "error"] as const).map((level) => vi.spyOn(console, level));

    try {
      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of consoleSpies) spy.mockRestore();
    }
  });
});

describe("ORGKIT_LOG", () => {
  test("turns one console line per attempt on for a client given no logger, token requests included", async () => {
    vi.stubEnv("ORGKIT_LOG", "debug");
    const scope = nock(blynkBaseUrl)
      .post("/oauth2/token")
      .query({ grant_type: "client_credentials" })
      .reply(200, tokenResponse)
      .get("/api/v1/organization/profile")
      .reply(503)
      .get("/api/v1/organization/profile")
      .reply(200, blynkOrganization);
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    try {
      await createBlynkClient({ auth: { clientId, clientSecret }, clock: new FakeClock() }).organizations.profile();

      scope.done();
      expect(debug.mock.calls).toEqual([
        [`orgkit: POST ${blynkBaseUrl}/oauth2/token?grant_type=client_credentials -> 200 (attempt 1, 0 ms)`],
        [`orgkit: GET ${blynkBaseUrl}/api/v1/organization/profile -> 200 (attempt 2, 0 ms)`],
      ]);
      expect(info.mock.calls).toEqual([
        [`orgkit: obtained a Blynk access token valid for ${tokenResponse.expires_in} s`],
      ]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatch(/^orgkit: GET \S+ -> 503 \(attempt 1, 0 ms, retrying in \d+ ms\)$/);
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    }
  });
});

describe("User-Agent", () => {
  test("is orgkit/<VERSION>", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .matchHeader("user-agent", `orgkit/${VERSION}`)
      .reply(200, listDocument);

    await recrubo().client.organizations.list();
    scope.done();
  });

  test("puts the application's product token first", async () => {
    const scope = nock(blynkBaseUrl)
      .get("/api/v1/organization/profile")
      .matchHeader("user-agent", `myapp/1.2 orgkit/${VERSION}`)
      .reply(200, blynkOrganization);

    await blynk({ userAgent: "myapp/1.2" }).client.organizations.profile();
    scope.done();
  });

  test("is sent on every attempt and by both clients", async () => {
    const toBlynk = scripted(
      () => new Response(null, { status: 503 }),
      () => Response.json(blynkOrganization),
    );
    const toRecrubo = scripted(() => Response.json(listDocument));

    await blynk({ fetch: toBlynk.fetch, userAgent: "myapp/1.2" }).client.organizations.profile();
    await recrubo({ fetch: toRecrubo.fetch }).client.organizations.list();

    const requests = [...toBlynk.requests, ...toRecrubo.requests];
    expect(requests.map((request) => request.headers.get("user-agent"))).toEqual([
      `myapp/1.2 orgkit/${VERSION}`,
      `myapp/1.2 orgkit/${VERSION}`,
      `orgkit/${VERSION}`,
    ]);
  });

  test("matches the semantic version format", () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });
});
