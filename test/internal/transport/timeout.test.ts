import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import {
  type Clock,
  createBlynkClient,
  createRecruboClient,
  type RecruboClientOptions,
  TimeoutError,
} from "../../../src/index.js";
import { untilAborted } from "../../../src/internal/abortable.js";
import { systemClock } from "../../../src/internal/clock.js";
import { FakeClock } from "../../support/clock.js";
import { hangingFetch, scripted } from "../../support/fetches.js";
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
const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};

function recrubo(options: Partial<RecruboClientOptions> = {}) {
  const clock = new FakeClock();
  return { clock, client: createRecruboClient({ apiKey: partnerKey, clock, ...options }) };
}

describe("timeout", () => {
  // Each attempt's time limit runs on the client's clock: the fake one expires it only when the
  // test moves time, so none of these waits for real.
  test("fails an attempt that takes longer than timeoutMs with TimeoutError, not a moment before", async () => {
    const fetch = hangingFetch();
    const { client, clock } = recrubo({ fetch, timeoutMs: 20, retry: false });
    let settled = false;

    const call = client.organizations
      .list()
      .catch((caught: unknown) => caught)
      .finally(() => (settled = true));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    clock.advance(19);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    const error = await call;

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20 });
    expect((error as TimeoutError).message).toBe(`GET ${recruboBaseUrl}${listPath} timed out after 20 ms`);
    expect(clock.pendingTimers).toBe(0);
  });

  test("names the method and URL of the request that timed out", async () => {
    const clock = new FakeClock();
    const fetch = hangingFetch(() => clock.advance(20));
    const client = createBlynkClient({ auth: { accessToken }, fetch, clock, timeoutMs: 20, retry: false });

    const error = await client.organizations.delete(42).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain(`DELETE ${blynkBaseUrl}/api/v1/organization?orgId=42`);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  test("retries an attempt that timed out, each under a time limit of its own", async () => {
    const clock = new FakeClock();
    const fetch = hangingFetch(() => clock.advance(20));
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 20 });

    const error = await client.organizations.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });

  test("returns the answer of a retry after a timed-out attempt", async () => {
    const clock = new FakeClock();
    const stalled = hangingFetch(() => clock.advance(50));
    const { fetch } = scripted(stalled, () => Response.json(listDocument));
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 50 });

    await expect(client.organizations.list()).resolves.toEqual(listDocument);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  test("applies a per-call timeoutMs shorter than the client's", async () => {
    const clock = new FakeClock();
    const fetch = hangingFetch(() => clock.advance(20));
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 10_000, retry: false });

    const error = await client.organizations.get(orgId, { timeoutMs: 20 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20 });
    expect((error as TimeoutError).message).toContain("after 20 ms");
  });

  test("applies a per-call timeoutMs longer than the client's", async () => {
    const clock = new FakeClock();
    // The answer comes 100 ms into the attempt: past the client's 20, within the call's 5,000.
    const fetch = vi.fn(async (request: Request) => {
      clock.advance(100);
      request.signal.throwIfAborted(); // as fetch does once its signal aborted
      return Response.json(listDocument);
    });
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 20, retry: false });

    await expect(client.organizations.list({}, { timeoutMs: 5000 })).resolves.toEqual(listDocument);
    await expect(client.organizations.list({}, {})).rejects.toBeInstanceOf(TimeoutError);
  });

  test("no time limit outlives its call: after an answer, a timeout, an error or an abort", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { fetch } = scripted(
      () => Response.json(listDocument),
      hangingFetch(() => clock.advance(20)),
      () => new Response("{}", { status: 500 }),
      hangingFetch(() => queueMicrotask(() => controller.abort(new Error("stop")))),
    );
    const client = createRecruboClient({ apiKey: partnerKey, clock, fetch, timeoutMs: 20, retry: false });

    for (const signal of [undefined, undefined, undefined, controller.signal]) {
      await client.organizations.list({}, signal ? { signal } : {}).catch(() => {});
      expect(clock.pendingTimers).toBe(0);
    }
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  test("on the real clock too, no timer is left behind by a call that timed out or was aborted", async () => {
    // Every timer started during the calls, until it fires or is cleared.
    const live = new Set<ReturnType<typeof setTimeout>>();
    const [realSet, realClear] = [globalThis.setTimeout, globalThis.clearTimeout];
    const set = vi.spyOn(globalThis, "setTimeout").mockImplementation(((expire: () => void, ms: number) => {
      const timer = realSet(() => {
        live.delete(timer);
        expire();
      }, ms);
      live.add(timer);
      return timer;
    }) as typeof setTimeout);
    const clear = vi.spyOn(globalThis, "clearTimeout").mockImplementation((timer) => {
      live.delete(timer as ReturnType<typeof setTimeout>);
      realClear(timer);
    });
    try {
      const fetch = hangingFetch();
      const client = createRecruboClient({ apiKey: partnerKey, fetch, timeoutMs: 5, retry: false });
      await expect(client.organizations.list()).rejects.toBeInstanceOf(TimeoutError);

      // Aborted in the middle of an attempt whose minute-long limit is still running.
      const aborting = new AbortController();
      const aborted = client.organizations.list({}, { signal: aborting.signal, timeoutMs: 60_000 });
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
      aborting.abort(new Error("later"));
      await expect(aborted).rejects.toThrow("later");

      expect(set).toHaveBeenCalled();
      expect(live.size).toBe(0);
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });

  test("does not time out a 100 ms answer by default", async () => {
    const scope = nock(blynkBaseUrl).get("/api/v1/organization/profile").delay(100).reply(200, blynkOrganization);
    const client = createBlynkClient({ auth: { accessToken }, retry: false });

    await expect(client.organizations.profile()).resolves.toEqual(blynkOrganization);
    scope.done();
  });

  describe("signal", () => {
    test("rejects at once with the signal's reason when aborted mid-request, and does not retry", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const fetch = hangingFetch(() => queueMicrotask(() => controller.abort(reason)));
      const { client, clock } = recrubo({ fetch });

      const error = await client.organizations
        .list({}, { signal: controller.signal })
        .catch((caught: unknown) => caught);

      expect(error).toBe(reason);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(clock.sleeps).toEqual([]);
    });

    test("rejects with the signal's reason, not a ConnectionError, when retries are off", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const fetch = hangingFetch(() => queueMicrotask(() => controller.abort(reason)));
      const { client } = recrubo({ fetch, retry: false });

      await expect(client.organizations.list({}, { signal: controller.signal })).rejects.toBe(reason);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    test("rejects with the signal's reason before the per-attempt timeout runs out", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const scope = nock(recruboBaseUrl)
        .get(listPath)
        .delay(300)
        .reply(200, listDocument)
        .get(listPath)
        .reply(200, listDocument);
      const { client } = recrubo({ timeoutMs: 10_000 });
      setTimeout(() => controller.abort(reason), 20);

      await expect(client.organizations.list({}, { signal: controller.signal })).rejects.toBe(reason);
      expect(scope.pendingMocks()).toHaveLength(1);
    });

    test("rejects with the signal's reason when aborted during the backoff, and sends no further attempt", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      let sleeping: () => void = () => {};
      const asleep = new Promise<void>((resolve) => {
        sleeping = resolve;
      });
      // Sleeps until aborted, as a real clock would for a long backoff.
      const clock: Clock = {
        ...systemClock,
        sleep: (_ms, signal) => {
          sleeping();
          return untilAborted(new Promise<void>(() => {}), signal);
        },
      };
      const fetch = vi.fn(async () => new Response(null, { status: 503 }));
      const client = createRecruboClient({ apiKey: partnerKey, clock, fetch });

      const call = client.organizations.list({}, { signal: controller.signal }).catch((caught: unknown) => caught);
      await asleep;
      controller.abort(reason);

      expect(await call).toBe(reason);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    test("sends nothing when the signal is already aborted", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      controller.abort(reason);
      const fetch = vi.fn(async () => Response.json(listDocument));
      const { client } = recrubo({ fetch });

      await expect(client.organizations.list({}, { signal: controller.signal })).rejects.toBe(reason);
      expect(fetch).not.toHaveBeenCalled();
    });

    test("sends nothing through nock when the signal is already aborted", async () => {
      const controller = new AbortController();
      controller.abort(new Error("stop"));
      const scope = nock(recruboBaseUrl).get(listPath).reply(200, listDocument);
      const { client } = recrubo();

      await expect(client.organizations.list({}, { signal: controller.signal })).rejects.toThrow("stop");
      expect(scope.isDone()).toBe(false);
    });
  });
});
