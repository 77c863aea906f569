import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConnectionError,
  createBlynkClient,
  createRecruboClient,
  NotFoundError,
  RateLimitError,
  type RecruboClientOptions,
  type RetryOptions,
  ServerError,
} from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { type Answer, scripted } from "../../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  orgId,
  partnerKey,
  recruboBaseUrl,
  recruboOrganization,
} from "../../support/fixtures.js";

const listPath = "/public/v2/management/organizations/";
const memberPath = `/public/v2/management/organizations/${orgId}`;
const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};
const errorDocument = (status: number) => ({
  errors: [{ code: "error", status, title: "Error", detail: `failed with ${status}` }],
});
const createAttributes = { name: "Test Org" };

function recrubo(options: Partial<RecruboClientOptions> = {}) {
  const clock = new FakeClock();
  return { clock, client: createRecruboClient({ apiKey: partnerKey, clock, ...options }) };
}

/** A connection reset, as Node reports it. */
const reset = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

/** Answers for `scripted`: one per status in turn, then 200 with `body`; a failure answers with its error document. */
function byStatus(statuses: number[], body: unknown = listDocument): Answer[] {
  return [...statuses, 200].map((status) => () => {
    const ok = status >= 200 && status < 300;
    return Response.json(ok ? body : errorDocument(status), { status });
  });
}

describe("retry", () => {
  test("retries a failed GET twice by default, then gives up", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).times(3).reply(503, errorDocument(503));
    const { client, clock } = recrubo();

    const error = await client.organizations.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, method: "GET" });
    scope.done();
    expect(clock.sleeps).toHaveLength(2);
  });

  test("sends exactly 3 requests before failing with the last status's error", async () => {
    const { fetch, requests } = scripted(...byStatus([503, 503, 503, 200]));
    const { client } = recrubo({ fetch });

    await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(3);
  });

  test("fails with the class of the final status when the statuses differ", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(503)
      .get(listPath)
      .reply(502)
      .get(listPath)
      .reply(429, errorDocument(429));
    const { client } = recrubo();

    const error = await client.organizations.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429 });
    scope.done();
  });

  test.each([408, 429, 500, 502, 503, 504])("retries status %i and returns the later success", async (status) => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(status, errorDocument(status))
      .get(listPath)
      .reply(200, listDocument);
    const { client, clock } = recrubo();

    await expect(client.organizations.list()).resolves.toEqual(listDocument);
    scope.done();
    expect(clock.sleeps).toHaveLength(1);
  });

  test.each([
    [400, BadRequestError],
    [404, NotFoundError],
    [501, ServerError],
  ])("does not retry status %i", async (status, ErrorClass) => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(status, errorDocument(status))
      .get(listPath)
      .reply(200, listDocument);
    const { client, clock } = recrubo();

    const error = await client.organizations.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status });
    expect(scope.pendingMocks()).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("retries a connection failure and returns the later success", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).replyWithError(reset()).get(listPath).reply(200, listDocument);
    const { client, clock } = recrubo();

    await expect(client.organizations.list()).resolves.toEqual(listDocument);
    scope.done();
    expect(clock.sleeps).toHaveLength(1);
  });

  test("fails with ConnectionError, its cause kept, when every attempt loses the connection", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).times(3).replyWithError(reset());
    const { client } = recrubo();

    const error = await client.organizations.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(ApiError);
    const { message, cause } = error as ConnectionError;
    expect(message).toContain(`GET ${recruboBaseUrl}${listPath}`);
    expect(message).toContain("ECONNRESET");
    expect(cause).toBeInstanceOf(Error);
    expect(cause).toMatchObject({ code: "ECONNRESET" });
    scope.done();
  });

  describe("methods", () => {
    const blynkUpdate = (options: { fetch: (request: Request) => Promise<Response>; retry?: RetryOptions }) =>
      createBlynkClient({ auth: { accessToken }, clock: new FakeClock(), ...options }).organizations.update(
        { name: "Acme Corp" },
        { orgId: 1 },
      );
    const calls = {
      GET: (options: Partial<RecruboClientOptions>) => recrubo(options).client.organizations.get(orgId),
      DELETE: (options: Partial<RecruboClientOptions>) => recrubo(options).client.organizations.delete(orgId),
      POST: (options: Partial<RecruboClientOptions>) => recrubo(options).client.organizations.create(createAttributes),
      PATCH: (options: Partial<RecruboClientOptions>) =>
        recrubo(options).client.organizations.update(orgId, { name: "Renamed Org" }),
    };

    test.each(["GET", "DELETE"] as const)("retries %s by default", async (method) => {
      const { fetch, requests } = scripted(...byStatus([503, 503, 503]));

      await expect(calls[method]({ fetch })).rejects.toBeInstanceOf(ServerError);
      expect(requests.map((request) => request.method)).toEqual([method, method, method]);
    });

    test("retries PUT by default", async () => {
      const { fetch, requests } = scripted(...byStatus([503, 503, 503], blynkOrganization));

      await expect(blynkUpdate({ fetch })).rejects.toBeInstanceOf(ServerError);
      expect(requests.map((request) => request.method)).toEqual(["PUT", "PUT", "PUT"]);
      expect(requests.map((request) => request.url.href)).toEqual(
        Array(3).fill(`${blynkBaseUrl}/api/v1/organization/edit/name?orgId=1`),
      );
    });

    test.each(["POST", "PATCH"] as const)("does not retry %s by default", async (method) => {
      const { fetch, requests } = scripted(...byStatus([503, 200], { data: recruboOrganization, meta: {} }));

      await expect(calls[method]({ fetch })).rejects.toBeInstanceOf(ServerError);
      expect(requests.map((request) => request.method)).toEqual([method]);
    });

    test("does not retry a POST that lost its connection by default", async () => {
      const scope = nock(recruboBaseUrl)
        .post(listPath)
        .replyWithError(reset())
        .post(listPath)
        .reply(201, { data: recruboOrganization, meta: {} });
      const { client, clock } = recrubo();

      await expect(client.organizations.create(createAttributes)).rejects.toBeInstanceOf(ConnectionError);
      expect(scope.pendingMocks()).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    test.each(["POST", "PATCH"] as const)("retries %s when retry.methods opts in", async (method) => {
      const { fetch, requests } = scripted(...byStatus([503, 502, 200], { data: recruboOrganization, meta: {} }));
      const retry = { methods: ["GET", method] };

      await expect(calls[method]({ fetch, retry })).resolves.toEqual(recruboOrganization);
      expect(requests.map((request) => request.method)).toEqual([method, method, method]);
    });

    test("accepts opted-in methods in lower case", async () => {
      const { fetch, requests } = scripted(...byStatus([503, 201], { data: recruboOrganization, meta: {} }));

      await expect(calls.POST({ fetch, retry: { methods: ["post"] } })).resolves.toEqual(recruboOrganization);
      expect(requests).toHaveLength(2);
    });

    test("stops retrying GET when retry.methods leaves it out", async () => {
      const { fetch, requests } = scripted(...byStatus([503, 200]));

      await expect(calls.GET({ fetch, retry: { methods: ["POST"] } })).rejects.toBeInstanceOf(ServerError);
      expect(requests).toHaveLength(1);
    });
  });

  test("sends exactly one request with retry: false", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(503, errorDocument(503))
      .get(listPath)
      .reply(200, listDocument);
    const { client, clock } = recrubo({ retry: false });

    await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
    expect(scope.pendingMocks()).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("sends exactly one request with retry: false after a connection failure", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).replyWithError(reset()).get(listPath).reply(200, listDocument);
    const { client } = recrubo({ retry: false });

    await expect(client.organizations.list()).rejects.toBeInstanceOf(ConnectionError);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  test.each([
    [0, 1],
    [1, 2],
    [4, 5],
  ])("makes maxRetries: %i retries, %i requests in all", async (maxRetries, requestCount) => {
    const { fetch, requests } = scripted(...byStatus(Array.from({ length: 6 }, () => 503)));
    const { client, clock } = recrubo({ fetch, retry: { maxRetries } });

    await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(requestCount);
    expect(clock.sleeps).toHaveLength(maxRetries);
  });

  test("retries the statuses given in retry.statuses only", async () => {
    const { fetch, requests } = scripted(...byStatus([409, 503, 200]));
    const { client } = recrubo({ fetch, retry: { statuses: [409] } });

    await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(2);
  });

  describe("delays", () => {
    test("waits the Retry-After seconds", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(429, errorDocument(429), { "Retry-After": "3" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo();

      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      expect(clock.sleeps).toEqual([3000]);
    });

    test("waits until the Retry-After date, measured on the client's clock", async () => {
      const retryAt = "Mon, 23 Nov 2026 10:00:04 GMT";
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(503, errorDocument(503), { "Retry-After": retryAt })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo();
      expect(new Date(clock.now()).toUTCString()).toBe("Mon, 23 Nov 2026 10:00:00 GMT");

      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      expect(clock.sleeps).toEqual([4000]);
    });

    test("waits the retry-after-ms milliseconds", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(503, errorDocument(503), { "retry-after-ms": "1500" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo();

      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      expect(clock.sleeps).toEqual([1500]);
    });

    test("waits a Retry-After of exactly maxRetryAfterMs", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(429, errorDocument(429), { "Retry-After": "60" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo();

      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      expect(clock.sleeps).toEqual([60_000]);
    });

    test("ends the retries at once when Retry-After is over the default 60 s cap", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(429, errorDocument(429), { "Retry-After": "61" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo();

      const error = await client.organizations.list().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, retryAfterMs: 61_000 });
      expect(scope.pendingMocks()).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    test("ends the retries at once when Retry-After is over maxRetryAfterMs", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(429, errorDocument(429), { "Retry-After": "3" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo({ retry: { maxRetryAfterMs: 2000 } });

      const error = await client.organizations.list().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ retryAfterMs: 3000 });
      expect(scope.pendingMocks()).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    test("waits longer than 60 s when maxRetryAfterMs allows it", async () => {
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .reply(429, errorDocument(429), { "Retry-After": "90" })
        .get(listPath)
        .reply(200, listDocument);
      const { client, clock } = recrubo({ retry: { maxRetryAfterMs: 120_000 } });

      await expect(client.organizations.list()).resolves.toEqual(listDocument);
      scope.done();
      expect(clock.sleeps).toEqual([90_000]);
    });

    test("backs off exponentially from 500 ms, less up to a quarter of jitter, without Retry-After", async () => {
      const scope = nock(recruboBaseUrl).get(listPath).times(3).reply(503, errorDocument(503));
      const { client, clock } = recrubo();

      await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
      scope.done();
      const [first, second] = clock.sleeps;
      expect(first).toBeGreaterThanOrEqual(375);
      expect(first).toBeLessThanOrEqual(500);
      expect(second).toBeGreaterThanOrEqual(750);
      expect(second).toBeLessThanOrEqual(1000);
    });

    test("follows initialDelayMs and maxDelayMs", async () => {
      const { fetch } = scripted(...byStatus([503, 503, 503, 503, 503]));
      const { client, clock } = recrubo({ fetch, retry: { maxRetries: 4, initialDelayMs: 100, maxDelayMs: 300 } });

      await expect(client.organizations.list()).rejects.toBeInstanceOf(ServerError);
      const bases = [100, 200, 300, 300];
      expect(clock.sleeps).toHaveLength(bases.length);
      clock.sleeps.forEach((sleep, index) => {
        expect(sleep).toBeGreaterThanOrEqual(bases[index]! * 0.75);
        expect(sleep).toBeLessThanOrEqual(bases[index]!);
      });
    });

    test("backs off after a connection failure too", async () => {
      const scope = nock(recruboBaseUrl).get(listPath).replyWithError(reset()).get(listPath).reply(200, listDocument);
      const { client, clock } = recrubo();

      await client.organizations.list();
      scope.done();
      expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    });
  });

  test("sends a fresh copy of the request, with the full body, on every attempt", async () => {
    const { fetch } = scripted(...byStatus([503, 500, 201], { data: recruboOrganization, meta: {} }));
    const { client } = recrubo({ fetch, retry: { methods: ["POST"] } });

    await expect(client.organizations.create(createAttributes)).resolves.toEqual(recruboOrganization);

    // The Requests themselves, as fetch was given them.
    const requests = fetch.mock.calls.map(([request]) => request);
    expect(requests).toHaveLength(3);
    expect(new Set(requests).size).toBe(3);
    const expected = JSON.stringify({ data: { type: "organizations", attributes: createAttributes } });
    for (const request of requests) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe(`${recruboBaseUrl}${listPath}`);
      expect(request.bodyUsed).toBe(false);
      expect(await request.text()).toBe(expected);
      expect(request.headers.get("content-type")).toBe("application/vnd.api+json");
      expect(request.headers.get("authorization")).toBe(`Bearer ${partnerKey}`);
    }
  });

  test("sends the full body on every attempt through nock too", async () => {
    const body = { data: { id: orgId, type: "organizations", attributes: { name: "Renamed Org" } } };
    const scope = nock(recruboBaseUrl)
      .patch(memberPath, body)
      .reply(503, errorDocument(503))
      .patch(memberPath, body)
      .reply(200, { data: recruboOrganization, meta: {} });
    const { client } = recrubo({ retry: { methods: ["PATCH"] } });

    await expect(client.organizations.update(orgId, { name: "Renamed Org" })).resolves.toEqual(recruboOrganization);
    scope.done();
  });
});
