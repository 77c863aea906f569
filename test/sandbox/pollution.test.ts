import { Buffer } from "node:buffer";
import { afterEach, describe, expect, test } from "vitest";
import { createSandbox, type Sandbox, type SandboxServer, startSandbox } from "../../src/sandbox/index.js";
import { interceptWithSandbox } from "../../src/sandbox/nock.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";

const baseline = Object.getOwnPropertyNames(Object.prototype);

const servers: SandboxServer[] = [];
afterEach(async () => {
  // A run that did pollute must not leak into the other tests of this worker.
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!baseline.includes(name)) Reflect.deleteProperty(Object.prototype, name);
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface Way {
  sandbox: Sandbox;
  recrubo: string;
  blynk: string;
  send(request: Request): Promise<Response>;
}

const fresh = () =>
  createSandbox({ seed: 7, clock: new FakeClock(), recrubo: { organizations: 4 }, blynk: { organizations: 4 } });

const ways: Record<string, () => Promise<Way>> = {
  "sandbox.fetch": async () => {
    const sandbox = fresh();
    return {
      sandbox,
      recrubo: "https://api.recrubo.app",
      blynk: "https://blynk.cloud",
      send: (request) => sandbox.fetch(request),
    };
  },
  startSandbox: async () => {
    const server = await startSandbox({ sandbox: fresh() });
    servers.push(server);
    return { sandbox: server.sandbox, recrubo: server.url, blynk: server.url, send: (request) => fetch(request) };
  },
  interceptWithSandbox: async () => {
    const sandbox = fresh();
    interceptWithSandbox(sandbox, "https://api.recrubo.app");
    interceptWithSandbox(sandbox, "https://blynk.cloud");
    return {
      sandbox,
      recrubo: "https://api.recrubo.app",
      blynk: "https://blynk.cloud",
      send: (request) => fetch(request),
    };
  },
};

const hostileQueries = [
  "__proto__[x]=polluted",
  "constructor[prototype][x]=polluted",
  "constructor[prototype]=polluted",
  "__proto__=polluted",
  "__proto__[__proto__][x]=polluted",
  "filter[__proto__]=polluted",
  "page[__proto__]=polluted",
  "orgId=3&__proto__[x]=polluted",
  "sort=__proto__,constructor&sort=__proto__",
  "sort[__proto__]=polluted",
];

const hostileBodies = [
  `{"__proto__":{"x":"polluted"}}`,
  `{"constructor":{"prototype":{"x":"polluted"}}}`,
  `{"name":"Hostile Org","__proto__":{"x":"polluted"},"constructor":{"prototype":{"x":"polluted"}}}`,
  `{"data":{"type":"organizations","__proto__":{"x":"polluted"},"attributes":{"name":"Hostile","__proto__":{"x":"polluted"},"constructor":{"prototype":{"x":"polluted"}}}}}`,
  `[{"__proto__":{"x":"polluted"}}]`,
];

/** Every route of both APIs, as method and path, with the credentials that let the request reach its handler. */
async function routes(way: Way) {
  const [first, second, third] = way.sandbox.recrubo.organizations();
  const partner = `Bearer ${way.sandbox.credentials.recrubo.apiKey}`;
  const own = `Bearer ${first!.token}`;
  const { clientId, clientSecret } = way.sandbox.credentials.blynk;
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
  const token = await way.send(
    new Request(`${way.blynk}/oauth2/token?grant_type=client_credentials`, {
      method: "POST",
      headers: { authorization: basic },
    }),
  );
  const bearer = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;
  return [
    { origin: way.recrubo, method: "GET", path: "/public/v2/management/organizations/", authorization: partner },
    { origin: way.recrubo, method: "POST", path: "/public/v2/management/organizations/", authorization: partner },
    {
      origin: way.recrubo,
      method: "GET",
      path: `/public/v2/management/organizations/${second!.id}`,
      authorization: partner,
    },
    {
      origin: way.recrubo,
      method: "PATCH",
      path: `/public/v2/management/organizations/${second!.id}`,
      authorization: partner,
    },
    {
      origin: way.recrubo,
      method: "DELETE",
      path: `/public/v2/management/organizations/${third!.id}`,
      authorization: partner,
    },
    {
      origin: way.recrubo,
      method: "POST",
      path: `/public/v2/management/refresh-token/${second!.id}`,
      authorization: partner,
    },
    { origin: way.recrubo, method: "GET", path: "/public/v2/organizations", authorization: own },
    { origin: way.recrubo, method: "GET", path: `/public/v2/organizations/${first!.id}`, authorization: own },
    { origin: way.recrubo, method: "PATCH", path: `/public/v2/organizations/${first!.id}`, authorization: own },
    { origin: way.blynk, method: "POST", path: "/oauth2/token", authorization: basic },
    { origin: way.blynk, method: "GET", path: "/api/v1/organization/profile", authorization: bearer },
    { origin: way.blynk, method: "GET", path: "/api/v1/organization", authorization: bearer },
    { origin: way.blynk, method: "PUT", path: "/api/v1/organization/edit/name", authorization: bearer },
    { origin: way.blynk, method: "DELETE", path: "/api/v1/organization", authorization: bearer },
    { origin: way.blynk, method: "GET", path: "/api/v1/organization/search", authorization: bearer },
    { origin: way.blynk, method: "POST", path: "/api/v1/organization/create", authorization: bearer },
  ];
}

/** Every hostile query on every route, and every hostile body on every route that takes one. */
async function hostileRequests(way: Way): Promise<Request[]> {
  const requests: Request[] = [];
  for (const { origin, method, path, authorization } of await routes(way)) {
    const headers = { authorization, "content-type": "application/json" };
    const grant = path === "/oauth2/token" ? "grant_type=client_credentials&" : "";
    for (const query of hostileQueries)
      requests.push(new Request(`${origin}${path}?${grant}${query}`, { method, headers }));
    if (method === "GET") continue;
    for (const body of hostileBodies) requests.push(new Request(`${origin}${path}?orgId=2`, { method, headers, body }));
  }
  return requests;
}

describe("sandbox: prototype pollution", () => {
  test.each(Object.keys(ways))("hostile queries and bodies through %s leave Object.prototype alone", async (name) => {
    const way = await ways[name]!();
    const requests = await hostileRequests(way);

    const statuses: number[] = [];
    for (const request of requests) statuses.push((await way.send(request)).status);

    expect(requests.length).toBeGreaterThan(150);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(baseline);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    for (const organization of way.sandbox.blynk.organizations()) {
      expect(Object.keys(organization)).not.toContain("constructor");
      expect(Object.keys(organization)).not.toContain("__proto__");
    }
    // The sandbox still answers as usual afterwards.
    const options = { sandbox: way.sandbox, retry: false as const, clock: new FakeClock(), fetch: way.send };
    const { client: recrubo } = recruboClient({ baseUrl: way.recrubo, ...options });
    const { client: blynk } = blynkClient({ baseUrl: way.blynk, ...options });
    const created = await recrubo.organizations.create({ name: "After The Storm" });
    await expect(recrubo.organizations.get(created.id)).resolves.toMatchObject({
      attributes: { name: "After The Storm" },
    });
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1, name: "Acme Corp" });
  });
});
