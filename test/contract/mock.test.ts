import { describe, expect, test } from "vitest";
import { NotFoundError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { throughPrism } from "./prism.js";

// `prism mock` answers from the specs' own examples: every call the clients make must succeed
// against them, so the examples, the spec and the client agree.

describe("Recrubo contract: client -> Prism mock", () => {
  const mock = throughPrism("recrubo", "mock");

  test("every operation succeeds against the spec's examples", async () => {
    const { recorder } = mock;
    const recrubo = recruboClient({
      apiKey: "rk_mock_partner_key",
      baseUrl: mock.url,
      fetch: recorder.fetch,
      retry: false,
    }).client;
    const id = "303f151b-3f33-4ddd-9779-eb522f7225a9";

    const list = await recrubo.organizations.list({
      page: { number: 1, size: 25 },
      filter: { name: "Test Org" },
      sort: ["-createdAt", "name"],
    });
    expect(list.data.map((organization) => organization.attributes.name)).toEqual([
      "Recrubo_89495632",
      "Recrubo_82361056",
    ]);
    expect(list.meta).toEqual({ total: 2, totalUnfiltered: 2, currentSize: 25, currentPage: 1, maxPage: 1 });
    expect((await recrubo.organizations.create({ name: "Test Org" })).attributes.token).toBe("5I9cezE6QPYl8v9jggrN3w");
    expect((await recrubo.organizations.get(id)).attributes.name).toBe("Test Org");
    expect(
      (
        await recrubo.organizations.update(id, {
          webhookUrl: "https://hooks.example.com/recrubo",
          webhookSecret: "whsec_4f1c2a9e",
        })
      ).id,
    ).toBe(id);
    expect((await recrubo.organizations.refreshToken(id)).attributes.token).toBe("qT7mB2xK9vLpR4sW1nZc8e");
    await expect(recrubo.organizations.delete(id)).resolves.toBeUndefined();
    expect((await recrubo.raw.GET("/public/v2/organizations")).data?.data).toHaveLength(1);
    const withoutId = await recrubo.raw.PATCH("/public/v2/management/organizations/{id}", {
      params: { path: { id } },
      body: { data: { type: "organizations", attributes: { name: "Test Org" } } },
    });
    expect(withoutId.response.status).toBe(200);

    const missing = recrubo.organizations.get(id, { headers: { prefer: "code=404" } });
    await expect(missing).rejects.toMatchObject({
      constructor: NotFoundError,
      message: expect.stringContaining("Organization not found."),
    });
    expect(recorder.exchanges[0]?.request).toBe(
      `GET ${mock.url}/public/v2/management/organizations/?page[number]=1&page[size]=25&filter[name]=Test%20Org&sort=-createdAt,name`,
    );
    expect(recorder.exchanges).toHaveLength(9);
  });

  test("the organization facade succeeds against the spec's examples, with and without the id", async () => {
    const { recorder } = mock;
    const { organization } = recruboClient({
      apiKey: "5I9cezE6QPYl8v9jggrN3w",
      baseUrl: mock.url,
      fetch: recorder.fetch,
      retry: false,
    }).client;
    const id = "303f151b-3f33-4ddd-9779-eb522f7225a9";

    const own = await organization.get();
    const updated = await organization.update({
      webhookUrl: "https://hooks.example.com/recrubo",
      webhookSecret: "whsec_4f1c2a9e",
    });
    const byId = await organization.update({ name: "Test Org" }, { id });

    expect(own).toMatchObject({ id, attributes: { name: "Test Org" } });
    expect(own.attributes).not.toHaveProperty("token");
    expect(updated.id).toBe(id);
    expect(byId.id).toBe(id);
    expect(recorder.exchanges.map((exchange) => exchange.request.replace(mock.url, ""))).toEqual([
      "GET /public/v2/organizations",
      "GET /public/v2/organizations",
      `PATCH /public/v2/organizations/${id}`,
      `PATCH /public/v2/organizations/${id}`,
    ]);
  });
});

describe("Blynk contract: client -> Prism mock", () => {
  const mock = throughPrism("blynk", "mock");

  test("every operation succeeds against the spec's examples, the token endpoint included", async () => {
    const { recorder } = mock;
    const blynk = blynkClient({
      auth: { clientId: "oa2-client-id_mock", clientSecret: "mock-secret" },
      baseUrl: mock.url,
      fetch: recorder.fetch,
      retry: false,
    }).client;

    expect((await blynk.organizations.profile()).name).toBe("Acme Corp");
    expect((await blynk.organizations.get(1)).tz).toBe("Europe/Kyiv");
    expect(await blynk.organizations.search({ query: "acme", sortOrder: "ASC", page: 0, size: 50 })).toMatchObject({
      totalElements: 1,
    });
    expect(
      (
        await blynk.organizations.create({
          name: "Acme Corp Kyiv",
          parentId: 750,
          tz: "Europe/Kyiv",
          unitSystem: "METRIC",
          type: "BRANCH",
        })
      ).id,
    ).toBe(751);
    expect((await blynk.organizations.update({ name: "New Organization Name" }, { orgId: 751 })).name).toBe(
      "New Organization Name",
    );
    expect((await blynk.organizations.update({ name: "New Organization Name" })).id).toBe(751);
    await expect(blynk.organizations.delete(751)).resolves.toBeUndefined();

    const missing = blynk.organizations.get(7, { headers: { prefer: "code=404" } });
    await expect(missing).rejects.toMatchObject({
      constructor: NotFoundError,
      details: [{ message: "Organization is not found or you don't have access to it." }],
    });
    expect(recorder.exchanges[0]?.request).toBe(`POST ${mock.url}/oauth2/token?grant_type=client_credentials`);
    expect(
      recorder.exchanges
        .filter((exchange) => exchange.request.startsWith("PUT "))
        .map((exchange) => exchange.request.replace(mock.url, "")),
    ).toEqual(["PUT /api/v1/organization/edit/name?orgId=751", "PUT /api/v1/organization/edit/name"]);
    expect(recorder.exchanges).toHaveLength(9);
  });
});
