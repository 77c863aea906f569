import { inspect } from "node:util";
import { describe, expect, test, vi } from "vitest";
import {
  AuthenticationError,
  createBlynkClient,
  createRecruboClient,
  OrgkitError,
  UnexpectedResponseError,
} from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { scripted } from "../../support/fetches.js";
import {
  accessToken,
  blynkOrganization,
  clientId,
  clientSecret,
  orgId,
  partnerKey,
  recruboOrganization,
  tokenResponse,
} from "../../support/fixtures.js";
import { rejectionOf } from "../../support/rejection.js";

const proxyPage = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
const listDocument = {
  data: [recruboOrganization],
  meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
};

/** A fetch answering every request with `body` as the content type says, with `status`. */
function answering(body: string, contentType = "application/json", status = 200) {
  return scripted(() => new Response(body, { status, headers: { "content-type": contentType } })).fetch;
}

/** A Recrubo client without retries, unless `retrying`. */
function recrubo(fetch: (request: Request) => Promise<Response>, retrying = false) {
  return createRecruboClient({
    apiKey: partnerKey,
    fetch,
    clock: new FakeClock(),
    ...(retrying ? {} : { retry: false }),
  });
}

function blynk(fetch: (request: Request) => Promise<Response>) {
  return createBlynkClient({ auth: { accessToken }, fetch, retry: false });
}

describe("a success whose body is not JSON", () => {
  test.each([
    { case: "a proxy's HTML page", body: proxyPage, contentType: "text/html" },
    {
      case: "a truncated JSON body",
      body: JSON.stringify(listDocument).slice(0, 40),
      contentType: "application/vnd.api+json",
    },
  ])("becomes an UnexpectedResponseError naming status and content type: $case", async ({ body, contentType }) => {
    const error = await rejectionOf(
      recrubo(answering(body, contentType)).organizations.list(),
      UnexpectedResponseError,
    );

    expect(error).toBeInstanceOf(OrgkitError);
    expect(error).toMatchObject({ status: 200, method: "GET", contentType, issues: [], body: undefined });
    expect(error.message).toBe(
      `200 OK: GET https://api.recrubo.app/public/v2/management/organizations/: the response is not JSON (content-type ${contentType}).`,
    );
    expect(error.hint).toMatch(/proxy/);
    expect(error.message).not.toContain("Unexpected token"); // no engine message quoting the body
  });

  test("is retried like a 5xx when the method is safe, and the call succeeds", async () => {
    const { fetch } = scripted(
      () => new Response(proxyPage, { headers: { "content-type": "text/html" } }),
      () => Response.json(listDocument),
    );

    await expect(recrubo(fetch, true).organizations.list()).resolves.toEqual(listDocument);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  test("is not retried for a POST, whose hint says it may have taken effect", async () => {
    const fetch = answering(proxyPage, "text/html", 201);

    const error = await rejectionOf(
      recrubo(fetch, true).organizations.create({ name: "Test Org" }),
      UnexpectedResponseError,
    );

    expect(fetch).toHaveBeenCalledOnce();
    expect(error.hint).toMatch(/POST may have taken effect/);
  });

  test("from the token endpoint, becomes an UnexpectedResponseError before any API call", async () => {
    const fetch = vi.fn(async (request: Request) =>
      new URL(request.url).pathname === "/oauth2/token"
        ? new Response(proxyPage, { headers: { "content-type": "text/html" } })
        : Response.json(blynkOrganization),
    );
    const client = createBlynkClient({ auth: { clientId, clientSecret }, fetch, retry: false });

    const error = await rejectionOf(client.organizations.profile(), UnexpectedResponseError);

    expect(error).toMatchObject({ status: 200, method: "POST", contentType: "text/html" });
    expect(fetch).toHaveBeenCalledOnce();
  });

  test("through raw too: a typed error rather than openapi-fetch's SyntaxError", async () => {
    const client = recrubo(answering(proxyPage, "text/html"));

    await expect(client.raw.GET("/public/v2/management/organizations/")).rejects.toBeInstanceOf(
      UnexpectedResponseError,
    );
  });
});

describe("a success without the envelope the spec gives", () => {
  test.each([
    { case: "{}", body: {}, issues: [{ field: "body.data", rule: "required" }] },
    { case: "{ data: null }", body: { data: null, meta: {} }, issues: [{ field: "body.data", rule: "type" }] },
    {
      case: "a resource without attributes",
      body: { data: { id: orgId, type: "organizations" }, meta: {} },
      issues: [{ field: "body.data.attributes", rule: "required" }],
    },
    {
      case: "an attribute of the wrong type",
      body: { data: { ...recruboOrganization, attributes: { ...recruboOrganization.attributes, name: 42 } }, meta: {} },
      issues: [{ field: "body.data.attributes.name", rule: "type" }],
    },
  ])("Recrubo get answering $case fails with the issues", async ({ body, issues }) => {
    const error = await rejectionOf(
      recrubo(answering(JSON.stringify(body))).organizations.get(orgId),
      UnexpectedResponseError,
    );

    expect(error.issues.map(({ field, rule }) => ({ field, rule }))).toEqual(issues);
    expect(error.message).toMatch(/the response does not match the spec: body\.data/);
  });

  test("keeps the body it refused, secrets masked", async () => {
    const body = {
      data: { ...recruboOrganization, attributes: { ...recruboOrganization.attributes, name: 42 } },
      meta: {},
    };

    const error = await rejectionOf(
      recrubo(answering(JSON.stringify(body))).organizations.get(orgId),
      UnexpectedResponseError,
    );

    expect(error.body).toEqual({
      ...body,
      data: { ...body.data, attributes: { ...body.data.attributes, token: "[REDACTED]" } },
    });
  });

  test.each([
    { case: "without content", body: { totalElements: 3 }, field: "body.content" },
    { case: "without totalElements", body: { content: [blynkOrganization] }, field: "body.totalElements" },
    {
      case: "with an item lacking its name",
      body: { content: [{ ...blynkOrganization, name: undefined }], totalElements: 1 },
      field: "body.content[0].name",
    },
  ])("a Blynk page $case fails rather than ending the paging silently", async ({ body, field }) => {
    const fetch = answering(JSON.stringify(body));

    const error = await rejectionOf(
      blynk(fetch).organizations.items({ query: "acme" })[Symbol.asyncIterator]().next(),
      UnexpectedResponseError,
    );

    expect(error.issues.map((issue) => issue.field)).toEqual([field]);
  });

  test("unknown members are tolerated, and values inside known ones are not judged", async () => {
    const answer = { ...blynkOrganization, isActive: true, unitSystem: "SI", address: null };

    await expect(blynk(answering(JSON.stringify(answer))).organizations.get(1)).resolves.toEqual(answer);
  });

  test("an empty 200 where a body is expected fails as missing", async () => {
    const error = await rejectionOf(blynk(answering("")).organizations.profile(), UnexpectedResponseError);

    expect(error.issues).toEqual([{ field: "body", rule: "type", message: "must be an object" }]);
  });

  test.each([
    { case: "without access_token", token: { ...tokenResponse, access_token: undefined }, field: "body.access_token" },
    {
      case: "with a token that is not a string",
      token: { ...tokenResponse, access_token: { value: "x" } },
      field: "body.access_token",
    },
    { case: "without expires_in", token: { ...tokenResponse, expires_in: undefined }, field: "body.expires_in" },
  ])("a token answer $case fails, and a later call still works", async ({ token, field }) => {
    let tokenCalls = 0;
    const fetch = vi.fn(async (request: Request) => {
      if (new URL(request.url).pathname !== "/oauth2/token") return Response.json(blynkOrganization);
      return Response.json(++tokenCalls === 1 ? token : tokenResponse);
    });
    const client = createBlynkClient({ auth: { clientId, clientSecret }, fetch, retry: false });

    const error = await rejectionOf(client.organizations.profile(), UnexpectedResponseError);

    expect(error.issues.map((issue) => issue.field)).toEqual([field]);
    expect(inspect(error, { depth: 10 })).not.toContain("[object Object]");
    await expect(client.organizations.profile()).resolves.toEqual(blynkOrganization);
  });

  test("a token that a header cannot carry is refused as an AuthenticationError that does not show it", async () => {
    const unusable = "eIdWHQqRfFmvP5LD\r\nX-Injected: yes";
    const fetch = vi.fn(async () => Response.json({ ...tokenResponse, access_token: unusable }));
    const client = createBlynkClient({ auth: { clientId, clientSecret }, fetch, retry: false });

    const error = await rejectionOf(client.organizations.profile(), AuthenticationError);

    expect(error.message).toMatch(/access_token must be printable ASCII/);
    expect(fetch).toHaveBeenCalledOnce(); // the API was never called with it
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack)]) {
      expect(text).not.toContain("eIdWHQqRfFmvP5LD");
    }
  });
});
