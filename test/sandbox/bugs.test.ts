import { setupServer } from "msw/node";
import { afterEach, describe, expect, test, vi } from "vitest";
import { type RecruboClient, ServerError } from "../../src/index.js";
import {
  createSandbox,
  type Sandbox,
  SandboxBugError,
  type SandboxServer,
  startSandbox,
} from "../../src/sandbox/index.js";
import { handleWithSandbox } from "../../src/sandbox/msw.js";
import { interceptWithSandbox } from "../../src/sandbox/nock.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { naming } from "../support/messages.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  vi.restoreAllMocks();
});

/** A sandbox whose Recrubo throws `cause` instead of answering: a bug, injected. */
function buggy(cause: unknown = new TypeError("Cannot read properties of undefined (reading 'id')")) {
  const sandbox = createSandbox({ clock: new FakeClock(), recrubo: { organizations: 2 }, blynk: { organizations: 2 } });
  const handle = vi.spyOn(sandbox.recrubo, "handle").mockImplementation(() => {
    throw cause;
  });
  return { sandbox, handle, cause };
}

async function failure(recrubo: RecruboClient): Promise<unknown> {
  return recrubo.organizations.list().then(
    () => undefined,
    (error: unknown) => error,
  );
}

const inProcess: Record<string, (sandbox: Sandbox) => { fetch?: (request: Request) => Promise<Response> }> = {
  "sandbox.fetch": (sandbox) => ({ fetch: sandbox.fetch }),
  "the nock interceptor": (sandbox) => {
    interceptWithSandbox(sandbox, "https://api.recrubo.app");
    return {};
  },
  "the msw handler": (sandbox) => {
    const server = setupServer(handleWithSandbox(sandbox, "https://api.recrubo.app"));
    server.listen({ onUnhandledRequest: "error" });
    cleanups.push(() => server.close());
    // msw logs what a handler throws: the bug shows in the test output too.
    vi.spyOn(console, "error").mockImplementation(() => {});
    return {};
  },
};

describe("a bug in the sandbox", () => {
  test.each(Object.keys(inProcess))(
    "rejects the request through %s, once, as itself, not as a 500 retried",
    async (way) => {
      const { sandbox, handle, cause } = buggy();
      const { clock, client: recrubo } = recruboClient({ sandbox, ...inProcess[way]!(sandbox) });

      const error = await failure(recrubo);

      expect(error).toBeInstanceOf(SandboxBugError);
      expect(error).toMatchObject({
        message: naming(
          "GET /public/v2/management/organizations/",
          "Cannot read properties of undefined (reading 'id')",
          "bug in the sandbox",
        ),
        cause,
      });
      expect(handle).toHaveBeenCalledTimes(1);
      expect(clock.sleeps).toEqual([]);
      expect(sandbox.bugs).toEqual([error]);
    },
  );

  test.each(Object.keys(inProcess))(
    "is not taken for a connection failure through %s, even with a system error's code",
    async (way) => {
      const { sandbox, handle, cause } = buggy(Object.assign(new Error("open failed"), { code: "ECONNRESET" }));
      const { clock, client: recrubo } = recruboClient({ sandbox, ...inProcess[way]!(sandbox) });

      const error = await failure(recrubo);

      expect(error).toBeInstanceOf(SandboxBugError);
      expect(error).toMatchObject({ code: "ERR_ORGKIT_SANDBOX_BUG", cause });
      expect(handle).toHaveBeenCalledTimes(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  test("rejects sandbox.answer with the bug, its cause the sandbox's own error", async () => {
    const { sandbox, cause } = buggy(new RangeError("Index out of range."));

    const answer = sandbox.answer(
      new Request("https://api.recrubo.app/public/v2/organizations?page[size]=1", { method: "HEAD" }),
    );

    await expect(answer).rejects.toBeInstanceOf(SandboxBugError);
    await expect(answer).rejects.toMatchObject({
      name: "SandboxBugError",
      message: naming("HEAD /public/v2/organizations", "Index out of range", "bug in the sandbox"),
      cause,
    });
  });

  test("leaves the other API and later requests unharmed", async () => {
    const { sandbox, handle } = buggy();
    const { client: recrubo } = recruboClient({ sandbox, fetch: sandbox.fetch });
    const { client: blynk } = blynkClient({ sandbox, fetch: sandbox.fetch });

    await expect(recrubo.organizations.list()).rejects.toBeInstanceOf(SandboxBugError);
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
    handle.mockRestore();
    await expect(recrubo.organizations.list()).resolves.toMatchObject({ meta: { total: 2 } });
    expect(sandbox.bugs).toHaveLength(1);
  });

  test("is told apart from a deliberate fault: failNext(n, 500) stays a plain 500, not a bug", async () => {
    const sandbox = createSandbox({ clock: new FakeClock(), recrubo: { organizations: 2 } });
    sandbox.faults.failNext(1, 500);

    const response = await sandbox.fetch(new Request("https://api.recrubo.app/public/v2/organizations"));

    expect(response.status).toBe(500);
    expect(response.headers.get("x-orgkit-sandbox-bug")).toBeNull();
    expect(sandbox.bugs).toEqual([]);
  });
});

describe("a bug in the sandbox served over HTTP", () => {
  async function served(sandbox: Sandbox): Promise<SandboxServer> {
    const server = await startSandbox({ sandbox });
    cleanups.push(() => server.close());
    return server;
  }

  test("answers 500 in the API's error format, marked as a bug, and logs and keeps it", async () => {
    const { sandbox, cause } = buggy();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const server = await served(sandbox);

    const response = await fetch(`${server.url}/public/v2/organizations`, { headers: { authorization: "key" } });

    expect(response.status).toBe(500);
    expect(response.headers.get("x-orgkit-sandbox-bug")).toBe("1");
    expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(await response.json()).toEqual({
      errors: [
        {
          code: "internal_server_error",
          status: 500,
          title: "Internal Server Error",
          detail: "The sandbox failed to answer: this is a bug in orgkit's sandbox, not an answer of the API.",
        },
      ],
    });
    expect(sandbox.bugs).toHaveLength(1);
    expect(sandbox.bugs[0]).toMatchObject({ cause });
    expect(logged).toHaveBeenCalledWith(sandbox.bugs[0]);
  });

  test("answers in Blynk's format for Blynk, and the client's error says it is a bug", async () => {
    const sandbox = createSandbox({ clock: new FakeClock(), blynk: { organizations: 2 } });
    vi.spyOn(sandbox.blynk, "handle").mockRejectedValue(new Error("boom"));
    vi.spyOn(console, "error").mockImplementation(() => {});
    const server = await served(sandbox);
    const { client: blynk } = blynkClient({ sandbox, baseUrl: server.url, retry: false });

    const error = await blynk.organizations.profile().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      status: 500,
      details: [{ message: naming("bug in orgkit's sandbox") }],
    });
    expect(sandbox.bugs).toHaveLength(1);
  });

  test("still closes the connection, unlogged, on a dropped-connection fault", async () => {
    const sandbox = createSandbox({ clock: new FakeClock() });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const server = await served(sandbox);
    sandbox.faults.dropNext(1);

    await expect(fetch(`${server.url}/api/v1/organization/profile`)).rejects.toThrow("fetch failed");
    expect(logged).not.toHaveBeenCalled();
    expect(sandbox.bugs).toEqual([]);
  });
});
