import { beforeAll, describe, expect, test } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  collect,
  createRecruboClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RecruboClient,
} from "../../src/index.js";
import { throughPrism } from "./prism.js";

// Every Recrubo operation, through `prism proxy --errors` in front of the sandbox: a request or
// response that breaks openapi/recrubo fails here, so the client, the sandbox and the spec agree.
describe("Recrubo contract: client -> Prism proxy -> sandbox", () => {
  const contract = throughPrism("recrubo", { proxy: {} });
  const client = (apiKey: string) => createRecruboClient({ apiKey, baseUrl: contract.url, fetch: contract.recorder.fetch, retry: false });
  let recrubo: RecruboClient;
  beforeAll(() => {
    recrubo = client(contract.server.sandbox.credentials.recrubo.apiKey);
  });

  test("list, filter, sort and page through every organization", async () => {
    const page = await recrubo.organizations.list({ page: { number: 2, size: 10 }, sort: "-createdAt" });
    expect(page.meta).toMatchObject({ total: 30, currentPage: 2, currentSize: 10, maxPage: 3 });
    expect(page.data).toHaveLength(10);

    const filtered = await recrubo.organizations.list({ filter: { name: "Sandbox Org 007" } });
    expect(filtered.data.map((organization) => organization.attributes.name)).toEqual(["Sandbox Org 007"]);

    expect(await collect(recrubo.organizations.items({ page: { size: 7 } }, { concurrency: 2 }))).toHaveLength(30);
  });

  test("create, show, update, regenerate the token and delete", async () => {
    const created = await recrubo.organizations.create({ name: "Contract Org", webhookUrl: "https://hooks.example.com/c", webhookSecret: "whsec_contract_1" });
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
    await expect(recrubo.organizations.list({ sort: "colour" })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client("not-a-partner-key").organizations.list()).rejects.toBeInstanceOf(AuthenticationError);

    contract.server.sandbox.faults.failNext(1, 429, { retryAfterSeconds: 2 });
    await expect(recrubo.organizations.list()).rejects.toMatchObject({ constructor: RateLimitError, retryAfterMs: 2000 });
  });

  test("an organization key opens the standard routes only", async () => {
    const own = await recrubo.organizations.create({ name: "Own Org" });
    const organization = client(own.attributes.token!);

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
    const other = await organization.raw.GET("/public/v2/organizations/{id}", { params: { path: { id: "00000000-0000-4000-8000-000000000000" } } });
    expect(other.response.status).toBe(404);
  });
});
