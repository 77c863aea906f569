import { beforeAll, describe, expect, test } from "vitest";
import {
  AuthenticationError,
  collect,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RecruboClient,
  ValidationError,
} from "../../src/index.js";
import { recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { throughPrism } from "./prism.js";

// Every Recrubo operation, through `prism proxy --errors` in front of the sandbox: a request or
// response that breaks openapi/recrubo fails here, so the client, the sandbox and the spec agree.
describe("Recrubo contract: client -> Prism proxy -> sandbox", () => {
  const clock = new FakeClock();
  const contract = throughPrism("recrubo", { proxy: { clock } });
  const through = () => ({ baseUrl: contract.url, fetch: contract.recorder.fetch, retry: false as const });
  let recrubo: RecruboClient;
  beforeAll(() => {
    recrubo = recruboClient({ sandbox: contract.server.sandbox, ...through() }).client;
  });

  test("list, filter, sort and page through every organization", async () => {
    const page = await recrubo.organizations.list({ page: { number: 2, size: 10 }, sort: ["-createdAt"] });
    expect(page.meta).toMatchObject({ total: 30, currentPage: 2, currentSize: 10, maxPage: 3 });
    expect(page.data.map((organization) => organization.attributes.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `Sandbox Org ${String(20 - index).padStart(3, "0")}`),
    );

    const filtered = await recrubo.organizations.list({ filter: { name: "Sandbox Org 007" } });
    expect(filtered.data.map((organization) => organization.attributes.name)).toEqual(["Sandbox Org 007"]);

    expect(await collect(recrubo.organizations.items({ page: { size: 7 } }, { concurrency: 2 }))).toHaveLength(30);
    const pages = await collect(recrubo.organizations.pages({ page: { size: 12 } }));
    expect(pages.map((page) => page.data.length)).toEqual([12, 12, 6]);
  });

  test("sort by several fields, sent comma-separated", async () => {
    clock.advance(60_000);
    // Created in the same (fake) second, newer than every other: createdAt ties, and name decides.
    const created = [
      await recrubo.organizations.create({ name: "Contract Sort Bravo" }),
      await recrubo.organizations.create({ name: "Contract Sort Alpha" }),
    ];

    const page = await recrubo.organizations.list({ sort: ["-createdAt", "name"], page: { size: 3 } });
    const reversed = await recrubo.organizations.list({ sort: ["-createdAt", "-name"], page: { size: 3 } });

    expect(page.data.map((organization) => organization.attributes.name)).toEqual([
      "Contract Sort Alpha",
      "Contract Sort Bravo",
      "Sandbox Org 030",
    ]);
    expect(reversed.data.map((organization) => organization.attributes.name)).toEqual([
      "Contract Sort Bravo",
      "Contract Sort Alpha",
      "Sandbox Org 030",
    ]);
    const lists = contract.recorder.exchanges.filter((exchange) => exchange.request.startsWith("GET "));
    expect(lists.map((exchange) => new URL(exchange.request.slice(4)).search)).toEqual([
      "?sort=-createdAt,name&page[size]=3",
      "?sort=-createdAt,-name&page[size]=3",
    ]);
    for (const organization of created) await recrubo.organizations.delete(organization.id);
  });

  test("update with data.id (the client's) and without it (a raw PATCH), and a data.id that is not the URL's refused", async () => {
    const created = await recrubo.organizations.create({ name: "Contract Patch" });
    const other = await recrubo.organizations.create({ name: "Contract Patch Other" });
    const path = "/public/v2/management/organizations/{id}";

    const withId = await recrubo.organizations.update(created.id, { name: "Contract Patch With Id" });
    const withoutId = await recrubo.raw.PATCH(path, {
      params: { path: { id: created.id } },
      body: { data: { type: "organizations", attributes: { name: "Contract Patch Without Id" } } },
    });
    const mismatched = await recrubo.raw.PATCH(path, {
      params: { path: { id: created.id } },
      body: { data: { id: other.id, type: "organizations", attributes: { name: "Hijacked" } } },
    });

    expect(withId.attributes.name).toBe("Contract Patch With Id");
    expect(withoutId.response.status).toBe(200);
    expect(withoutId.data?.data).toMatchObject({
      id: created.id,
      attributes: { name: "Contract Patch Without Id", token: null },
    });
    expect(mismatched.response.status).toBe(400);
    expect(mismatched.error?.errors[0]).toMatchObject({
      code: "bad_request",
      status: 400,
      detail: "data.id must be the id in the URL",
    });
    expect((await recrubo.organizations.get(other.id)).attributes.name).toBe("Contract Patch Other");
    expect((await recrubo.organizations.get(created.id)).attributes.name).toBe("Contract Patch Without Id");
    await recrubo.organizations.delete(created.id);
    await recrubo.organizations.delete(other.id);
  });

  test("create, show, update, regenerate the token and delete", async () => {
    const created = await recrubo.organizations.create({
      name: "Contract Org",
      webhookUrl: "https://hooks.example.com/c",
      webhookSecret: "whsec_contract_1",
    });
    expect(created.attributes.token).toHaveLength(22);
    expect((await recrubo.organizations.get(created.id)).attributes.name).toBe("Contract Org");

    const renamed = await recrubo.organizations.update(created.id, { name: "Contract Org Renamed" });
    expect(renamed.attributes.name).toBe("Contract Org Renamed");
    const cleared = await recrubo.organizations.update(created.id, { webhookUrl: null, webhookSecret: null });
    expect(cleared.attributes.webhookUrl).toBeNull();

    const refreshed = await recrubo.organizations.refreshToken(created.id);
    expect(refreshed.attributes.token).not.toBe(created.attributes.token);

    await recrubo.organizations.delete(created.id);
    await expect(recrubo.organizations.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("the errors the sandbox sends are the spec's", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(recrubo.organizations.get(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.update(missing, { name: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.delete(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.refreshToken(missing)).rejects.toBeInstanceOf(NotFoundError);
    const sent = contract.recorder.exchanges.length;
    // A sort field or filter the spec does not list never leaves the client, so Prism never sees it.
    // @ts-expect-error "colour" is not a field of the spec's sort enum
    await expect(recrubo.organizations.list({ sort: ["colour"] })).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error "colour" is not an attribute the spec's filter names
    await expect(recrubo.organizations.list({ filter: { colour: "red" } })).rejects.toBeInstanceOf(ValidationError);
    expect(contract.recorder.exchanges).toHaveLength(sent);
    await expect(
      recruboClient({ apiKey: "not-a-partner-key", ...through() }).client.organizations.list(),
    ).rejects.toBeInstanceOf(AuthenticationError);

    contract.server.sandbox.faults.failNext(1, 429, { retryAfterSeconds: 2 });
    await expect(recrubo.organizations.list()).rejects.toMatchObject({
      constructor: RateLimitError,
      retryAfterMs: 2000,
    });
  });

  test("an organization key opens the standard routes only", async () => {
    const own = await recrubo.organizations.create({ name: "Own Org" });
    const { client: organization } = recruboClient({ apiKey: own.attributes.token!, ...through() });

    await expect(organization.organizations.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    const listed = await organization.raw.GET("/public/v2/organizations");
    expect(listed.data?.data.map((item) => item.id)).toEqual([own.id]);
    const shown = await organization.raw.GET("/public/v2/organizations/{id}", { params: { path: { id: own.id } } });
    expect(shown.data?.data.attributes).not.toHaveProperty("token");
    const updated = await organization.raw.PATCH("/public/v2/organizations/{id}", {
      params: { path: { id: own.id } },
      body: { data: { id: own.id, type: "organizations", attributes: { name: "Own Org Renamed" } } },
    });
    expect(updated.data?.data.attributes.name).toBe("Own Org Renamed");
    const other = await organization.raw.GET("/public/v2/organizations/{id}", {
      params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(other.response.status).toBe(404);
    const withoutId = await organization.raw.PATCH("/public/v2/organizations/{id}", {
      params: { path: { id: own.id } },
      body: { data: { type: "organizations", attributes: { name: "Own Org Renamed Again" } } },
    });
    expect(withoutId.response.status).toBe(200);
    expect(withoutId.data?.data.attributes).not.toHaveProperty("token");
    expect(withoutId.data?.data.attributes.name).toBe("Own Org Renamed Again");
    await recrubo.organizations.delete(own.id);
  });

  test("the organization facade: get() and update() with the key a partner's create returned", async () => {
    const created = await recrubo.organizations.create({ name: "Facade Org" });
    const { organization } = recruboClient({ apiKey: created.attributes.token!, ...through() }).client;
    contract.recorder.exchanges.length = 0;

    const got = await organization.get();
    const renamed = await organization.update({ name: "Facade Org Renamed" });
    const rehooked = await organization.update(
      { webhookUrl: "https://hooks.example.com/facade", webhookSecret: "whsec_facade_1" },
      { id: created.id },
    );
    const cleared = await organization.update({ webhookUrl: null, webhookSecret: null }, { id: created.id });

    expect(got).toMatchObject({ id: created.id, attributes: { name: "Facade Org" } });
    expect(got.attributes).not.toHaveProperty("token");
    expect(renamed).toMatchObject({ id: created.id, attributes: { name: "Facade Org Renamed" } });
    expect(rehooked.attributes).toMatchObject({
      name: "Facade Org Renamed",
      webhookUrl: "https://hooks.example.com/facade",
      webhookSecret: "whsec_facade_1",
    });
    expect(cleared.attributes).toMatchObject({ webhookUrl: null, webhookSecret: null });
    expect(
      contract.recorder.exchanges.map(({ request, status }) => ({
        request: request.replace(contract.url, ""),
        status,
      })),
    ).toEqual([
      { request: "GET /public/v2/organizations", status: 200 },
      { request: "GET /public/v2/organizations", status: 200 },
      { request: `PATCH /public/v2/organizations/${created.id}`, status: 200 },
      { request: `PATCH /public/v2/organizations/${created.id}`, status: 200 },
      { request: `PATCH /public/v2/organizations/${created.id}`, status: 200 },
    ]);
    expect((await recrubo.organizations.get(created.id)).attributes.name).toBe("Facade Org Renamed");
    await recrubo.organizations.delete(created.id);
  });
});
