import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { ConnectionError, ServerError } from "../../src/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { handleWithSandbox } from "../../src/sandbox/msw.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { naming } from "../support/messages.js";

// No request leaves the process: msw answers it, or fails it as unhandled.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** A fresh sandbox behind msw at `origins`, and clients with their default base URLs. */
function setup(origins = ["https://api.recrubo.app", "https://blynk.cloud"]) {
  const sandbox = createSandbox({ clock: new FakeClock(), recrubo: { organizations: 3 }, blynk: { organizations: 3 } });
  server.use(...origins.map((origin) => handleWithSandbox(sandbox, origin)));
  const clock = new FakeClock();
  return {
    sandbox,
    clock,
    recrubo: recruboClient({ sandbox, clock }).client,
    blynk: blynkClient({ sandbox, clock }).client,
  };
}

describe("handleWithSandbox", () => {
  test("lets clients with their default base URL reach the sandbox, POST bodies included", async () => {
    const { sandbox, recrubo, blynk } = setup();

    const recruboOrg = await recrubo.organizations.create({
      name: "Via msw",
      webhookUrl: "https://hooks.example.com/m",
      webhookSecret: "m",
    });
    const blynkOrg = await blynk.organizations.create({ name: "Via msw", tz: "Europe/Berlin" });

    expect(sandbox.recrubo.organizations().find((record) => record.id === recruboOrg.id)).toMatchObject({
      name: "Via msw",
      webhookSecret: "m",
    });
    expect(sandbox.blynk.organizations().find((organization) => organization.id === blynkOrg.id)).toMatchObject({
      name: "Via msw",
      tz: "Europe/Berlin",
    });
    await expect(recrubo.organizations.list({ filter: { name: "Via msw" } })).resolves.toMatchObject({
      meta: { total: 1 },
    });
    await expect(blynk.organizations.get(blynkOrg.id)).resolves.toMatchObject({ name: "Via msw" });
  });

  test("serves the sandbox's faults: a 503 the client retries, a dropped connection", async () => {
    const { sandbox, clock, recrubo, blynk } = setup();
    await blynk.organizations.profile();

    sandbox.faults.failNext(1, 503);
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
    expect(clock.sleeps).toHaveLength(1);

    sandbox.faults.failNext(1, 503);
    await expect(recrubo.organizations.create({ name: "Not retried" })).rejects.toBeInstanceOf(ServerError);

    sandbox.faults.dropNext(3);
    await expect(recrubo.organizations.list()).rejects.toBeInstanceOf(ConnectionError);
  });

  test("answers 405 with Allow for a method the path does not serve, in the API's format", async () => {
    setup();

    const response = await fetch("https://blynk.cloud/api/v1/organization", { method: "PATCH" });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, DELETE, HEAD");
    expect(await response.json()).toEqual({
      error: { message: naming("PATCH", "/api/v1/organization", "GET, DELETE, HEAD") },
    });
  });

  test("only handles the origin it was given", async () => {
    const { recrubo, blynk } = setup(["https://blynk.cloud"]);
    const unhandled = vi.spyOn(console, "error").mockImplementation(() => {});

    await expect(blynk.organizations.profile()).resolves.toMatchObject({ name: "Acme Corp" });
    await expect(recrubo.organizations.list()).rejects.toThrow(/Cannot bypass a request/);
    await expect(fetch("https://example.com/public/v2/organizations")).rejects.toThrow(/Cannot bypass a request/);
    expect(unhandled.mock.calls.map(([message]) => String(message).split("\n\n")[1]?.trim())).toEqual([
      "• GET https://api.recrubo.app/public/v2/management/organizations/",
      "• GET https://example.com/public/v2/organizations",
    ]);
  });

  test("sits beside the test's own handlers, which keep precedence when added later", async () => {
    const { recrubo } = setup();
    server.use(
      http.get("https://api.recrubo.app/public/v2/organizations", () =>
        HttpResponse.json({ errors: [] }, { status: 418 }),
      ),
    );

    const own = await recrubo.raw.GET("/public/v2/organizations");
    const list = await recrubo.organizations.list();

    expect(own.response.status).toBe(418);
    expect(list.meta.total).toBe(3);
  });
});
