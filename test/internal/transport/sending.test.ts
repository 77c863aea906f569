import { getEventListeners } from "node:events";
import { describe, expect, test, vi } from "vitest";
import { createBlynkClient, createRecruboClient, TimeoutError, UnexpectedResponseError } from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { scripted } from "../../support/fetches.js";
import { accessToken, blynkOrganization, partnerKey, recruboOrganization } from "../../support/fixtures.js";

const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};

describe("sending", () => {
  test("sends what openapi-fetch built, with credentials its middleware never sees and redirects left to orgkit", async () => {
    const seen: Request[] = [];
    const fetch = vi.fn(async (_request: Request, _init: { signal: AbortSignal }) => Response.json(blynkOrganization));
    const client = createBlynkClient({ auth: { accessToken }, fetch });
    client.raw.use({ onRequest: ({ request }) => void seen.push(request) });

    await client.raw.GET("/api/v1/organization", { params: { query: { orgId: 1 } } });

    expect(fetch).toHaveBeenCalledTimes(1);
    const [sent] = fetch.mock.calls[0]!;
    expect([sent.method, sent.url, sent.headers.get("accept")]).toEqual([
      seen[0]!.method,
      seen[0]!.url,
      seen[0]!.headers.get("accept"),
    ]);
    expect(sent.redirect).toBe("manual");
    expect(sent.headers.get("authorization")).toBe(`Bearer ${accessToken}`);
    expect(seen[0]!.headers.has("authorization")).toBe(false);
  });

  test("gives fetch a signal that aborts when the attempt times out", async () => {
    const clock = new FakeClock();
    const signals: AbortSignal[] = [];
    const fetch = vi.fn((_request: Request, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      clock.advance(20);
      return new Promise<Response>(() => {}); // ignores the signal: orgkit ends the attempt all the same
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, clock, timeoutMs: 20, retry: false });

    await expect(client.organizations.get(1)).rejects.toBeInstanceOf(TimeoutError);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect((signals[0]!.reason as DOMException).name).toBe("TimeoutError");
  });

  test("gives fetch a signal that aborts with the caller's reason, and the request the caller's own", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const signals: AbortSignal[] = [];
    const fetch = vi.fn((_request: Request, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      queueMicrotask(() => controller.abort(reason));
      return new Promise<Response>(() => {});
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, retry: false });

    await expect(client.organizations.get(1, { signal: controller.signal })).rejects.toBe(reason);
    expect(signals[0]!.reason).toBe(reason);
    expect(fetch.mock.calls[0]![0].signal.reason).toBe(reason);
  });

  test("each attempt gets a signal of its own, and a retry a copy of the request with the body as given", async () => {
    const signals: AbortSignal[] = [];
    const requests: Request[] = [];
    const bodies: string[] = [];
    const fetch = vi.fn(async (request: Request, { signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      requests.push(request);
      bodies.push(await request.text());
      return requests.length === 1 ? new Response(null, { status: 503 }) : Response.json(blynkOrganization);
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, clock: new FakeClock() });

    await client.organizations.update({ name: "Renamed Org" }, { orgId: 1 });

    expect(fetch).toHaveBeenCalledTimes(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(requests[0]).not.toBe(requests[1]);
    expect(bodies).toEqual([JSON.stringify({ name: "Renamed Org" }), JSON.stringify({ name: "Renamed Org" })]);
    expect(requests[1]!.redirect).toBe("manual");
  });

  test("sends a copy of a request a middleware built, its body read once and sent on every attempt", async () => {
    const bodies: string[] = [];
    const fetch = vi.fn(async (request: Request) => {
      bodies.push(await request.text());
      return bodies.length === 1 ? new Response(null, { status: 503 }) : Response.json(blynkOrganization);
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, clock: new FakeClock() });
    const replaced: Request[] = [];
    client.raw.use({
      onRequest: ({ request }) => {
        const own = new Request(request, {
          redirect: "follow",
          headers: { ...Object.fromEntries(request.headers), "x-trace": "1" },
        });
        replaced.push(own);
        return own;
      },
    });

    await client.raw.PUT("/api/v1/organization/edit/name", {
      params: { query: { orgId: 1 } },
      body: { name: "Renamed Org" },
    });

    expect(bodies).toEqual([JSON.stringify({ name: "Renamed Org" }), JSON.stringify({ name: "Renamed Org" })]);
    const sent = fetch.mock.calls.map(([request]) => request);
    expect(sent).not.toContain(replaced[0]);
    for (const request of sent) {
      expect(request.redirect).toBe("manual");
      expect(request.headers.get("x-trace")).toBe("1");
    }
  });

  test("raw resolves with a real response, the server's status and headers, its body read once and said to be", async () => {
    const fetch = vi.fn(async () => Response.json(listDocument, { headers: { "x-request-id": "r-1" } }));
    const client = createRecruboClient({ apiKey: partnerKey, fetch });

    const { data, response } = await client.raw.GET("/public/v2/management/organizations/");

    expect(data).toEqual(listDocument);
    expect(Object.getPrototypeOf(response)).toBe(Response.prototype);
    expect(response.status).toBe(200);
    expect(response.url).toBe("https://api.recrubo.app/public/v2/management/organizations/");
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.bodyUsed).toBe(true); // openapi-fetch read it, as it does
    await expect(response.text()).rejects.toThrow(TypeError);
  });
});

describe("sending, what an attempt leaves behind", () => {
  test("the time limit's reason names it, for a fetch that reads it", async () => {
    const clock = new FakeClock();
    const reasons: unknown[] = [];
    const fetch = vi.fn((_request: Request, { signal }: { signal: AbortSignal }) => {
      signal.addEventListener("abort", () => reasons.push(signal.reason));
      clock.advance(25);
      return new Promise<Response>(() => {});
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, clock, timeoutMs: 25, retry: false });

    await expect(client.organizations.get(1)).rejects.toBeInstanceOf(TimeoutError);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(DOMException);
    expect((reasons[0] as DOMException).message).toBe("The attempt timed out after 25 ms");
  });

  test("no listener of orgkit's stays on the caller's signal once a call has ended, however it ended", async () => {
    const controller = new AbortController();
    const answers = [
      () => Response.json(blynkOrganization),
      () => new Response(null, { status: 404 }),
      () => Promise.reject(Object.assign(new Error("reset"), { code: "ECONNRESET" })),
    ];
    const { fetch } = scripted(...answers);
    const client = createBlynkClient({ auth: { accessToken }, fetch, retry: false });

    for (let index = 0; index < answers.length; index++) {
      const before = getEventListeners(controller.signal, "abort").length;
      await client.organizations.get(1, { signal: controller.signal }).catch(() => {});
      // The Request a call builds follows the signal with a listener of its own until it is
      // collected (fetch's doing, as with openapi-fetch alone); orgkit's is gone.
      expect(getEventListeners(controller.signal, "abort").length - before).toBeLessThanOrEqual(1);
    }
  });

  test("an aborted call is not logged as a failed attempt", async () => {
    const controller = new AbortController();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const fetch = vi.fn(() => {
      queueMicrotask(() => controller.abort(new Error("stop")));
      return new Promise<Response>(() => {});
    });
    const client = createBlynkClient({ auth: { accessToken }, fetch, logger, retry: false });

    await expect(client.organizations.get(1, { signal: controller.signal })).rejects.toThrow("stop");
    expect([logger.debug, logger.info, logger.warn, logger.error].flatMap((level) => level.mock.calls)).toEqual([]);
  });

  test("a success without Content-Length (a chunked answer) is parsed once", async () => {
    const chunked = () =>
      new Response(new Blob([JSON.stringify(blynkOrganization)]).stream(), {
        headers: { "content-type": "application/json" },
      });
    const client = createBlynkClient({ auth: { accessToken }, fetch: vi.fn(async () => chunked()), retry: false });
    const parse = vi.spyOn(JSON, "parse");

    try {
      await expect(client.organizations.get(1)).resolves.toEqual(blynkOrganization);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  test("a success whose body breaks off while read is an unexpected answer, not a bug", async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
        controller.error(Object.assign(new Error("incorrect header check"), { code: "Z_DATA_ERROR" }));
      },
    });
    const fetch = vi.fn(async () => new Response(broken, { headers: { "content-type": "application/json" } }));
    const client = createBlynkClient({ auth: { accessToken }, fetch, retry: false });

    const error = await client.organizations.get(1).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).issues).toEqual([]);
    expect((error as UnexpectedResponseError).message).toBe(
      "200 OK: GET https://blynk.cloud/api/v1/organization?orgId=1: its body could not be read (content-type application/json).",
    );
  });

  test("the 401 that makes a client get a new token is logged, with the immediate retry", async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const tokens = ["first-token-0123456789", "second-token-0123456789"];
    let issued = 0;
    const fetch = vi.fn(async (request: Request) => {
      if (request.url.includes("/oauth2/token"))
        return Response.json({
          access_token: tokens[issued++],
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: null,
        });
      return request.headers.get("authorization") === `Bearer ${tokens[0]}`
        ? new Response(null, { status: 401 })
        : Response.json(blynkOrganization);
    });
    const client = createBlynkClient({
      auth: { clientId: "client-id", clientSecret: "client-secret" },
      fetch,
      logger,
      clock: new FakeClock(),
    });

    await client.organizations.get(1);

    const attempts = logger.warn.mock.calls.filter(([message]) =>
      String(message).includes("/api/v1/organization?orgId=1"),
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]![0]).toMatch(/-> 401 \(attempt 1, \d+ ms, retrying in 0 ms\)$/);
    expect(attempts[0]![1]).toMatchObject({ status: 401, attempt: 1, retryInMs: 0 });
  });
});
