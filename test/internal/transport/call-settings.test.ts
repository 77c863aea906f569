import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import {
  createBlynkClient,
  createRecruboClient,
  type RecruboClientOptions,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { hangingFetch, scripted } from "../../support/fetches.js";
import {
  blynkBaseUrl,
  clientId,
  clientSecret,
  partnerKey,
  recruboBaseUrl,
  recruboOrganization,
} from "../../support/fixtures.js";

const listPath = "/public/v2/management/organizations/";
const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};
const created = { data: recruboOrganization };

function recrubo(options: Partial<RecruboClientOptions> = {}) {
  const clock = new FakeClock();
  return { clock, client: createRecruboClient({ apiKey: partnerKey, clock, ...options }) };
}

describe("per-call retry", () => {
  test("false turns retries off for that call only", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(503)
      .get(listPath)
      .reply(503)
      .get(listPath)
      .reply(200, listDocument);
    const { client, clock } = recrubo();

    await expect(client.organizations.list({}, { retry: false })).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([]);
    await expect(client.organizations.list()).resolves.toEqual(listDocument);
    scope.done();
  });

  test("amends the client's policy field by field", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).times(4).reply(503).get(listPath).reply(200, listDocument);
    const { client, clock } = recrubo({ retry: { maxRetries: 0, initialDelayMs: 100, maxDelayMs: 300 } });

    await expect(client.organizations.list({}, { retry: { maxRetries: 4 } })).resolves.toEqual(listDocument);

    scope.done();
    // The client's delays (100 ms doubling up to 300 ms, less up to a quarter of jitter), the call's count.
    expect(clock.sleeps).toHaveLength(4);
    clock.sleeps.forEach((slept, retry) => {
      const base = Math.min(100 * 2 ** retry, 300);
      expect(slept).toBeGreaterThanOrEqual(base * 0.75);
      expect(slept).toBeLessThanOrEqual(base);
    });
  });

  test("applies over the defaults when the client has retries off", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).reply(503).get(listPath).reply(200, listDocument);
    const { client, clock } = recrubo({ retry: false });

    await expect(client.organizations.list({}, { retry: { maxRetries: 1 } })).resolves.toEqual(listDocument);

    scope.done();
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375); // the default 500 ms, less up to a quarter
  });

  test("can make a create retried where its caller knows a repeat is harmless", async () => {
    const scope = nock(recruboBaseUrl).post(listPath).reply(503).post(listPath).reply(201, created);
    const { client } = recrubo();

    await expect(client.organizations.create({ name: "Acme" }, { retry: { methods: ["POST"] } })).resolves.toEqual(
      recruboOrganization,
    );
    scope.done();
  });

  test.each([
    { retry: true, field: "retry", rule: "type" },
    { retry: { maxRetries: -1 }, field: "retry.maxRetries", rule: "minimum" },
    { retry: { tries: 3 }, field: "retry.tries", rule: "additionalProperties" },
  ])("refuses retry $retry before sending, naming $field", async ({ retry, field, rule }) => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const { client } = recrubo({ fetch });

    // @ts-expect-error -- values the types refuse, as JavaScript callers may pass them
    const error = await client.organizations.list({}, { retry }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field, rule })]);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("deadlineMs", () => {
  test("ends a call whose attempts outlast it with a TimeoutError for the deadline, at its time and not before", async () => {
    const fetch = hangingFetch();
    const { client, clock } = recrubo({ fetch, timeoutMs: 10_000 });
    let settled = false;

    const call = client.organizations
      .list({}, { deadlineMs: 2_500 })
      .catch((caught: unknown) => caught)
      .finally(() => (settled = true));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    clock.advance(2_499);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    const error = await call;

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 2_500,
      message: `GET ${recruboBaseUrl}${listPath} did not complete within its deadline of 2500 ms`,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers).toBe(0);
  });

  test("counts the waits between attempts: a retry the deadline would cut short is not started", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .times(3)
      .reply(503, { errors: [{ status: "503", title: "Busy" }] });
    const { client, clock } = recrubo({ retry: { maxRetries: 5, initialDelayMs: 1_000, maxDelayMs: 1_000 } });
    const started = clock.now();

    const error = await client.organizations.list({}, { deadlineMs: 2_200 }).catch((caught: unknown) => caught);

    // Two waits of 750 to 1,000 ms fit in 2,200 ms; a third would end past it, so the third
    // answer is final, and the call fails with it rather than waiting for the deadline.
    scope.done();
    expect(error).toBeInstanceOf(ServerError);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.now() - started).toBeLessThan(2_200);
    expect(clock.pendingTimers).toBe(0);
  });

  test("counts the wait for a token", async () => {
    const clock = new FakeClock();
    const fetch = hangingFetch();
    const client = createBlynkClient({ auth: { clientId, clientSecret }, clock, fetch, timeoutMs: 10_000 });

    const call = client.organizations.profile({ deadlineMs: 1_000 }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(fetch.mock.calls[0]?.[0].url).toBe(`${blynkBaseUrl}/oauth2/token?grant_type=client_credentials`);
    clock.advance(1_000);

    await expect(call).resolves.toMatchObject({ name: "TimeoutError", timeoutMs: 1_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  test("leaves each attempt its own timeoutMs within it", async () => {
    const fetch = hangingFetch();
    const { client, clock } = recrubo({
      fetch,
      timeoutMs: 1_000,
      retry: { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 100 },
    });

    const call = client.organizations.list({}, { deadlineMs: 2_500 }).catch((caught: unknown) => caught);
    for (let attempt = 1; attempt <= 2; attempt++) {
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(attempt));
      clock.advance(1_000); // this attempt times out; its retry waits at most 100 ms
    }
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));
    clock.advance(1_000);

    await expect(call).resolves.toMatchObject({ name: "TimeoutError", timeoutMs: 2_500 });
    expect(clock.pendingTimers).toBe(0);
  });

  test("still yields to the caller's abort, with its reason, and lets go of its signal", async () => {
    const fetch = hangingFetch();
    const { client, clock } = recrubo({ fetch });
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, "removeEventListener");

    const call = client.organizations
      .list({}, { deadlineMs: 5_000, signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    controller.abort(new Error("user left"));

    await expect(call).resolves.toMatchObject({ message: "user left" });
    expect(clock.pendingTimers).toBe(0);
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  test("is released when the call succeeds", async () => {
    const scope = nock(recruboBaseUrl).get(listPath).reply(200, listDocument);
    const { client, clock } = recrubo();

    await expect(client.organizations.list({}, { deadlineMs: 5_000 })).resolves.toEqual(listDocument);

    scope.done();
    expect(clock.pendingTimers).toBe(0);
  });

  test("a retry that would start the moment the deadline ends is not started", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .reply(429, { errors: [{ status: "429", title: "Too Many Requests" }] }, { "retry-after": "2" });
    const { client, clock } = recrubo();

    const error = await client.organizations.list({}, { deadlineMs: 2_000 }).catch((caught: unknown) => caught);

    scope.done();
    expect(error).toMatchObject({ name: "RateLimitError", retryAfterMs: 2_000 });
    expect(clock.sleeps).toEqual([]);
  });
});

describe("per-call options on paging", () => {
  const page = (currentPage: number) => ({
    data: [recruboOrganization],
    meta: { total: 2, totalUnfiltered: 2, currentSize: 1, currentPage, maxPage: 2 },
  });

  test("retry applies to each page's request", async () => {
    const scope = nock(recruboBaseUrl)
      .get(listPath)
      .query(true)
      .reply(200, page(1))
      .get(listPath)
      .query(true)
      .reply(503)
      .get(listPath)
      .query(true)
      .reply(200, page(2));
    const { client, clock } = recrubo({ retry: false });

    const pages = [];
    for await (const listed of client.organizations.pages({ page: { size: 1 } }, { retry: { maxRetries: 1 } }))
      pages.push(listed);

    scope.done();
    expect(pages.map((listed) => listed.meta.currentPage)).toEqual([1, 2]);
    expect(clock.sleeps).toHaveLength(1);
  });

  test("deadlineMs applies to each page's request", async () => {
    const clock = new FakeClock();
    // The first page answers; the second never does.
    const { fetch } = scripted(
      () => Response.json(page(1), { headers: { "content-type": "application/vnd.api+json" } }),
      hangingFetch(),
    );
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 10_000, retry: false });

    const paging = (async () => {
      for await (const _ of client.organizations.pages({ page: { size: 1 } }, { deadlineMs: 1_000 }));
    })().catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    clock.advance(1_000);

    await expect(paging).resolves.toMatchObject({ name: "TimeoutError", timeoutMs: 1_000 });
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("deadlineMs arguments", () => {
  test.each([0, -1, 2 ** 31, Number.NaN, "5000"])(
    "refuses %s before sending, naming deadlineMs",
    async (deadlineMs) => {
      const fetch = vi.fn<typeof globalThis.fetch>();
      const { client } = recrubo({ fetch });

      // @ts-expect-error -- "5000" is refused by the types too
      const error = await client.organizations.list({}, { deadlineMs }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(["deadlineMs"]);
      expect(fetch).not.toHaveBeenCalled();
    },
  );
});
