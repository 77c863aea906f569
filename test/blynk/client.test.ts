import nock from "nock";
import { describe, expect, test } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import {
  type BlynkOrganizationCreate,
  type BlynkOrganizationUpdate,
  createBlynkClient,
  ValidationError,
} from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { onlyRequest, recordingFetch, type SentRequest } from "../support/fetches.js";
import { accessToken, blynkBaseUrl, blynkOrganization, blynkPage } from "../support/fixtures.js";
import { naming } from "../support/messages.js";

const member = "/api/v1/organization";
const rename = `${member}/edit/name`;
const bearer = `Bearer ${accessToken}`;

const created = { ...blynkOrganization, id: 751, name: "Acme Branch", parentOrganizationId: 1 };
const newOrganization = {
  name: "Acme Branch",
  description: "Second site",
  tz: "Europe/Kyiv",
  parentId: 1,
  phoneNumber: "+11234567890",
  unitSystem: "METRIC",
} satisfies BlynkOrganizationCreate;
const renamed = { name: "Acme Corporation" } satisfies BlynkOrganizationUpdate;
const notFound = { error: { message: "Organization is not found or you don't have access to it." } };

function api() {
  return nock(blynkBaseUrl, { reqheaders: { authorization: bearer, accept: "application/json" } });
}

function query(request: SentRequest): Record<string, string> {
  return Object.fromEntries(request.url.searchParams);
}

describe("Blynk organizations", () => {
  test("profile gets the credentials' own organization", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api().get(`${member}/profile`).reply(200, blynkOrganization);

    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("GET");
    expect(request.url.href).toBe(`${blynkBaseUrl}${member}/profile`);
    expect(request.headers.get("accept")).toBe("application/json");
    expect(request.headers.get("authorization")).toBe(bearer);
    expect(request.headers.get("content-type")).toBeNull();
    expect(request.body).toBe("");
  });

  test("get sends the id as the orgId query parameter", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api()
      .get(member)
      .query({ orgId: "42" })
      .reply(200, { ...blynkOrganization, id: 42 });

    await expect(blynk.organizations.get(42)).resolves.toEqual({ ...blynkOrganization, id: 42 });

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("GET");
    expect(request.url.pathname).toBe(member);
    expect(query(request)).toEqual({ orgId: "42" });
  });

  test("get resolves an answer carrying members the spec does not list, and keeps them on the object", async () => {
    const { client: blynk } = blynkClient({ retry: false });
    const answer = { ...blynkOrganization, id: 42, isActive: true, somethingNew: {} };
    const scope = api().get(member).query({ orgId: "42" }).reply(200, answer);

    const organization = await blynk.organizations.get(42);

    scope.done();
    // The type lists only the spec's members; the answer's others are still there at run time.
    expect(organization).toEqual(answer);
    expect(organization).toHaveProperty("isActive", true);
    expect(organization).toHaveProperty("somethingNew", {});
    expect(organization.name).toBe(blynkOrganization.name);
  });

  test("search sends the query text alone when nothing else is given", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api().get(`${member}/search`).query({ query: "acme" }).reply(200, blynkPage);

    await expect(blynk.organizations.search({ query: "acme" })).resolves.toEqual(blynkPage);

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("GET");
    expect(query(request)).toEqual({ query: "acme" });
  });

  test("search sends query, sortBy, sortOrder, page and size as query parameters", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const expected = { query: "acme & co", sortBy: "Organization Id", sortOrder: "DESC", page: "2", size: "100" };
    const scope = api().get(`${member}/search`).query(expected).reply(200, blynkPage);

    const result = await blynk.organizations.search({
      query: "acme & co",
      sortBy: "Organization Id",
      sortOrder: "DESC",
      page: 2,
      size: 100,
    });

    scope.done();
    expect(result).toEqual(blynkPage);
    const request = onlyRequest(sent);
    expect(request.url.pathname).toBe(`${member}/search`);
    expect(query(request)).toEqual(expected);
  });

  // Every label the spec's enum lists.
  test.each(blynkRules.searchOrganizations.query.properties.sortBy.enum)(
    "search sends the sortBy label %j as it is written, spaces percent-encoded",
    async (sortBy) => {
      const { fetch, requests: sent } = recordingFetch();
      const { client: blynk } = blynkClient({ fetch, retry: false });
      const scope = api().get(`${member}/search`).query({ query: "acme", sortBy }).reply(200, blynkPage);

      await expect(blynk.organizations.search({ query: "acme", sortBy })).resolves.toEqual(blynkPage);

      scope.done();
      expect(onlyRequest(sent).url.search).toBe(`?query=acme&sortBy=${sortBy.replaceAll(" ", "%20")}`);
    },
  );

  test("create posts the organization as JSON and returns the created one", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api()
      .post(`${member}/create`, newOrganization)
      .matchHeader("content-type", "application/json")
      .reply(201, created);

    await expect(blynk.organizations.create(newOrganization)).resolves.toEqual(created);

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${blynkBaseUrl}${member}/create`);
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request.headers.get("accept")).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(newOrganization);
  });

  test("create sends the optional type, and the created organization is returned without it", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const branch = { name: "Acme Branch", parentId: 1, type: "BRANCH" } satisfies BlynkOrganizationCreate;
    const scope = api().post(`${member}/create`, branch).reply(201, created);

    await expect(blynk.organizations.create(branch)).resolves.toEqual(created);

    scope.done();
    expect(JSON.parse(onlyRequest(sent).body)).toEqual({ name: "Acme Branch", parentId: 1, type: "BRANCH" });
  });

  test("update puts the new name to edit/name for the given orgId", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const updated = { ...blynkOrganization, id: 7, name: renamed.name };
    const scope = api().put(rename, renamed).query({ orgId: "7" }).reply(200, updated);

    await expect(blynk.organizations.update(renamed, { orgId: 7 })).resolves.toEqual(updated);

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("PUT");
    expect(request.url.pathname).toBe(rename);
    expect(query(request)).toEqual({ orgId: "7" });
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(renamed);
  });

  test("update without orgId puts the new name for the credentials' own organization", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const updated = { ...blynkOrganization, name: renamed.name };
    const scope = api().put(rename, renamed).reply(200, updated);

    await expect(blynk.organizations.update(renamed)).resolves.toEqual(updated);

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("PUT");
    expect(request.url.href).toBe(`${blynkBaseUrl}${rename}`);
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual(renamed);
  });

  test("delete sends the orgId and resolves with nothing on 204", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api().delete(member).query({ orgId: "751" }).reply(204);

    await expect(blynk.organizations.delete(751)).resolves.toBeUndefined();

    scope.done();
    const request = onlyRequest(sent);
    expect(request.method).toBe("DELETE");
    expect(request.url.pathname).toBe(member);
    expect(query(request)).toEqual({ orgId: "751" });
    expect(request.body).toBe("");
  });

  test("delete resolves with nothing on a 200 with a body", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api().delete(member).query({ orgId: "751" }).reply(200, { id: 751, deleted: true });

    await expect(blynk.organizations.delete(751)).resolves.toBeUndefined();

    scope.done();
    expect(onlyRequest(sent).method).toBe("DELETE");
  });

  test("sends the per-call headers along with the client's own", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api()
      .get(`${member}/profile`)
      .matchHeader("x-correlation-id", "req-123")
      .reply(200, blynkOrganization);

    await blynk.organizations.profile({ headers: { "X-Correlation-Id": "req-123" } });

    scope.done();
    const request = onlyRequest(sent);
    expect(request.headers.get("x-correlation-id")).toBe("req-123");
    expect(request.headers.get("authorization")).toBe(bearer);
    expect(request.headers.get("accept")).toBe("application/json");
  });
});

describe("Blynk raw client", () => {
  test("sends the same bearer token and returns a 404 as data, error and response without throwing", async () => {
    const { fetch, requests: sent } = recordingFetch();
    const { client: blynk } = blynkClient({ fetch, retry: false });
    const scope = api().get(member).query({ orgId: "999" }).reply(404, notFound);

    const result = await blynk.raw.GET("/api/v1/organization", { params: { query: { orgId: 999 } } });

    scope.done();
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(notFound);
    expect(result.response.status).toBe(404);
    expect(onlyRequest(sent).headers.get("authorization")).toBe(bearer);
  });

  test("returns the parsed body of a success as data", async () => {
    const { client: blynk } = blynkClient({ retry: false });
    const scope = api().get(`${member}/search`).query({ query: "acme", size: "10" }).reply(200, blynkPage);

    const result = await blynk.raw.GET("/api/v1/organization/search", {
      params: { query: { query: "acme", size: 10 } },
    });

    scope.done();
    expect(result.data).toEqual(blynkPage);
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
  });
});

describe("Blynk client construction", () => {
  test.each([null, "eIdWHQqRfFmvP5LDDh-IGxPUzi7I27HthzCPAVmS", 42])(
    "refuses auth %j, which is no object, naming auth",
    (auth) => {
      // @ts-expect-error: auth of a type the options do not allow, as JavaScript callers may pass
      const build = () => createBlynkClient({ auth, retry: false });

      expect(build).toThrow(
        expect.objectContaining({ issues: [{ field: "auth", rule: "type", message: naming("object") }] }),
      );
      expect(build).toThrow(ValidationError);
    },
  );
});
