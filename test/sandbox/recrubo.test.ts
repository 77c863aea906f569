import { describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  type RecruboOrganization,
  ValidationError,
} from "../../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { rejectionOf } from "../support/rejection.js";

const origin = "https://api.recrubo.app";
const collection = "/public/v2/management/organizations/";
const member = "/public/v2/management/organizations/{id}";
const own = "/public/v2/organizations";
const unknownId = "00000000-0000-4000-8000-000000000000";

interface ErrorObject {
  code: string;
  status: number;
  title: string;
  detail: string;
}
interface ErrorDocument {
  errors: ErrorObject[];
}

function setup(options: SandboxOptions = {}) {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock, ...options });
  return { clock, sandbox, recrubo: recruboClient({ sandbox, fetch: sandbox.fetch, retry: false }).client };
}

/** A request straight to the sandbox's handler, bypassing every client. */
function send(sandbox: Sandbox, path: string, init: RequestInit = {}) {
  return sandbox.fetch(new Request(`${origin}${path}`, init));
}

const names = (organizations: RecruboOrganization[]) =>
  organizations.map((organization) => organization.attributes.name);
const errorDocument = (body: unknown) => body as ErrorDocument;

describe("recrubo sandbox: seeding", () => {
  test("seeds 30 organizations by default, listed 25 to a page", async () => {
    const { recrubo } = setup();

    const { data, meta } = await recrubo.organizations.list();

    expect(data).toHaveLength(25);
    expect(data[0]?.attributes.name).toBe("Sandbox Org 001");
    expect(meta).toEqual({ total: 30, totalUnfiltered: 30, currentSize: 25, currentPage: 1, maxPage: 2 });
  });

  test("seeds as many organizations as configured", async () => {
    const { recrubo, sandbox } = setup({ recrubo: { organizations: 4 } });

    const { data, meta } = await recrubo.organizations.list();

    expect(names(data)).toEqual(["Sandbox Org 001", "Sandbox Org 002", "Sandbox Org 003", "Sandbox Org 004"]);
    expect(meta.total).toBe(4);
    expect(sandbox.recrubo.organizations()).toHaveLength(4);
  });

  test("gives the same ids and tokens for the same seed, and others for another seed", async () => {
    const first = setup({ seed: 7, recrubo: { organizations: 3 } });
    const second = setup({ seed: 7, recrubo: { organizations: 3 } });
    const other = setup({ seed: 8, recrubo: { organizations: 3 } });
    const idsAndTokens = (sandbox: Sandbox) => sandbox.recrubo.organizations().map(({ id, token }) => ({ id, token }));

    expect(idsAndTokens(first.sandbox)).toEqual(idsAndTokens(second.sandbox));
    const otherIds = idsAndTokens(other.sandbox);
    for (const [index, record] of idsAndTokens(first.sandbox).entries()) {
      expect(record.id).not.toBe(otherIds[index]?.id);
      expect(record.token).not.toBe(otherIds[index]?.token);
    }

    // The same requests keep producing the same data.
    const created = await first.recrubo.organizations.create({ name: "Same" });
    const again = await second.recrubo.organizations.create({ name: "Same" });
    const elsewhere = await other.recrubo.organizations.create({ name: "Same" });
    expect(again.id).toBe(created.id);
    expect(again.attributes.token).toBe(created.attributes.token);
    expect(elsewhere.id).not.toBe(created.id);
    expect((await first.recrubo.organizations.list()).data.map((organization) => organization.id)).toEqual(
      (await second.recrubo.organizations.list()).data.map((organization) => organization.id),
    );
  });
});

describe("recrubo sandbox: list", () => {
  test("pages with page[size] and page[number], describing the page in meta", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 7 } });

    const first = await recrubo.organizations.list({ page: { size: 3 } });
    const last = await recrubo.organizations.list({ page: { size: 3, number: 3 } });
    const beyond = await recrubo.organizations.list({ page: { size: 3, number: 4 } });

    expect(names(first.data)).toEqual(["Sandbox Org 001", "Sandbox Org 002", "Sandbox Org 003"]);
    expect(first.meta).toEqual({ total: 7, totalUnfiltered: 7, currentSize: 3, currentPage: 1, maxPage: 3 });
    expect(names(last.data)).toEqual(["Sandbox Org 007"]);
    expect(last.meta).toEqual({ total: 7, totalUnfiltered: 7, currentSize: 3, currentPage: 3, maxPage: 3 });
    expect(beyond.data).toEqual([]);
    expect(beyond.meta.currentPage).toBe(4);
  });

  test("filters by exact name, counting the matches in total and all in totalUnfiltered", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 5 } });

    const exact = await recrubo.organizations.list({ filter: { name: "Sandbox Org 002" } });
    const partial = await recrubo.organizations.list({ filter: { name: "Sandbox Org" } });

    expect(names(exact.data)).toEqual(["Sandbox Org 002"]);
    expect(exact.meta).toEqual({ total: 1, totalUnfiltered: 5, currentSize: 25, currentPage: 1, maxPage: 1 });
    expect(partial.data).toEqual([]);
    expect(partial.meta.total).toBe(0);
    expect(partial.meta.totalUnfiltered).toBe(5);
  });

  test("refuses a filter on an unknown attribute with a 400 JSON:API errors document", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 2 } });

    // Raw, so that the sandbox, not the client's own check, refuses the attribute.
    const { error, response } = await recrubo.raw.GET("/public/v2/management/organizations/", {
      // @ts-expect-error "color" is not an attribute the spec's filter names
      params: { query: { filter: { color: "red" } } },
    });

    expect(response.status).toBe(400);
    const [first, ...others] = errorDocument(error).errors;
    expect(others).toEqual([]);
    expect(first).toMatchObject({ code: "bad_request", status: 400, title: "Bad Request" });
    expect(first?.detail).toContain("filter.color");
  });

  test("refuses a filter with an operator rather than ignoring it", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 3 } });

    // How an operator is encoded is undocumented; filter[name][eql] is the usual form. Whatever the
    // sandbox makes of it, it must not answer every organization as if it had filtered.
    const response = await send(sandbox, `${collection}?filter[name][eql]=nothing`, {
      headers: { authorization: `Bearer ${sandbox.credentials.recrubo.apiKey}` },
    });

    expect(response.status).toBe(400);
    expect(errorDocument(await response.json()).errors[0]?.detail).toContain("filter[name]");
  });

  test("sorts by name, and by -createdAt newest first", async () => {
    const { recrubo, clock } = setup({ recrubo: { organizations: 3 } });
    for (const name of ["Bravo", "Alpha", "Charlie"]) {
      clock.advance(60_000);
      await recrubo.organizations.create({ name });
    }

    const byName = await recrubo.organizations.list({ sort: ["name"] });
    const newestFirst = await recrubo.organizations.list({ sort: ["-createdAt"] });
    const byNameDescending = await recrubo.organizations.list({ sort: ["-name"] });

    expect(names(byName.data)).toEqual([
      "Alpha",
      "Bravo",
      "Charlie",
      "Sandbox Org 001",
      "Sandbox Org 002",
      "Sandbox Org 003",
    ]);
    expect(names(newestFirst.data)).toEqual([
      "Charlie",
      "Alpha",
      "Bravo",
      "Sandbox Org 003",
      "Sandbox Org 002",
      "Sandbox Org 001",
    ]);
    expect(names(byNameDescending.data)).toEqual([
      "Sandbox Org 003",
      "Sandbox Org 002",
      "Sandbox Org 001",
      "Charlie",
      "Bravo",
      "Alpha",
    ]);
  });

  test("sorts by several fields, the first the most significant, from sort=-createdAt,name", async () => {
    const { recrubo, sandbox, clock } = setup({ recrubo: { organizations: 0 } });
    // Two organizations per minute: createdAt ties within a pair, and name decides.
    for (const pair of [
      ["Delta", "Bravo"],
      ["Echo", "Alpha"],
      ["Charlie", "Foxtrot"],
    ]) {
      clock.advance(60_000);
      for (const name of pair) await recrubo.organizations.create({ name });
    }
    const authorization = `Bearer ${sandbox.credentials.recrubo.apiKey}`;

    const raw = await send(sandbox, `${collection}?sort=-createdAt,name`, { headers: { authorization } });
    const viaClient = await recrubo.organizations.list({ sort: ["-createdAt", "name"] });
    const reversed = await recrubo.organizations.list({ sort: ["name", "-createdAt"] });
    const repeated = await send(sandbox, `${collection}?sort=-createdAt&sort=-name`, { headers: { authorization } });

    expect(raw.status).toBe(200);
    expect(names(((await raw.json()) as { data: RecruboOrganization[] }).data)).toEqual([
      "Charlie",
      "Foxtrot",
      "Alpha",
      "Echo",
      "Bravo",
      "Delta",
    ]);
    expect(names(viaClient.data)).toEqual(["Charlie", "Foxtrot", "Alpha", "Echo", "Bravo", "Delta"]);
    expect(names(reversed.data)).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]);
    // Repeating the name is read as one list too: the second field still breaks the ties.
    expect(repeated.status).toBe(200);
    expect(names(((await repeated.json()) as { data: RecruboOrganization[] }).data)).toEqual([
      "Foxtrot",
      "Charlie",
      "Echo",
      "Alpha",
      "Delta",
      "Bravo",
    ]);
  });

  test.each([
    [
      "an unknown field",
      "sort=name,-color",
      "sort[1] must be one of name, -name, createdAt, -createdAt, updatedAt, -updatedAt",
    ],
    ["a misspelt field", "sort=nmae", "sort[0] must be one of"],
    ["a field with a + for ascending", "sort=%2Bname", "sort[0] must be one of"],
    ["an empty value", "sort=", "sort[0] must be one of"],
    ["an attribute that cannot sort", "sort=webhookUrl", "sort[0] must be one of"],
  ])("refuses %s in sort with a 400 JSON:API errors document", async (_, query, detail) => {
    const { sandbox } = setup({ recrubo: { organizations: 2 } });

    const response = await send(sandbox, `${collection}?${query}`, {
      headers: { authorization: `Bearer ${sandbox.credentials.recrubo.apiKey}` },
    });

    expect(response.status).toBe(400);
    const [first, ...others] = errorDocument(await response.json()).errors;
    expect(others).toEqual([]);
    expect(first).toMatchObject({ code: "bad_request", status: 400, title: "Bad Request" });
    expect(first?.detail).toContain(detail);
  });

  test("the client refuses an unknown sort field before sending, as the sandbox would", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 2 } });
    const sent: string[] = [];
    const recrubo = recruboClient({
      sandbox,
      retry: false,
      fetch: (request: Request) => {
        sent.push(request.url);
        return sandbox.fetch(request);
      },
    }).client;

    // @ts-expect-error "-color" is not a field of the spec's sort enum
    const error = await rejectionOf(recrubo.organizations.list({ sort: ["name", "-color"] }), ValidationError);

    expect(error.issues).toEqual([expect.objectContaining({ field: "sort[1]", rule: "enum" })]);
    expect(sent).toEqual([]);
  });
});

describe("recrubo sandbox: create, show, update, delete", () => {
  test("create answers 201 with a 22-character token, which the list then shows as null", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 2 } });

    const { data, response } = await recrubo.raw.POST(collection, {
      body: { data: { type: "organizations", attributes: { name: "New Org" } } },
    });

    expect(response.status).toBe(201);
    const created = data?.data;
    expect(created?.attributes.name).toBe("New Org");
    expect(created?.attributes.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const listed = await recrubo.organizations.list();
    expect(listed.meta.total).toBe(3);
    const entry = listed.data.find((organization) => organization.id === created?.id);
    expect(entry?.attributes.name).toBe("New Org");
    expect(entry?.attributes.token).toBeNull();
  });

  test("show returns the organization with token null", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });
    const created = await recrubo.organizations.create({
      name: "Shown",
      webhookUrl: "https://hooks.example.com/r",
      webhookSecret: "s3cret",
    });

    const shown = await recrubo.organizations.get(created.id);

    expect(shown.id).toBe(created.id);
    expect(shown.type).toBe("organizations");
    expect(shown.attributes).toEqual({ ...created.attributes, token: null });
  });

  test("update changes only the attributes given, and updatedAt", async () => {
    const { recrubo, clock } = setup({ recrubo: { organizations: 1 } });
    const created = await recrubo.organizations.create({
      name: "Before",
      webhookUrl: "https://hooks.example.com/a",
      webhookSecret: "first",
    });
    clock.advance(3_600_000);

    const renamed = await recrubo.organizations.update(created.id, { name: "After" });

    expect(renamed.attributes).toMatchObject({
      name: "After",
      webhookUrl: "https://hooks.example.com/a",
      webhookSecret: "first",
      createdAt: created.attributes.createdAt,
    });
    expect(Date.parse(renamed.attributes.updatedAt)).toBe(Date.parse(created.attributes.updatedAt) + 3_600_000);

    const rehooked = await recrubo.organizations.update(created.id, {
      webhookUrl: "https://hooks.example.com/b",
      webhookSecret: "second",
    });
    expect(rehooked.attributes).toMatchObject({
      name: "After",
      webhookUrl: "https://hooks.example.com/b",
      webhookSecret: "second",
    });
    expect((await recrubo.organizations.get(created.id)).attributes).toMatchObject({
      name: "After",
      webhookUrl: "https://hooks.example.com/b",
    });
  });

  test("create without a name is refused with 400 naming the field", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });

    const body = { data: { type: "organizations", attributes: {} } } as never;
    const { error, response } = await recrubo.raw.POST(collection, { body });

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
    const [first] = errorDocument(error).errors;
    expect(first).toMatchObject({ code: "bad_request", status: 400, title: "Bad Request" });
    expect(first?.detail).toContain("data.attributes.name");
    expect((await recrubo.organizations.list()).meta.total).toBe(1);
  });

  test("create with a webhookUrl but no webhookSecret is refused with 400 naming webhookSecret", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });

    const body = {
      data: { type: "organizations", attributes: { name: "Hooked", webhookUrl: "https://hooks.example.com/x" } },
    } as never;
    const { error, response } = await recrubo.raw.POST(collection, { body });

    expect(response.status).toBe(400);
    const [first] = errorDocument(error).errors;
    expect(first?.detail).toContain("webhookSecret");
    expect((await recrubo.organizations.list()).meta.total).toBe(1);
  });

  test("a body that is not JSON is refused with 400", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 1 } });

    const response = await send(sandbox, collection, {
      method: "POST",
      headers: {
        authorization: `Bearer ${sandbox.credentials.recrubo.apiKey}`,
        "content-type": "application/vnd.api+json",
      },
      body: '{"data": {',
    });

    expect(response.status).toBe(400);
    const [first] = errorDocument(await response.json()).errors;
    expect(first).toMatchObject({ code: "bad_request", status: 400, title: "Bad Request" });
    expect(sandbox.recrubo.organizations()).toHaveLength(1);
  });

  test("a PATCH whose data.id differs from the URL is refused with 400", async () => {
    const { recrubo, sandbox } = setup({ recrubo: { organizations: 2 } });
    const [target, other] = sandbox.recrubo.organizations();
    if (!target || !other) throw new Error("two seeded organizations expected");

    const { error, response } = await recrubo.raw.PATCH(member, {
      params: { path: { id: target.id } },
      body: { data: { id: other.id, type: "organizations", attributes: { name: "Hijacked" } } },
    });

    expect(response.status).toBe(400);
    expect(errorDocument(error).errors[0]?.detail).toBe("data.id must be the id in the URL");
    expect(sandbox.recrubo.organizations().map((record) => record.name)).toEqual([target.name, other.name]);
  });

  test.each([
    ["with data.id", true],
    ["without data.id", false],
  ])("a PATCH %s is 200 on the management route and on the standard route", async (_, withId) => {
    const { recrubo, sandbox, clock } = setup({ recrubo: { organizations: 2 } });
    const [managed, owned] = sandbox.recrubo.organizations();
    if (!managed || !owned) throw new Error("two seeded organizations expected");
    const document = (id: string, attributes: { name: string }) => ({
      data: { ...(withId ? { id } : {}), type: "organizations" as const, attributes },
    });
    clock.advance(60_000);

    const management = await recrubo.raw.PATCH(member, {
      params: { path: { id: managed.id } },
      body: document(managed.id, { name: "Managed Renamed" }),
    });
    const standard = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: owned.token }).client.raw.PATCH(
      `${own}/{id}`,
      {
        params: { path: { id: owned.id } },
        body: document(owned.id, { name: "Owned Renamed" }),
      },
    );

    expect(management.response.status).toBe(200);
    expect(management.data?.data).toMatchObject({
      id: managed.id,
      attributes: { name: "Managed Renamed", token: null },
    });
    expect(standard.response.status).toBe(200);
    expect(standard.data?.data).toMatchObject({ id: owned.id, attributes: { name: "Owned Renamed" } });
    expect(
      sandbox.recrubo.organizations().map(({ name, updatedAt }) => ({ name, updatedAt: Date.parse(updatedAt) })),
    ).toEqual([
      { name: "Managed Renamed", updatedAt: clock.now() },
      { name: "Owned Renamed", updatedAt: clock.now() },
    ]);
  });

  test("a PATCH on the standard route whose data.id is another organization's is refused with 400", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 2 } });
    const [mine, theirs] = sandbox.recrubo.organizations();
    if (!mine || !theirs) throw new Error("two seeded organizations expected");

    const { error, response } = await recruboClient({
      fetch: sandbox.fetch,
      retry: false,
      apiKey: mine.token,
    }).client.raw.PATCH(`${own}/{id}`, {
      params: { path: { id: mine.id } },
      body: { data: { id: theirs.id, type: "organizations", attributes: { name: "Hijacked" } } },
    });

    expect(response.status).toBe(400);
    expect(errorDocument(error).errors[0]?.detail).toBe("data.id must be the id in the URL");
    expect(sandbox.recrubo.organizations().map((record) => record.name)).toEqual([mine.name, theirs.name]);
  });

  test("delete answers 204, after which show is 404", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });
    const created = await recrubo.organizations.create({ name: "Doomed" });

    const { response } = await recrubo.raw.DELETE(member, { params: { path: { id: created.id } }, parseAs: "text" });

    expect(response.status).toBe(204);
    const error = await rejectionOf(recrubo.organizations.get(created.id), ApiError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(errorDocument(error.body).errors[0]).toMatchObject({ code: "not_found", status: 404 });
    await expect(recrubo.organizations.delete(created.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await recrubo.organizations.list()).meta.total).toBe(1);
  });

  test("a deleted organization's token stops working", async () => {
    const { recrubo, sandbox } = setup({ recrubo: { organizations: 1 } });
    const created = await recrubo.organizations.create({ name: "Short-lived" });
    const token = created.attributes.token;
    if (!token) throw new Error("create should return a token");

    await recrubo.organizations.delete(created.id);

    const { response } = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: token }).client.raw.GET(own);
    expect(response.status).toBe(401);
  });

  test("show, update, delete and refreshToken of an unknown id are 404", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });

    await expect(recrubo.organizations.get(unknownId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.update(unknownId, { name: "Nobody" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.delete(unknownId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recrubo.organizations.refreshToken(unknownId)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("recrubo sandbox: organization tokens and standard routes", () => {
  test("refreshToken issues a new token; the old one stops working on the standard route", async () => {
    const { recrubo, sandbox } = setup({ recrubo: { organizations: 2 } });
    const created = await recrubo.organizations.create({ name: "Rotating" });
    const oldToken = created.attributes.token;
    if (!oldToken) throw new Error("create should return a token");
    const before = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: oldToken }).client.raw.GET(own);
    expect(before.response.status).toBe(200);

    const refreshed = await recrubo.organizations.refreshToken(created.id);
    const newToken = refreshed.attributes.token;

    expect(refreshed.id).toBe(created.id);
    expect(newToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newToken).not.toBe(oldToken);
    if (!newToken) throw new Error("refresh should return a token");
    const withOld = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: oldToken }).client.raw.GET(own);
    expect(withOld.response.status).toBe(401);
    expect(errorDocument(withOld.error).errors[0]).toMatchObject({ status: 401, title: "Unauthorized" });
    const withNew = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: newToken }).client.raw.GET(own);
    expect(withNew.response.status).toBe(200);
    expect(withNew.data?.data.map((organization) => organization.id)).toEqual([created.id]);
  });

  test("the standard routes list only the key's own organization and never show its token", async () => {
    const { sandbox } = setup();
    const [, record] = sandbox.recrubo.organizations();
    if (!record) throw new Error("a seeded organization expected");
    const organization = recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: record.token }).client;

    const list = await organization.raw.GET(own);
    const shown = await organization.raw.GET(`${own}/{id}`, { params: { path: { id: record.id } } });
    const updated = await organization.raw.PATCH(`${own}/{id}`, {
      params: { path: { id: record.id } },
      body: {
        data: {
          id: record.id,
          type: "organizations",
          attributes: { webhookUrl: "https://hooks.example.com/own", webhookSecret: "mine" },
        },
      },
    });

    expect(list.response.status).toBe(200);
    expect(list.data?.data.map((item) => item.id)).toEqual([record.id]);
    expect(list.data?.meta.total).toBe(1);
    expect(list.data?.data[0]?.attributes).not.toHaveProperty("token");
    expect(shown.response.status).toBe(200);
    expect(shown.data?.data.attributes).not.toHaveProperty("token");
    expect(shown.data?.data.attributes.name).toBe(record.name);
    expect(updated.response.status).toBe(200);
    expect(updated.data?.data.attributes).not.toHaveProperty("token");
    expect(updated.data?.data.attributes.webhookUrl).toBe("https://hooks.example.com/own");
  });

  test("the own-organization list holds exactly one item, among many organizations", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 30 } });
    const [, record] = sandbox.recrubo.organizations();
    if (!record) throw new Error("a seeded organization expected");
    const organization = recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: record.token }).client;

    const { response, data } = await organization.raw.GET(own);

    expect(response.status).toBe(200);
    expect(data?.data.map((item) => item.id)).toEqual([record.id]);
    expect(data?.meta).toMatchObject({ total: 1, totalUnfiltered: 1 });
    await expect(organization.organization.get()).resolves.toMatchObject({
      id: record.id,
      attributes: { name: record.name },
    });
  });

  test("the own-organization list takes no parameters: paging, filters and sort leave it as it is", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 30 } });
    const [, record] = sandbox.recrubo.organizations();
    if (!record) throw new Error("a seeded organization expected");

    for (const query of ["page[number]=2", "filter[name]=nothing", "sort=nmae"]) {
      const response = await sandbox.fetch(
        new Request(`https://api.recrubo.app${own}?${query}`, { headers: { authorization: `Bearer ${record.token}` } }),
      );
      const document = (await response.json()) as { data: { id: string }[] };
      expect([query, response.status, document.data.map((item) => item.id)]).toEqual([query, 200, [record.id]]);
    }
  });

  test("the organization facade reads and updates the key's own organization, with or without its id", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 3 } });
    const [, record] = sandbox.recrubo.organizations();
    if (!record) throw new Error("a seeded organization expected");
    const requests: string[] = [];
    const organization = recruboClient({
      retry: false,
      apiKey: record.token,
      fetch: (request: Request) => {
        requests.push(`${request.method} ${new URL(request.url).pathname}`);
        return sandbox.fetch(request);
      },
    }).client;

    const renamed = await organization.organization.update({ name: "Own Renamed" });
    const rehooked = await organization.organization.update(
      { webhookUrl: "https://hooks.example.com/own", webhookSecret: "mine" },
      { id: record.id },
    );

    expect(requests).toEqual([`GET ${own}`, `PATCH ${own}/${record.id}`, `PATCH ${own}/${record.id}`]);
    expect(renamed).toMatchObject({ id: record.id, attributes: { name: "Own Renamed" } });
    expect(renamed.attributes).not.toHaveProperty("token");
    expect(rehooked.attributes).toMatchObject({
      name: "Own Renamed",
      webhookUrl: "https://hooks.example.com/own",
      webhookSecret: "mine",
    });
    expect(sandbox.recrubo.organizations()[1]).toMatchObject({ name: "Own Renamed", webhookSecret: "mine" });
  });

  test("an organization key cannot see another organization on the standard routes", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 2 } });
    const [mine, theirs] = sandbox.recrubo.organizations();
    if (!mine || !theirs) throw new Error("two seeded organizations expected");

    const { response } = await recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: mine.token }).client.raw.GET(
      `${own}/{id}`,
      {
        params: { path: { id: theirs.id } },
      },
    );

    expect(response.status).toBe(404);
  });
});

describe("recrubo sandbox: authentication", () => {
  test("an organization token on a management route is 403", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 1 } });
    const [record] = sandbox.recrubo.organizations();
    if (!record) throw new Error("a seeded organization expected");

    const error = await rejectionOf(
      recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: record.token }).client.organizations.list(),
      ApiError,
    );

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.status).toBe(403);
    expect(errorDocument(error.body).errors[0]).toMatchObject({ code: "forbidden", status: 403 });
  });

  test("a wrong key is 401", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 1 } });

    const error = await rejectionOf(
      recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: "not-a-key" }).client.organizations.list(),
      ApiError,
    );

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(errorDocument(error.body).errors[0]).toMatchObject({ code: "unauthorized", status: 401 });
  });

  test("a request without Authorization is 401, on both kinds of route", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 1 } });

    const management = await send(sandbox, collection);
    const standard = await send(sandbox, own);

    expect(management.status).toBe(401);
    expect(errorDocument(await management.json()).errors[0]?.status).toBe(401);
    expect(standard.status).toBe(401);
  });

  test("accepts the raw key as well as the Bearer form", async () => {
    const { sandbox } = setup({ recrubo: { organizations: 3 } });
    const authorizations: (string | null)[] = [];
    const recording = async (request: Request) => {
      authorizations.push(request.headers.get("authorization"));
      return sandbox.fetch(request);
    };

    const { meta } = await recruboClient({
      sandbox,
      retry: false,
      authScheme: "raw",
      fetch: recording,
    }).client.organizations.list();

    expect(meta.total).toBe(3);
    expect(authorizations).toEqual([sandbox.credentials.recrubo.apiKey]);
  });

  test("accepts configured partner keys only", async () => {
    const sandbox = createSandbox({ recrubo: { partnerKeys: ["key-one", "key-two"], organizations: 1 } });

    expect(sandbox.credentials.recrubo.apiKey).toBe("key-one");
    await expect(
      recruboClient({ fetch: sandbox.fetch, retry: false, apiKey: "key-two" }).client.organizations.list(),
    ).resolves.toMatchObject({
      meta: { total: 1 },
    });
    await expect(
      recruboClient({
        fetch: sandbox.fetch,
        retry: false,
        apiKey: "sandbox-recrubo-partner-key",
      }).client.organizations.list(),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("recrubo sandbox: responses", () => {
  test("are application/vnd.api+json and carry a distinct x-request-id, errors included", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });

    const ok = await recrubo.raw.GET(collection);
    const missing = await recrubo.raw.GET(member, { params: { path: { id: unknownId } } });

    expect(ok.response.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get("content-type")).toBe("application/vnd.api+json");
    const ids = [ok.response.headers.get("x-request-id"), missing.response.headers.get("x-request-id")];
    expect(ids[0]).toMatch(/\S/);
    expect(ids[1]).toMatch(/\S/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  test("errors carry the request id", async () => {
    const { recrubo } = setup({ recrubo: { organizations: 1 } });

    const error = await rejectionOf(recrubo.organizations.get(unknownId), ApiError);

    expect(error.requestId).toMatch(/\S/);
  });
});
