import { afterEach, describe, expect, test, vi } from "vitest";
import { ConnectionError, createRecruboClient } from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { partnerKey, recruboOrganization } from "../../support/fixtures.js";
import { rejectionOf } from "../../support/rejection.js";

const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};

/** A client whose fetch throws `failure` on the first attempt and answers the list after. */
function failingOnce(failure: unknown) {
  const fetch = vi.fn(async (_request: Request): Promise<Response> => {
    if (fetch.mock.calls.length === 1) throw failure;
    return Response.json(listDocument);
  });
  const clock = new FakeClock();
  return { fetch, clock, client: createRecruboClient({ apiKey: partnerKey, fetch, clock }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("network failures", () => {
  test.each([
    {
      case: "undici's fetch failed",
      failure: new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      }),
    },
    { case: "a body cut off by undici", failure: new TypeError("terminated") },
    { case: "a browser's Failed to fetch", failure: new TypeError("Failed to fetch") },
    { case: "Safari's Load failed", failure: new TypeError("Load failed") },
    { case: "Firefox's NetworkError", failure: new TypeError("NetworkError when attempting to fetch resource.") },
    { case: "a Node system error", failure: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) },
    {
      case: "an undici socket error",
      failure: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    },
  ])("$case is a ConnectionError, and retried", async ({ failure }) => {
    const { client, fetch } = failingOnce(failure);

    await expect(client.organizations.list()).resolves.toEqual(listDocument);
    expect(fetch).toHaveBeenCalledTimes(2);
    const once = createRecruboClient({ apiKey: partnerKey, retry: false, fetch: async () => Promise.reject(failure) });
    await expect(once.organizations.list()).rejects.toBeInstanceOf(ConnectionError);
  });

  test.each([
    { case: "a ReferenceError", failure: new ReferenceError("agent is not defined") },
    {
      case: "a TypeError from a bug",
      failure: new TypeError("Cannot read properties of undefined (reading 'dispatch')"),
    },
    { case: "a RangeError", failure: new RangeError("Invalid array length") },
    {
      case: "an Error with a programming error's code",
      failure: Object.assign(new Error("bad argument"), { code: "ERR_INVALID_ARG_TYPE" }),
    },
  ])("$case thrown by a custom fetch is not retried and surfaces as itself", async ({ failure }) => {
    const { client, fetch } = failingOnce(failure);

    await expect(client.organizations.list()).rejects.toBe(failure);
    expect(fetch).toHaveBeenCalledOnce();
  });

  test("a bug whose message holds the key surfaces as a copy of its own class, the key masked", async () => {
    const failure = new ReferenceError(`no agent for ${partnerKey}`);
    const { client, fetch } = failingOnce(failure);

    const error = await rejectionOf(client.organizations.list(), ReferenceError);

    expect(error.message).toBe("no agent for [REDACTED]");
    expect(String(error.stack)).not.toContain(partnerKey);
    expect(fetch).toHaveBeenCalledOnce();
  });

  test("in a browser page on another origin, the error names CORS as a likely cause", async () => {
    vi.stubGlobal("location", { origin: "https://app.example.com" });
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const client = createRecruboClient({ apiKey: partnerKey, fetch, retry: false });

    const error = await rejectionOf(client.organizations.list(), ConnectionError);

    expect(error.message).toMatch(/refused by CORS fails: the API must allow the origin https:\/\/app\.example\.com/);
  });

  test("outside a browser, no CORS hint", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed");
    });
    const client = createRecruboClient({ apiKey: partnerKey, fetch, retry: false });

    const error = await rejectionOf(client.organizations.list(), ConnectionError);

    expect(error.message).not.toMatch(/CORS/);
  });
});
