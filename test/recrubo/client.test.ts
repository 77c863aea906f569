import { readFile } from "node:fs/promises";
import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import { type RecruboOrganizationList, UnexpectedResponseError } from "../../src/index.js";
import { recruboClient } from "../support/clients.js";
import { onlyRequest, scripted } from "../support/fetches.js";
import {
  orgId,
  partnerKey,
  recruboBaseUrl,
  recruboDocument,
  recruboOrganization,
  webhookSecret,
} from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

const mediaType = "application/vnd.api+json";
const collectionPath = "/public/v2/management/organizations/";
const memberPath = `${collectionPath}${orgId}`;
const refreshPath = `/public/v2/management/refresh-token/${orgId}`;
const listDocument = JSON.parse(
  await readFile(new URL("../fixtures/recrubo-list-response.json", import.meta.url), "utf8"),
) as RecruboOrganizationList;

/**
 * A fetch answering `status` with `body` (JSON unless a string or null), recording every request.
 * Left to its default body, it answers the collection's GET with the list, anything else with the organization.
 */
function answering(status = 200, body: unknown = recruboDocument) {
  return scripted((request) => {
    const json =
      body === recruboDocument && request.method === "GET" && request.url.endsWith(collectionPath)
        ? listDocument
        : body;
    return typeof json === "string" || json === null
      ? new Response(json, { status })
      : Response.json(json, { status, headers: { "content-type": mediaType } });
  });
}

describe("createRecruboClient", () => {
  test("sends the partner key as a bearer token by default", async () => {
    const { fetch, requests } = answering();
    const { client } = recruboClient({ retry: false, fetch });

    await client.organizations.get(orgId);

    expect(onlyRequest(requests).headers.get("authorization")).toBe(`Bearer ${partnerKey}`);
  });

  test("sends the bare key with authScheme raw", async () => {
    const { fetch, requests } = answering();
    const { client } = recruboClient({ retry: false, authScheme: "raw", fetch });

    await client.organizations.get(orgId);

    expect(onlyRequest(requests).headers.get("authorization")).toBe(partnerKey);
  });

  test("calls a key function for every request", async () => {
    const keys = ["rk_live_first_0a1b2c3d", "rk_live_second_4e5f6a7b"];
    const apiKey = vi.fn(async () => keys[apiKey.mock.calls.length - 1]!);
    const { fetch } = answering();
    const { client } = recruboClient({ retry: false, apiKey, fetch });

    await client.organizations.get(orgId);
    await client.organizations.get(orgId);

    expect(apiKey).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls.map(([request]) => request.headers.get("authorization"))).toEqual([
      `Bearer ${keys[0]}`,
      `Bearer ${keys[1]}`,
    ]);
  });

  test("asks for JSON:API on every call and labels only requests with a body", async () => {
    const { fetch } = answering();
    const { client } = recruboClient({ retry: false, fetch });
    const { organizations } = client;

    await organizations.list();
    await organizations.get(orgId);
    await organizations.create({ name: "Test Org" });
    await organizations.update(orgId, { name: "Renamed Org" });
    await organizations.refreshToken(orgId);
    await organizations.delete(orgId);

    const requests = fetch.mock.calls.map(([request]) => ({
      method: request.method,
      accept: request.headers.get("accept"),
      contentType: request.headers.get("content-type"),
    }));
    expect(requests).toEqual([
      { method: "GET", accept: mediaType, contentType: null },
      { method: "GET", accept: mediaType, contentType: null },
      { method: "POST", accept: mediaType, contentType: mediaType },
      { method: "PATCH", accept: mediaType, contentType: mediaType },
      { method: "POST", accept: mediaType, contentType: null },
      { method: "DELETE", accept: mediaType, contentType: null },
    ]);
  });

  test("uses https://api.recrubo.app by default", async () => {
    const scope = nock(recruboBaseUrl).get(memberPath).reply(200, recruboDocument, { "content-type": mediaType });
    const { client } = recruboClient({ retry: false });

    await expect(client.organizations.get(orgId)).resolves.toEqual(recruboOrganization);

    scope.done();
  });
});

describe("recrubo.organizations", () => {
  test("create posts a JSON:API document and returns the resource with its token", async () => {
    const { fetch, requests } = answering(201);
    const { client } = recruboClient({ retry: false, fetch });
    const attributes = {
      name: "Test Org",
      webhookUrl: "https://hooks.example.com/recrubo",
      webhookSecret,
    };

    const created = await client.organizations.create(attributes);

    const request = onlyRequest(requests);
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${recruboBaseUrl}${collectionPath}`);
    expect(JSON.parse(request.body)).toEqual({ data: { type: "organizations", attributes } });
    expect(created).toEqual(recruboOrganization);
    expect(created.attributes.token).toBe("5I9cezE6QPYl8v9jggrN3w");
  });

  test("update patches the member with id, type and the attributes given", async () => {
    const { fetch, requests } = answering();
    const { client } = recruboClient({ retry: false, fetch });

    const updated = await client.organizations.update(orgId, { name: "Renamed Org" });

    const request = onlyRequest(requests);
    expect(request.method).toBe("PATCH");
    expect(request.url.href).toBe(`${recruboBaseUrl}${memberPath}`);
    expect(JSON.parse(request.body)).toEqual({
      data: { id: orgId, type: "organizations", attributes: { name: "Renamed Org" } },
    });
    expect(updated).toEqual(recruboOrganization);
  });

  test("list serialises paging, filters and sort the JSON:API way and returns data and meta", async () => {
    const scope = nock(recruboBaseUrl)
      .get(collectionPath)
      .query({ "page[number]": "2", "page[size]": "10", "filter[name]": "Test Org", sort: "name,-createdAt" })
      .reply(200, listDocument, { "content-type": mediaType });
    const { client } = recruboClient({ retry: false });

    const page = await client.organizations.list({
      page: { number: 2, size: 10 },
      filter: { name: "Test Org" },
      sort: ["name", "-createdAt"],
    });

    scope.done();
    expect(page).toEqual(listDocument);
    expect(page.data.map((organization) => organization.attributes.name)).toEqual([
      "Recrubo_89495632",
      "Recrubo_82361056",
    ]);
    expect(page.meta.maxPage).toBe(1);
  });

  test.each([
    { sort: ["-createdAt"] as const, query: "?sort=-createdAt" },
    { sort: ["-createdAt", "name"] as const, query: "?sort=-createdAt,name" },
    { sort: ["updatedAt", "-name", "createdAt"] as const, query: "?sort=updatedAt,-name,createdAt" },
  ])("list sends sort $sort as one comma-separated parameter, most significant first", async ({ sort, query }) => {
    const { fetch, requests } = answering(200, listDocument);
    const { client } = recruboClient({ retry: false, fetch });

    await client.organizations.list({ sort: [...sort] });

    // The commas between fields are written as they are, as JSON:API servers split on them.
    expect(onlyRequest(requests).url.search).toBe(query);
  });

  test("list without arguments sends no query", async () => {
    const { fetch, requests } = answering(200, listDocument);
    const { client } = recruboClient({ retry: false, fetch });

    await expect(client.organizations.list()).resolves.toEqual(listDocument);

    expect(onlyRequest(requests).url.href).toBe(`${recruboBaseUrl}${collectionPath}`);
  });

  test("get returns the resource, not the document", async () => {
    const { fetch, requests } = answering();
    const { client } = recruboClient({ retry: false, fetch });

    await expect(client.organizations.get(orgId)).resolves.toEqual(recruboOrganization);

    expect(onlyRequest(requests).url.href).toBe(`${recruboBaseUrl}${memberPath}`);
  });

  test("refreshToken posts without a body and returns the resource with the new token", async () => {
    const fresh = {
      ...recruboOrganization,
      attributes: { ...recruboOrganization.attributes, token: "Nw3ggj9v8lYPQ6Ezec9I5" },
    };
    const { fetch, requests } = answering(200, { data: fresh, meta: {} });
    const { client } = recruboClient({ retry: false, fetch });

    const refreshed = await client.organizations.refreshToken(orgId);

    const request = onlyRequest(requests);
    expect(request.method).toBe("POST");
    expect(request.url.href).toBe(`${recruboBaseUrl}${refreshPath}`);
    expect(request.body).toBe("");
    expect(refreshed.attributes.token).toBe("Nw3ggj9v8lYPQ6Ezec9I5");
  });

  test("delete resolves undefined on 204", async () => {
    const { fetch, requests } = answering(204, null);
    const { client } = recruboClient({ retry: false, fetch });

    await expect(client.organizations.delete(orgId)).resolves.toBeUndefined();

    expect(onlyRequest(requests).method).toBe("DELETE");
    expect(onlyRequest(requests).url.href).toBe(`${recruboBaseUrl}${memberPath}`);
  });

  test("delete resolves undefined on 200 with a JSON:API body", async () => {
    const { fetch } = answering(200, recruboDocument);
    const { client } = recruboClient({ retry: false, fetch });

    await expect(client.organizations.delete(orgId)).resolves.toBeUndefined();
  });

  test("delete refuses a 200 whose body is not JSON: something other than the API answered", async () => {
    const { fetch } = answering(200, "<html>Organization deleted.</html>");
    const { client } = recruboClient({ retry: false, fetch });

    const error = await rejectionOf(client.organizations.delete(orgId), UnexpectedResponseError);

    expect(error).toMatchObject({ status: 200, method: "DELETE", contentType: "text/plain;charset=UTF-8", issues: [] });
    expect(error.hint).toMatch(/may have taken effect/);
  });
});

describe("recrubo.raw", () => {
  test("sends the same credentials and media type as the facade", async () => {
    const { fetch } = answering();
    const { client } = recruboClient({ retry: false, fetch });

    const listed = await client.raw.GET(collectionPath);
    const created = await client.raw.POST(collectionPath, {
      body: { data: { type: "organizations", attributes: { name: "Test Org" } } },
    });

    expect(listed.response.ok).toBe(true);
    expect(created.data).toEqual(recruboDocument);
    const [get, post] = fetch.mock.calls.map(([request]) => request);
    expect(get?.headers.get("authorization")).toBe(`Bearer ${partnerKey}`);
    expect(get?.headers.get("accept")).toBe(mediaType);
    expect(get?.headers.get("content-type")).toBeNull();
    expect(post?.headers.get("authorization")).toBe(`Bearer ${partnerKey}`);
    expect(post?.headers.get("accept")).toBe(mediaType);
    expect(post?.headers.get("content-type")).toBe(mediaType);
    expect(await post?.json()).toEqual({ data: { type: "organizations", attributes: { name: "Test Org" } } });
  });
});
