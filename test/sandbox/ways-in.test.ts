import { type SetupServer, setupServer } from "msw/node";
import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import { type BlynkClient, ConnectionError, NotFoundError, type RecruboClient } from "../../src/index.js";
import {
  createSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxServer,
  startSandbox,
} from "../../src/sandbox/index.js";
import { handleWithSandbox } from "../../src/sandbox/msw.js";
import { interceptWithSandbox } from "../../src/sandbox/nock.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";

const options = (): SandboxOptions => ({
  seed: 42,
  clock: new FakeClock(),
  recrubo: { organizations: 3 },
  blynk: { organizations: 3 },
});

const servers: SandboxServer[] = [];
const mswServers: SetupServer[] = [];
afterEach(async () => {
  for (const server of mswServers.splice(0)) server.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function served(): Promise<SandboxServer> {
  const server = await startSandbox(options());
  servers.push(server);
  return server;
}

interface Way {
  sandbox: Sandbox;
  recrubo: RecruboClient;
  blynk: BlynkClient;
}

/** Clients for `sandbox`, with the extra options of one way in. */
function clients(sandbox: Sandbox, extra: { fetch?: (request: Request) => Promise<Response>; baseUrl?: string }): Way {
  return {
    sandbox,
    recrubo: recruboClient({ sandbox, retry: false, clock: new FakeClock(), ...extra }).client,
    blynk: blynkClient({ sandbox, retry: false, clock: new FakeClock(), ...extra }).client,
  };
}

const ways: Record<string, () => Promise<Way>> = {
  "the fetch handler": async () => {
    const sandbox = createSandbox(options());
    return clients(sandbox, { fetch: sandbox.fetch });
  },
  "the loopback server": async () => {
    const server = await served();
    return clients(server.sandbox, { baseUrl: server.url });
  },
  "the nock interceptors": async () => {
    const sandbox = createSandbox(options());
    interceptWithSandbox(sandbox, "https://api.recrubo.app");
    interceptWithSandbox(sandbox, "https://blynk.cloud");
    return clients(sandbox, {});
  },
  "the msw handlers": async () => {
    const sandbox = createSandbox(options());
    // The nock way's interceptors for the same origins go, so that only msw can answer.
    nock.cleanAll();
    const server = setupServer(
      handleWithSandbox(sandbox, "https://api.recrubo.app"),
      handleWithSandbox(sandbox, "https://blynk.cloud"),
    );
    server.listen({ onUnhandledRequest: "error" });
    mswServers.push(server);
    return clients(sandbox, {});
  },
};

/** The same calls through any way in, and what came back. */
async function scenario({ recrubo, blynk }: Way) {
  const created = await recrubo.organizations.create({
    name: "Through",
    webhookUrl: "https://hooks.example.com/t",
    webhookSecret: "s",
  });
  const renamed = await recrubo.organizations.update(created.id, { name: "Through Renamed" });
  const listed = await recrubo.organizations.list({ filter: { name: "Through Renamed" } });
  // Raw, so that the sandbox, not the client's own check, refuses the sort field.
  const invalid = await recrubo.raw.GET("/public/v2/management/organizations/", {
    // @ts-expect-error "color" is not a field of the spec's sort enum
    params: { query: { sort: ["name", "color"] } },
  });
  await recrubo.organizations.delete(created.id);
  const deleted = await recrubo.organizations.get(created.id).catch((error: unknown) => error);

  const branch = await blynk.organizations.create({ name: "Ways Branch", description: "via every way" });
  const search = await blynk.organizations.search({ query: "ways", sortBy: "Name", sortOrder: "DESC" });
  const updated = await blynk.organizations.update({ name: "Ways Branch Two" }, { orgId: branch.id });
  const missing = await blynk.organizations.get(999).catch((error: unknown) => error);
  await blynk.organizations.delete(branch.id);

  return {
    created: { id: created.id, token: created.attributes.token, attributes: renamed.attributes },
    listed: { ids: listed.data.map((organization) => organization.id), meta: listed.meta },
    invalid: { status: invalid.response.status, query: new URL(invalid.response.url).search, body: invalid.error },
    deleted: { name: (deleted as Error).name, requestId: (deleted as { requestId: unknown }).requestId },
    branch,
    search,
    updated,
    missing: { name: (missing as Error).name, details: (missing as { details: unknown }).details },
  };
}

describe("sandbox ways in", () => {
  test.each(Object.keys(ways))("%s serves both APIs as the specs say", async (way) => {
    const setup = ways[way];
    if (!setup) throw new Error(`no way ${way}`);
    const clientsOf = await setup();

    const outcome = await scenario(clientsOf);

    expect(outcome.created.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(outcome.created.attributes).toMatchObject({
      name: "Through Renamed",
      webhookUrl: "https://hooks.example.com/t",
      webhookSecret: "s",
      token: null,
    });
    expect(outcome.listed).toEqual({
      ids: [outcome.created.id],
      meta: { total: 1, totalUnfiltered: 4, currentSize: 25, currentPage: 1, maxPage: 1 },
    });
    expect(outcome.invalid).toMatchObject({
      status: 400,
      query: "?sort=name,color",
      body: { errors: [{ code: "bad_request", detail: expect.stringContaining("sort[1] must be one of") }] },
    });
    expect(outcome.deleted.name).toBe("NotFoundError");
    expect(outcome.branch).toMatchObject({ id: 5, name: "Ways Branch", parentOrganizationId: 1 });
    expect(outcome.search).toEqual({ content: [outcome.branch], totalElements: 1 });
    expect(outcome.updated).toMatchObject({ id: 5, name: "Ways Branch Two", description: "via every way" });
    expect(outcome.missing).toEqual({
      name: "NotFoundError",
      details: [{ message: "Organization is not found or you don't have access to it." }],
    });
    expect(clientsOf.sandbox.recrubo.organizations()).toHaveLength(3);
    expect(clientsOf.sandbox.blynk.organizations().map((organization) => organization.id)).toEqual([1, 2, 3, 4]);
  });

  test("give the same answers, ids, tokens and request ids", async () => {
    const outcomes = [];
    for (const setup of Object.values(ways)) outcomes.push(await scenario(await setup()));

    const [first, ...others] = outcomes;
    for (const other of others) expect(other).toEqual(first);
  });
});

describe("startSandbox", () => {
  test("listens on a loopback port and shares its sandbox's state", async () => {
    const server = await served();
    const { recrubo } = clients(server.sandbox, { baseUrl: server.url });

    const created = await recrubo.organizations.create({ name: "Over HTTP" });

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.sandbox.recrubo.organizations().map((record) => record.id)).toContain(created.id);
    const response = await fetch(`${server.url}/public/v2/management/organizations/`, {
      headers: { authorization: `Bearer ${server.sandbox.credentials.recrubo.apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(response.headers.get("x-request-id")).toMatch(/\S/);
  });

  test("serves a given sandbox", async () => {
    const sandbox = createSandbox({ recrubo: { organizations: 1 } });
    const server = await startSandbox({ sandbox });
    servers.push(server);

    expect(server.sandbox).toBe(sandbox);
    await expect(clients(sandbox, { baseUrl: server.url }).recrubo.organizations.list()).resolves.toMatchObject({
      meta: { total: 1 },
    });
  });

  test("closes the socket on a dropped-connection fault", async () => {
    const server = await served();
    const { blynk, recrubo } = clients(server.sandbox, { baseUrl: server.url });
    await blynk.organizations.profile();

    server.sandbox.faults.dropNext(1);
    const blynkError = await blynk.organizations.profile().catch((error: unknown) => error);
    server.sandbox.faults.dropNext(1);
    const recruboError = await recrubo.organizations.list().catch((error: unknown) => error);

    expect(blynkError).toBeInstanceOf(ConnectionError);
    expect(recruboError).toBeInstanceOf(ConnectionError);
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
  });

  test("close() stops it", async () => {
    const server = await startSandbox(options());
    const { recrubo } = clients(server.sandbox, { baseUrl: server.url });
    await recrubo.organizations.list();

    await server.close();

    await expect(recrubo.organizations.list()).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe("interceptWithSandbox", () => {
  test("lets clients with their default base URL reach the sandbox, POST bodies included", async () => {
    const sandbox = createSandbox(options());
    interceptWithSandbox(sandbox, "https://api.recrubo.app");
    interceptWithSandbox(sandbox, "https://blynk.cloud");
    const { recrubo, blynk } = clients(sandbox, {});

    const recruboOrg = await recrubo.organizations.create({
      name: "Via Nock",
      webhookUrl: "https://hooks.example.com/n",
      webhookSecret: "n",
    });
    const blynkOrg = await blynk.organizations.create({
      name: "Via Nock",
      tz: "Europe/Berlin",
      phoneNumber: "+4930123",
    });

    expect(sandbox.recrubo.organizations().find((record) => record.id === recruboOrg.id)).toMatchObject({
      name: "Via Nock",
      webhookSecret: "n",
    });
    expect(sandbox.blynk.organizations().find((organization) => organization.id === blynkOrg.id)).toMatchObject({
      name: "Via Nock",
      tz: "Europe/Berlin",
      phoneNumber: "+4930123",
    });
    await expect(recrubo.organizations.delete(recruboOrg.id)).resolves.toBeUndefined();
    await expect(recrubo.organizations.get(recruboOrg.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("only routes the origin it was given", async () => {
    const sandbox = createSandbox(options());
    interceptWithSandbox(sandbox, "https://blynk.cloud");
    const { recrubo, blynk } = clients(sandbox, {});

    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1, name: "Acme Corp" });
    await expect(recrubo.organizations.list()).rejects.toBeInstanceOf(ConnectionError);
  });

  test("drops the connection on a dropped-connection fault", async () => {
    const sandbox = createSandbox(options());
    interceptWithSandbox(sandbox, "https://blynk.cloud");
    interceptWithSandbox(sandbox, "https://api.recrubo.app");
    const { recrubo, blynk } = clients(sandbox, {});

    sandbox.faults.dropNext(1);
    const error = await recrubo.organizations.list().catch((caught: unknown) => caught);
    sandbox.faults.dropNext(1);
    const tokenError = await blynk.organizations.profile().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectionError);
    expect(tokenError).toBeInstanceOf(ConnectionError);
    await expect(recrubo.organizations.list()).resolves.toMatchObject({ meta: { total: 3 } });
  });
});
