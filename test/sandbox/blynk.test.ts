import { Buffer } from "node:buffer";
import { describe, expect, test } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type BlynkClientOptions,
  type BlynkOrganization,
  NotFoundError,
  RateLimitError,
} from "../../src/index.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { blynkClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { recordingFetch } from "../support/fetches.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";

const origin = "https://blynk.cloud";

interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string | null;
}
interface OAuthErrorBody {
  error: string;
  error_description: string;
}
interface ErrorBody {
  error: { message: string };
}

/** A sandbox on a FakeClock, and a client sharing the clock whose every request is recorded. */
function setup(options: SandboxOptions = {}, clientOptions: Partial<BlynkClientOptions> = {}) {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock, ...options });
  const { fetch, requests } = recordingFetch(sandbox.fetch);
  const { client: blynk } = blynkClient({ sandbox, fetch, clock, retry: false, ...clientOptions });
  const tokenRequests = () =>
    requests
      .filter((request) => request.url.pathname === "/oauth2/token")
      .map((request) => ({ grant: request.url.searchParams.get("grant_type"), status: request.status }));
  const apiRequests = () => requests.filter((request) => request.url.pathname !== "/oauth2/token");
  return { clock, sandbox, blynk, tokenRequests, apiRequests };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

/** A token request straight to the sandbox, as any OAuth2 client would send it. */
async function tokenRequest(sandbox: Sandbox, query: string, secret = sandbox.credentials.blynk.clientSecret) {
  const response = await sandbox.fetch(
    new Request(`${origin}/oauth2/token?${query}`, {
      method: "POST",
      headers: { authorization: basic(sandbox.credentials.blynk.clientId, secret) },
    }),
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

async function issuedToken(sandbox: Sandbox): Promise<TokenBody> {
  const { status, body } = await tokenRequest(sandbox, "grant_type=client_credentials");
  expect(status).toBe(200);
  return body as TokenBody;
}

/** A Platform API request straight to the sandbox with `accessToken`. */
function apiRequest(sandbox: Sandbox, path: string, accessToken: string | undefined, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (accessToken !== undefined) headers.set("authorization", `Bearer ${accessToken}`);
  return sandbox.fetch(new Request(`${origin}${path}`, { ...init, headers }));
}

const messageOf = (body: unknown) => (body as ErrorBody).error.message;
const names = (organizations: BlynkOrganization[]) => organizations.map((organization) => organization.name);

describe("blynk sandbox: token endpoint", () => {
  test("issues a bearer token for the client credentials, which the API accepts", async () => {
    const { sandbox } = setup();

    const token = await issuedToken(sandbox);

    expect(token.token_type).toBe("Bearer");
    expect(token.expires_in).toBe(86_400);
    expect(token.access_token).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(token.refresh_token).toMatch(/^[A-Za-z0-9_-]{40}$/);
    const profile = await apiRequest(sandbox, "/api/v1/organization/profile", token.access_token);
    expect(profile.status).toBe(200);
    expect(profile.headers.get("content-type")).toBe("application/json");
    expect(profile.headers.get("x-request-id")).toMatch(/\S/);
  });

  test("the facade gets a token by itself and uses it", async () => {
    const { blynk, tokenRequests, apiRequests } = setup();

    await blynk.organizations.profile();
    await blynk.organizations.profile();

    expect(tokenRequests()).toEqual([{ grant: "client_credentials", status: 200 }]);
    expect(apiRequests().map((exchange) => exchange.status)).toEqual([200, 200]);
    expect(apiRequests()[0]?.headers.get("authorization")).toMatch(/^Bearer [A-Za-z0-9_-]{40}$/);
  });

  test("a wrong client secret is refused with invalid_client", async () => {
    const { sandbox, blynk } = setup();
    const wrong = setup({}, { auth: { clientId: sandbox.credentials.blynk.clientId, clientSecret: "wrong-secret" } });

    const error = await rejectionOf(wrong.blynk.organizations.profile(), ApiError);
    const raw = await tokenRequest(sandbox, "grant_type=client_credentials", "wrong-secret");

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(400);
    expect(error.details[0]?.code).toBe("invalid_client");
    expect(wrong.apiRequests()).toEqual([]);
    expect(raw.status).toBe(400);
    expect((raw.body as OAuthErrorBody).error).toBe("invalid_client");
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
  });

  test("a malformed Basic header is refused with invalid_client", async () => {
    const { sandbox } = setup();

    const response = await sandbox.fetch(
      new Request(`${origin}/oauth2/token?grant_type=client_credentials`, {
        method: "POST",
        headers: { authorization: "Basic not*base64!" },
      }),
    );

    expect(response.status).toBe(400);
    expect(((await response.json()) as OAuthErrorBody).error).toBe("invalid_client");
  });

  test("refuses a missing or unsupported grant type", async () => {
    const { sandbox } = setup();

    const missing = await tokenRequest(sandbox, "");
    const unsupported = await tokenRequest(sandbox, "grant_type=password");

    expect(missing.status).toBe(400);
    expect((missing.body as OAuthErrorBody).error).toBe("invalid_request");
    expect(unsupported.status).toBe(400);
    expect((unsupported.body as OAuthErrorBody).error).toBe("unsupported_grant_type");
  });

  test("a refresh token works once", async () => {
    const { sandbox } = setup();
    const first = await issuedToken(sandbox);
    const refreshQuery = `grant_type=refresh_token&refresh_token=${first.refresh_token ?? ""}`;

    const refreshed = await tokenRequest(sandbox, refreshQuery);
    const reused = await tokenRequest(sandbox, refreshQuery);

    expect(refreshed.status).toBe(200);
    const second = refreshed.body as TokenBody;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await apiRequest(sandbox, "/api/v1/organization/profile", second.access_token)).status).toBe(200);
    expect(reused.status).toBe(400);
    expect((reused.body as OAuthErrorBody).error).toBe("invalid_grant");
    // The refresh token it got in exchange works (once) in turn.
    expect(
      (await tokenRequest(sandbox, `grant_type=refresh_token&refresh_token=${second.refresh_token ?? ""}`)).status,
    ).toBe(200);
  });

  test("a refresh token of another client is refused", async () => {
    const { sandbox } = setup({
      blynk: {
        clients: [
          { clientId: "one", clientSecret: "one-secret" },
          { clientId: "two", clientSecret: "two-secret" },
        ],
      },
    });
    const first = await issuedToken(sandbox);

    const response = await sandbox.fetch(
      new Request(`${origin}/oauth2/token?grant_type=refresh_token&refresh_token=${first.refresh_token ?? ""}`, {
        method: "POST",
        headers: { authorization: basic("two", "two-secret") },
      }),
    );

    expect(response.status).toBe(400);
    expect(((await response.json()) as OAuthErrorBody).error).toBe("invalid_grant");
  });
});

describe("blynk sandbox: token expiry", () => {
  test("an access token stops working after tokenLifetimeSeconds, and the facade gets a new one", async () => {
    const { clock, sandbox, blynk, tokenRequests, apiRequests } = setup({ blynk: { tokenLifetimeSeconds: 600 } });
    await blynk.organizations.profile();
    const oldToken = apiRequests()[0]?.headers.get("authorization")?.replace("Bearer ", "");
    if (!oldToken) throw new Error("the facade should have sent a token");
    expect((await apiRequest(sandbox, "/api/v1/organization/profile", oldToken)).status).toBe(200);

    clock.advance(600_000);

    const expired = await apiRequest(sandbox, "/api/v1/organization/profile", oldToken);
    expect(expired.status).toBe(401);
    expect(messageOf(await expired.json())).toMatch(/token/i);
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1, name: "Acme Corp" });
    // The refresh token expired with it: refused, the facade falls back to the client credentials.
    expect(tokenRequests()).toEqual([
      { grant: "client_credentials", status: 200 },
      { grant: "refresh_token", status: 400 },
      { grant: "client_credentials", status: 200 },
    ]);
    expect(apiRequests().at(-1)?.headers.get("authorization")).not.toBe(`Bearer ${oldToken}`);
    expect(apiRequests().at(-1)?.status).toBe(200);
  });

  test("before expiry, the facade renews with its refresh token", async () => {
    const { clock, blynk, tokenRequests } = setup({ blynk: { tokenLifetimeSeconds: 600 } });
    await blynk.organizations.profile();

    clock.advance(570_000); // inside the client's renewal margin, before the sandbox's expiry

    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
    expect(tokenRequests()).toEqual([
      { grant: "client_credentials", status: 200 },
      { grant: "refresh_token", status: 200 },
    ]);
  });

  test("a missing or unknown bearer token is 401", async () => {
    const { sandbox } = setup();

    const missing = await apiRequest(sandbox, "/api/v1/organization/profile", undefined);
    const unknown = await apiRequest(sandbox, "/api/v1/organization/profile", "not-a-token");

    expect(missing.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(messageOf(await unknown.json())).toMatch(/\S/);
  });
});

describe("blynk sandbox: organizations", () => {
  test("profile returns the root organization", async () => {
    const { blynk } = setup();

    const profile = await blynk.organizations.profile();

    expect(profile).toMatchObject({ id: 1, name: "Acme Corp", tz: "Europe/Kyiv" });
    expect(profile.parentOrganizationId).toBeUndefined();
  });

  test("seeds the configured number of organizations under the root", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 4 } });

    const page = await blynk.organizations.search({ query: "Acme Branch" });

    expect(page.totalElements).toBe(4);
    expect(names(page.content)).toEqual(["Acme Branch 001", "Acme Branch 002", "Acme Branch 003", "Acme Branch 004"]);
    expect(sandbox.blynk.organizations()).toHaveLength(5);
  });

  test("creates organizations under a parent, and gets them", async () => {
    const { blynk, clock, apiRequests } = setup({ blynk: { organizations: 0 } });

    const parent = await blynk.organizations.create({
      name: "Parent Co",
      tz: "America/New_York",
      unitSystem: "IMPERIAL",
    });
    const child = await blynk.organizations.create({ name: "Child Co", parentId: parent.id, phoneNumber: "+15550100" });

    expect(apiRequests().map((exchange) => exchange.status)).toEqual([201, 201]);
    expect(parent).toMatchObject({
      name: "Parent Co",
      parentOrganizationId: 1,
      tz: "America/New_York",
      unitSystem: "IMPERIAL",
      lastModifiedTs: clock.now(),
    });
    expect(child).toMatchObject({ name: "Child Co", parentOrganizationId: parent.id, phoneNumber: "+15550100" });
    expect(child.id).not.toBe(parent.id);
    expect(child).not.toHaveProperty("parentId");
    await expect(blynk.organizations.get(child.id)).resolves.toEqual(child);
    await expect(blynk.organizations.get(parent.id)).resolves.toEqual(parent);
  });

  test("searches by name, sorted by Name descending, page by page", async () => {
    const { blynk } = setup({ blynk: { organizations: 3 } });
    for (const name of ["Child Bravo", "Child Alpha", "Child Charlie"]) await blynk.organizations.create({ name });

    const first = await blynk.organizations.search({
      query: "child",
      sortBy: "Name",
      sortOrder: "DESC",
      page: 0,
      size: 2,
    });
    const second = await blynk.organizations.search({
      query: "child",
      sortBy: "Name",
      sortOrder: "DESC",
      page: 1,
      size: 2,
    });
    const ascending = await blynk.organizations.search({ query: "CHILD", sortBy: "Name" });
    const none = await blynk.organizations.search({ query: "nothing like it" });

    expect(names(first.content)).toEqual(["Child Charlie", "Child Bravo"]);
    expect(first.totalElements).toBe(3);
    expect(names(second.content)).toEqual(["Child Alpha"]);
    expect(second.totalElements).toBe(3);
    expect(names(ascending.content)).toEqual(["Child Alpha", "Child Bravo", "Child Charlie"]);
    expect(none).toEqual({ content: [], totalElements: 0 });
  });

  test("renames an organization by orgId, and the token's own organization without it", async () => {
    const { blynk, clock, apiRequests } = setup({ blynk: { organizations: 0 } });
    const branch = await blynk.organizations.create({ name: "Old Branch", description: "kept" });
    clock.advance(5_000);

    const updated = await blynk.organizations.update({ name: "New Branch" }, { orgId: branch.id });
    const root = await blynk.organizations.update({ name: "Acme Renamed" });

    expect(
      apiRequests()
        .slice(1)
        .map(({ method, url, status }) => ({ method, path: url.pathname, query: url.search, status })),
    ).toEqual([
      { method: "PUT", path: "/api/v1/organization/edit/name", query: `?orgId=${branch.id}`, status: 200 },
      { method: "PUT", path: "/api/v1/organization/edit/name", query: "", status: 200 },
    ]);
    expect(updated).toMatchObject({
      id: branch.id,
      name: "New Branch",
      description: "kept",
      lastModifiedTs: clock.now(),
    });
    await expect(blynk.organizations.get(branch.id)).resolves.toMatchObject({ name: "New Branch" });
    // Only the name changes: the root's other fields stay as seeded.
    expect(root).toMatchObject({
      id: 1,
      name: "Acme Renamed",
      unitSystem: "METRIC",
      tz: "Europe/Kyiv",
      description: "The sandbox's root organization",
    });
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1, name: "Acme Renamed" });
    await expect(blynk.organizations.get(branch.id)).resolves.toMatchObject({ name: "New Branch" });
  });

  test("a rename whose body holds another field than name is 400, and nothing changes", async () => {
    const { sandbox, clock } = setup({ blynk: { organizations: 1 } });
    const token = await issuedToken(sandbox);
    const before = sandbox.blynk.organizations();
    clock.advance(5_000);

    const rename = (query: string, body: unknown) =>
      apiRequest(sandbox, `/api/v1/organization/edit/name${query}`, token.access_token, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const withDescription = await rename("?orgId=2", { name: "Renamed", description: "not this way" });
    const withTimeZone = await rename("", { name: "Renamed", tz: "America/New_York" });
    const withoutName = await rename("?orgId=2", { description: "no name" });

    for (const response of [withDescription, withTimeZone, withoutName]) expect(response.status).toBe(400);
    expect(messageOf(await withDescription.json())).toBe(
      "Some of the validations have not been passed: description is not a known field.",
    );
    expect(messageOf(await withTimeZone.json())).toContain("tz is not a known field");
    expect(messageOf(await withoutName.json())).toContain("name is required");
    expect(sandbox.blynk.organizations()).toEqual(before);
  });

  test("the old update route PUT /api/v1/organization is gone: 405 with the methods the path still serves", async () => {
    const { sandbox } = setup({ blynk: { organizations: 1 } });
    const token = await issuedToken(sandbox);
    const before = sandbox.blynk.organizations();

    const response = await apiRequest(sandbox, "/api/v1/organization?orgId=2", token.access_token, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Renamed" }),
    });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, DELETE, HEAD");
    expect(await response.json()).toEqual({
      error: { message: naming("PUT", "/api/v1/organization", "GET, DELETE, HEAD") },
    });
    expect(sandbox.blynk.organizations()).toEqual(before);
  });

  test("create takes each kind of organization as type, and does not keep it", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 0 } });
    const kinds = [
      "ROOT",
      "BUSINESS",
      "PERSONAL",
      "BRANCH",
      "DISTRIBUTOR",
      "CONTRACTOR",
      "INSTALLER",
      "RESELLER",
    ] as const;

    const created = [];
    for (const type of kinds) created.push(await blynk.organizations.create({ name: `Kind ${type}`, type }));

    expect(names(created)).toEqual(kinds.map((type) => `Kind ${type}`));
    for (const organization of created) {
      expect(organization).toMatchObject({ parentOrganizationId: 1 });
      expect(organization).not.toHaveProperty("type");
    }
    expect(sandbox.blynk.organizations()).toHaveLength(1 + kinds.length);
  });

  test("create with a type the spec does not list is 400 naming it, and nothing is created", async () => {
    const { sandbox } = setup({ blynk: { organizations: 0 } });
    const token = await issuedToken(sandbox);

    const response = await apiRequest(sandbox, "/api/v1/organization/create", token.access_token, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Odd Kind", type: "FRANCHISE" }),
    });

    expect(response.status).toBe(400);
    expect(messageOf(await response.json())).toBe(
      "Some of the validations have not been passed: type must be one of ROOT, BUSINESS, PERSONAL, BRANCH, DISTRIBUTOR, CONTRACTOR, INSTALLER, RESELLER.",
    );
    expect(sandbox.blynk.organizations()).toHaveLength(1);
  });

  test("a hierarchy grows to 4 levels, and creating a 5th is 400 naming the depth, with nothing created", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 0 } });
    const level2 = await blynk.organizations.create({ name: "Level Two" });
    const level3 = await blynk.organizations.create({ name: "Level Three", parentId: level2.id });
    const level4 = await blynk.organizations.create({ name: "Level Four", parentId: level3.id });

    const error = await rejectionOf(blynk.organizations.create({ name: "Level Five", parentId: level4.id }), ApiError);

    expect(level4.parentOrganizationId).toBe(level3.id);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.body).toEqual({
      error: {
        message:
          "Some of the validations have not been passed: parentId is at level 4, and a hierarchy is at most 4 levels deep.",
      },
    });
    expect(names(sandbox.blynk.organizations())).toEqual(["Acme Corp", "Level Two", "Level Three", "Level Four"]);
    // A level-3 parent still takes a sibling of level 4.
    await expect(blynk.organizations.create({ name: "Level Four Too", parentId: level3.id })).resolves.toMatchObject({
      parentOrganizationId: level3.id,
    });
  });

  test("the seeded hierarchy is 3 levels deep: a level-3 branch takes one child, which takes none", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 5 } });
    // Branch 005 (id 6) sits under branch 004 (id 5), one level deeper than the others.
    expect(sandbox.blynk.organizations().find((organization) => organization.id === 6)).toMatchObject({
      name: "Acme Branch 005",
      parentOrganizationId: 5,
    });

    const level4 = await blynk.organizations.create({ name: "Under Branch 005", parentId: 6 });
    const refused = await rejectionOf(blynk.organizations.create({ name: "Too Deep", parentId: level4.id }), ApiError);

    expect(level4.parentOrganizationId).toBe(6);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(messageOf(refused.body)).toContain("parentId is at level 4");
    expect(sandbox.blynk.organizations()).toHaveLength(7);
  });

  test("the depth counts from the token's organization's place in the whole hierarchy, not from the token", async () => {
    const clients = [
      { clientId: "root-client", clientSecret: "root-secret" },
      { clientId: "deep-client", clientSecret: "deep-secret", orgId: 6 },
    ];
    const { blynk, sandbox } = setup(
      { blynk: { clients, organizations: 5 } },
      { auth: { clientId: "deep-client", clientSecret: "deep-secret" } },
    );

    const level4 = await blynk.organizations.create({ name: "Own Child" });
    const refused = await rejectionOf(
      blynk.organizations.create({ name: "Grandchild", parentId: level4.id }),
      ApiError,
    );

    expect(level4.parentOrganizationId).toBe(6);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(messageOf(refused.body)).toContain("at most 4 levels deep");
    expect(sandbox.blynk.organizations()).toHaveLength(7);
  });

  test("refuses to delete an organization with children, then deletes it once they are gone", async () => {
    const { blynk, apiRequests } = setup({ blynk: { organizations: 0 } });
    const parent = await blynk.organizations.create({ name: "Parent Co" });
    const child = await blynk.organizations.create({ name: "Child Co", parentId: parent.id });

    const refused = await rejectionOf(blynk.organizations.delete(parent.id), ApiError);

    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused.status).toBe(400);
    expect(messageOf(refused.body)).toMatch(/sub-organizations/);
    await expect(blynk.organizations.get(parent.id)).resolves.toMatchObject({ id: parent.id });

    await blynk.organizations.delete(child.id);
    await blynk.organizations.delete(parent.id);

    expect(
      apiRequests()
        .filter((exchange) => exchange.method === "DELETE")
        .map((exchange) => exchange.status),
    ).toEqual([400, 204, 204]);
    await expect(blynk.organizations.get(parent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.get(child.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("refuses to delete the root organization", async () => {
    const { blynk } = setup({ blynk: { organizations: 0 } });

    const error = await rejectionOf(blynk.organizations.delete(1), ApiError);

    expect(error).toBeInstanceOf(BadRequestError);
    expect(messageOf(error.body)).toMatch(/orgId/);
    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
  });

  test("refuses to delete the token's own organization, and hides those above it", async () => {
    const clients = [
      { clientId: "root-client", clientSecret: "root-secret" },
      { clientId: "branch-client", clientSecret: "branch-secret", orgId: 2 },
    ];
    const { blynk, sandbox } = setup(
      { blynk: { clients, organizations: 2 } },
      { auth: { clientId: "branch-client", clientSecret: "branch-secret" } },
    );

    const profile = await blynk.organizations.profile();
    const ownDelete = await rejectionOf(blynk.organizations.delete(2), ApiError);
    const rootGet = await rejectionOf(blynk.organizations.get(1), ApiError);
    const siblingDelete = await rejectionOf(blynk.organizations.delete(3), ApiError);
    const search = await blynk.organizations.search({ query: "a" });

    expect(profile).toMatchObject({ id: 2, name: "Acme Branch 001" });
    expect(ownDelete).toBeInstanceOf(BadRequestError);
    expect(rootGet).toBeInstanceOf(NotFoundError);
    expect(siblingDelete).toBeInstanceOf(NotFoundError);
    expect(messageOf(siblingDelete.body)).toBe(
      "Organization with identifier 3 is not found or you don't have access to it.",
    );
    expect(search.content.map((organization) => organization.id)).toEqual([2]);
    expect(sandbox.blynk.organizations().map((organization) => organization.id)).toEqual([1, 2, 3]);
  });

  test("the tokens of an organization deleted meanwhile are refused", async () => {
    const clients = [
      { clientId: "root-client", clientSecret: "root-secret" },
      { clientId: "branch-client", clientSecret: "branch-secret", orgId: 2 },
    ];
    const root = setup({ blynk: { clients, organizations: 2 } });
    const branchToken = await root.sandbox.fetch(
      new Request(`${origin}/oauth2/token?grant_type=client_credentials`, {
        method: "POST",
        headers: { authorization: basic("branch-client", "branch-secret") },
      }),
    );
    const { access_token } = (await branchToken.json()) as TokenBody;
    expect((await apiRequest(root.sandbox, "/api/v1/organization/profile", access_token)).status).toBe(200);

    await root.blynk.organizations.delete(2);

    // The organization is gone: its token may not act for it, and above all the profile must not
    // answer 200 without an organization.
    const profile = await apiRequest(root.sandbox, "/api/v1/organization/profile", access_token);
    expect([401, 404]).toContain(profile.status);
    expect(messageOf(await profile.json())).toMatch(/\S/);
  });

  test("create under a parent that does not exist is 404", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 0 } });

    const error = await rejectionOf(blynk.organizations.create({ name: "Orphan", parentId: 999 }), ApiError);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.body).toEqual({
      error: { message: "Parent organization is not found or you don't have access to it." },
    });
    expect(sandbox.blynk.organizations()).toHaveLength(1);
  });

  test("get of an unknown id is 404 with the documented message", async () => {
    const { blynk } = setup({ blynk: { organizations: 0 } });

    const error = await rejectionOf(blynk.organizations.get(999), ApiError);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.body).toEqual({ error: { message: "Organization is not found or you don't have access to it." } });
    expect(error.details).toEqual([{ message: "Organization is not found or you don't have access to it." }]);
  });
});

describe("blynk sandbox: invalid requests", () => {
  test("a search size over 1000 is 400 naming the rule", async () => {
    const { blynk } = setup();

    const { error, response } = await blynk.raw.GET("/api/v1/organization/search", {
      params: { query: { query: "acme", size: 5000 } },
    });

    expect(response.status).toBe(400);
    expect(messageOf(error)).toContain("size must be at most 1000");
  });

  test("a search without query is 400 naming the rule", async () => {
    const { blynk } = setup();

    const { error, response } = await blynk.raw.GET("/api/v1/organization/search", { params: { query: {} as never } });

    expect(response.status).toBe(400);
    expect(messageOf(error)).toContain("query is required");
  });

  test("a name with a slash is 400 naming the rule, and nothing is created", async () => {
    const { blynk, sandbox } = setup({ blynk: { organizations: 0 } });

    const { error, response } = await blynk.raw.POST("/api/v1/organization/create", { body: { name: "Bad/Name" } });

    expect(response.status).toBe(400);
    expect(messageOf(error)).toMatch(/name must match the pattern/);
    expect(sandbox.blynk.organizations()).toHaveLength(1);
  });

  test("an unknown sortBy is 400 naming the labels the spec lists", async () => {
    const { blynk, sandbox } = setup();
    const token = await issuedToken(sandbox);

    const { error, response } = await blynk.raw.GET("/api/v1/organization/search", {
      // @ts-expect-error "Color" is not a label of the spec's enum
      params: { query: { query: "acme", sortBy: "Color" } },
    });
    const lowercase = await apiRequest(
      sandbox,
      "/api/v1/organization/search?query=acme&sortBy=name",
      token.access_token,
    );

    expect(response.status).toBe(400);
    expect(messageOf(error)).toBe(
      "Some of the validations have not been passed: sortBy must be one of Organization Id, Name, Device Count, User Count, Sub Organizations.",
    );
    expect(lowercase.status).toBe(400);
    expect(messageOf(await lowercase.json())).toContain("sortBy must be one of");
  });

  // Every label the spec's enum lists.
  test.each(blynkRules.searchOrganizations.query.properties.sortBy.enum)("sortBy %j is accepted", async (sortBy) => {
    const { blynk } = setup({ blynk: { organizations: 3 } });

    const page = await blynk.organizations.search({ query: "acme", sortBy });

    expect(page.totalElements).toBe(4);
  });

  test("sortBy Sub Organizations, descending, puts the organizations with the most children first", async () => {
    const { blynk } = setup({ blynk: { organizations: 5 } });

    const page = await blynk.organizations.search({ query: "acme", sortBy: "Sub Organizations", sortOrder: "DESC" });

    // The root has four children, branch 004 (id 5) one (branch 005), the rest none.
    expect(page.content.slice(0, 2).map((organization) => organization.id)).toEqual([1, 5]);
  });

  test("a body that is not JSON is 400", async () => {
    const { sandbox } = setup({ blynk: { organizations: 0 } });
    const token = await issuedToken(sandbox);

    const response = await apiRequest(sandbox, "/api/v1/organization/create", token.access_token, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ name:",
    });

    expect(response.status).toBe(400);
    expect(messageOf(await response.json())).toMatch(/JSON/);
    expect(sandbox.blynk.organizations()).toHaveLength(1);
  });
});

describe("blynk sandbox: rate limit", () => {
  test("the request over the limit in a minute gets 429 with Retry-After, and passes once the minute is over", async () => {
    const { blynk, clock, apiRequests } = setup({ blynk: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) await blynk.organizations.profile();
    clock.advance(10_000);

    const error = await rejectionOf(blynk.organizations.profile(), ApiError);

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(50_000);
    expect(messageOf(error.body)).toMatch(/\S/);
    expect(apiRequests().map((exchange) => exchange.status)).toEqual([200, 200, 200, 429]);

    clock.advance(50_000);

    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
  });

  test("counts each organization apart", async () => {
    const clients = [
      { clientId: "root-client", clientSecret: "root-secret" },
      { clientId: "branch-client", clientSecret: "branch-secret", orgId: 2 },
    ];
    const { blynk, sandbox, clock } = setup({ blynk: { clients, rateLimitPerMinute: 2, organizations: 1 } });
    const { client: branch } = blynkClient({
      fetch: sandbox.fetch,
      auth: { clientId: "branch-client", clientSecret: "branch-secret" },
      clock,
      retry: false,
    });
    const { client: otherRootClient } = blynkClient({ sandbox, fetch: sandbox.fetch, clock, retry: false });
    await blynk.organizations.profile();
    await blynk.organizations.profile();

    await expect(branch.organizations.profile()).resolves.toMatchObject({ id: 2 });
    await expect(branch.organizations.profile()).resolves.toMatchObject({ id: 2 });
    await expect(otherRootClient.organizations.profile()).rejects.toBeInstanceOf(RateLimitError);
    await expect(branch.organizations.profile()).rejects.toBeInstanceOf(RateLimitError);
  });

  test("counts the token endpoint out of the limit", async () => {
    const { blynk, tokenRequests } = setup({ blynk: { rateLimitPerMinute: 1 } });

    await expect(blynk.organizations.profile()).resolves.toMatchObject({ id: 1 });
    expect(tokenRequests()).toHaveLength(1);
    await expect(blynk.organizations.profile()).rejects.toBeInstanceOf(RateLimitError);
  });
});
