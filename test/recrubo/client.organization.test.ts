import { inspect } from "node:util";
import { describe, expect, test, vi } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RecruboClient,
  type RecruboClientOptions,
  type RecruboOrganization,
  type RecruboUpdateAttributes,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "../../src/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { hangingFetch, recordingFetch, scripted } from "../support/fetches.js";
import { orgId, recruboBaseUrl, recruboList, recruboOrganization } from "../support/fixtures.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";
import { untyped } from "../support/untyped.js";

// `organization`: the facade over the standard routes, for an organization's own key (the `token`
// that create returns), against the sandbox unless a test needs an answer the sandbox never gives.

const ownPath = "/public/v2/organizations";
const webhookUrl = "https://hooks.example.com/recrubo";
const webhookSecret = "whsec_own_8c1f4e7a2b9d5036";
const otherId = "00000000-0000-4000-8000-000000000000";
const ownKey = "own_org_token_4Kq9";

/** A sandbox, a partner client, and an organization the partner created (its token included). */
async function setup() {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock, recrubo: { organizations: 3 } });
  const { client: partner } = recruboClient({ sandbox, fetch: sandbox.fetch, clock, retry: false });
  const created = await partner.organizations.create({ name: "Own Org" });
  const token = created.attributes.token;
  if (!token) throw new Error("create should return the organization's token");
  const recorder = recordingFetch(sandbox.fetch);
  const own = (options: Partial<RecruboClientOptions> = {}) =>
    recruboClient({ apiKey: token, fetch: recorder.fetch, clock, ...options }).client;
  return { sandbox, partner, created, token, clock, own, ...recorder };
}

/** An answer of the standard routes: `body` as JSON:API, with `status`. */
const jsonApi = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "content-type": "application/vnd.api+json" } });

/** The organization as the standard routes show it: the token left out. */
function withoutToken(organization: RecruboOrganization): RecruboOrganization {
  const { token: _, ...attributes } = organization.attributes;
  return { ...organization, attributes };
}

describe("recrubo.organization.get", () => {
  test("returns the key's own organization from the list route, without its token", async () => {
    const { own, created, token, requests, lines } = await setup();

    const organization = await own().organization.get();

    expect(organization).toEqual(withoutToken(created));
    expect(organization.attributes).not.toHaveProperty("token");
    expect(lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`]);
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${token}`);
  });

  test("sends the organization key bare with authScheme raw", async () => {
    const { own, created, token, requests } = await setup();

    await expect(own({ authScheme: "raw" }).organization.get()).resolves.toMatchObject({ id: created.id });

    expect(requests[0]?.headers.get("authorization")).toBe(token);
  });

  test("a partner key gets an AuthenticationError: the standard routes take an organization's own key", async () => {
    const { sandbox, lines } = await setup();
    const recorder = recordingFetch(sandbox.fetch);
    const { client: partnerAsOwn } = recruboClient({ sandbox, fetch: recorder.fetch, retry: false });

    const error = await rejectionOf(partnerAsOwn.organization.get(), AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${recruboBaseUrl}${ownPath}`);
    expect(error.hint).toMatch(/`organization` \(standard routes\) the organization's own token/);
    expect(error.message).not.toContain(sandbox.credentials.recrubo.apiKey);
    expect(recorder.lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`]);
    expect(lines()).toEqual([]);
  });

  test("a key the service does not know gets an AuthenticationError that does not show it", async () => {
    const { own } = await setup();
    const wrongKey = "not_a_known_token_7Hd2Lq";

    const error = await rejectionOf(own({ apiKey: wrongKey, retry: false }).organization.get(), AuthenticationError);

    expect(error.status).toBe(401);
    expect(`${error.message}\n${inspect(error, { depth: 10 })}`).not.toContain(wrongKey);
  });

  test("a refreshed token stops the old key at once", async () => {
    const { own, partner, created } = await setup();

    const refreshed = await partner.organizations.refreshToken(created.id);

    await expect(own({ retry: false }).organization.get()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(own({ apiKey: refreshed.attributes.token ?? "" }).organization.get()).resolves.toMatchObject({
      id: created.id,
    });
  });

  test.each([
    { case: "no organization", data: [], rule: "minItems" },
    {
      case: "two organizations",
      data: [recruboOrganization, { ...recruboOrganization, id: otherId }],
      rule: "maxItems",
    },
  ])("an own list holding $case is an UnexpectedResponseError, not a guess", async ({ data, rule }) => {
    const { fetch } = scripted(() => jsonApi(recruboList(data)));
    const { client } = recruboClient({ apiKey: ownKey, fetch, retry: false });

    const error = await rejectionOf(client.organization.get(), UnexpectedResponseError);

    expect(error.status).toBe(200);
    expect(error.issues.map((issue) => ({ field: issue.field, rule: issue.rule }))).toEqual([
      { field: "body.data", rule },
    ]);
    expect(fetch).toHaveBeenCalledOnce();
  });

  test("an own list of one organization is that organization, whatever its meta says", async () => {
    const { fetch } = scripted(() => jsonApi(recruboList([recruboOrganization], 7)));
    const { client } = recruboClient({ apiKey: ownKey, fetch, retry: false });

    await expect(client.organization.get()).resolves.toEqual(recruboOrganization);
  });

  test("a per-call timeoutMs ends an attempt that does not answer with a TimeoutError", async () => {
    const { client } = recruboClient({ apiKey: ownKey, fetch: hangingFetch(), retry: false });

    const error = await rejectionOf(client.organization.get({ timeoutMs: 20 }), TimeoutError);

    expect(error.timeoutMs).toBe(20);
    expect(error.message).toEqual(naming(`GET ${recruboBaseUrl}${ownPath}`, "20 ms"));
  });
});

describe("recrubo.organization.update", () => {
  test("without id, reads the id from the list, then patches it: two requests", async () => {
    const { own, sandbox, created, requests, lines } = await setup();

    const updated = await own().organization.update({ webhookUrl, webhookSecret });

    expect(lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`, `PATCH ${recruboBaseUrl}${ownPath}/${created.id}`]);
    expect(JSON.parse(requests[1]!.body)).toEqual({
      data: { id: created.id, type: "organizations", attributes: { webhookUrl, webhookSecret } },
    });
    expect(requests[1]?.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(updated.id).toBe(created.id);
    expect(updated.attributes).toMatchObject({ name: "Own Org", webhookUrl, webhookSecret });
    expect(updated.attributes).not.toHaveProperty("token");
    expect(sandbox.recrubo.organizations().find((record) => record.id === created.id)).toMatchObject({
      webhookUrl,
      webhookSecret,
    });
  });

  test("with id, patches at once: one request, data.id in the body", async () => {
    const { own, created, requests, lines } = await setup();

    const updated = await own().organization.update({ name: "Own Org Renamed" }, { id: created.id });

    expect(lines()).toEqual([`PATCH ${recruboBaseUrl}${ownPath}/${created.id}`]);
    expect(JSON.parse(requests[0]!.body)).toEqual({
      data: { id: created.id, type: "organizations", attributes: { name: "Own Org Renamed" } },
    });
    expect(updated.attributes.name).toBe("Own Org Renamed");
  });

  test("clears the webhook with nulls", async () => {
    const { own, created } = await setup();
    await own().organization.update({ webhookUrl, webhookSecret }, { id: created.id });

    const cleared = await own().organization.update({ webhookUrl: null, webhookSecret: null }, { id: created.id });

    expect(cleared.attributes).toMatchObject({ webhookUrl: null, webhookSecret: null });
  });

  test("sends the per-call headers with both requests of an update without id", async () => {
    const { own, requests } = await setup();

    await own().organization.update({ name: "Own Org Renamed" }, { headers: { "X-Correlation-Id": "corr-5d1" } });

    expect(requests.map((request) => request.headers.get("x-correlation-id"))).toEqual(["corr-5d1", "corr-5d1"]);
  });

  test("the id of another organization gets a NotFoundError", async () => {
    const { own, lines } = await setup();

    const error = await rejectionOf(own().organization.update({ name: "Not Mine" }, { id: otherId }), NotFoundError);

    expect(error.status).toBe(404);
    expect(lines()).toEqual([`PATCH ${recruboBaseUrl}${ownPath}/${otherId}`]);
  });

  test("without id, a partner key fails on the list with an AuthenticationError and nothing is patched", async () => {
    const { sandbox, created } = await setup();
    const recorder = recordingFetch(sandbox.fetch);
    const { client: partnerAsOwn } = recruboClient({ sandbox, fetch: recorder.fetch, retry: false });

    await rejectionOf(partnerAsOwn.organization.update({ name: "Taken Over" }), AuthenticationError);

    expect(recorder.lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`]);
    expect(sandbox.recrubo.organizations().find((record) => record.id === created.id)?.name).toBe("Own Org");
  });

  test("without id, an own list of two organizations fails before any PATCH", async () => {
    const { fetch, lines } = scripted(() =>
      jsonApi(recruboList([recruboOrganization, { ...recruboOrganization, id: otherId }])),
    );
    const { client } = recruboClient({ apiKey: ownKey, fetch, retry: false });

    await rejectionOf(client.organization.update({ name: "Which One" }), UnexpectedResponseError);

    expect(lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`]);
  });

  test("a 429 on the list is retried, then the PATCH is sent once", async () => {
    const { own, sandbox, created, clock, lines } = await setup();
    sandbox.faults.failNext(1, 429, { retryAfterSeconds: 1 });

    await expect(own().organization.update({ name: "After Retry" })).resolves.toMatchObject({
      id: created.id,
      attributes: { name: "After Retry" },
    });

    expect(lines()).toEqual([
      `GET ${recruboBaseUrl}${ownPath}`,
      `GET ${recruboBaseUrl}${ownPath}`,
      `PATCH ${recruboBaseUrl}${ownPath}/${created.id}`,
    ]);
    expect(clock.sleeps).toEqual([1000]);
  });

  test("a 429 on the PATCH is not repeated by default, as PATCH may act twice", async () => {
    const { own, sandbox, created, lines } = await setup();
    sandbox.faults.failNext(1, 429, { retryAfterSeconds: 1 });

    await rejectionOf(own().organization.update({ name: "Once" }, { id: created.id }), RateLimitError);

    expect(lines()).toHaveLength(1);
  });

  describe("refuses invalid arguments before any request, naming the field", () => {
    test.each([
      {
        case: "a webhookUrl without its secret",
        attributes: { webhookUrl },
        field: "webhookSecret",
        rule: "dependentRequired",
      },
      {
        case: "a webhookSecret without its URL",
        attributes: { webhookSecret },
        field: "webhookUrl",
        rule: "dependentRequired",
      },
      { case: "an empty name", attributes: { name: "" }, field: "name", rule: "minLength" },
      {
        case: "a webhookUrl that is not http(s)",
        attributes: { webhookUrl: "ftp://hooks.example.com/", webhookSecret },
        field: "webhookUrl",
        rule: "pattern",
      },
      {
        case: "a webhookUrl with a line break",
        attributes: { webhookUrl: "https://hooks.example.com/a\r\nb", webhookSecret },
        field: "webhookUrl",
        rule: "format",
      },
      {
        case: "a secret that is not a string",
        attributes: { webhookUrl, webhookSecret: 736120958 },
        field: "webhookSecret",
        rule: "type",
      },
      { case: "attributes that are not an object", attributes: "name=x", field: "argument", rule: "type" },
    ])("$case, with or without id", async ({ attributes, field, rule }) => {
      const { own, created, fetch } = await setup();
      const apiKey = vi.fn(() => ownKey);
      const client = own({ apiKey });

      for (const options of [undefined, { id: created.id }]) {
        const error = await rejectionOf(
          client.organization.update(untyped<RecruboUpdateAttributes>(attributes), options),
          ValidationError,
        );
        expect(error.issues.map((issue) => ({ field: issue.field, rule: issue.rule }))).toEqual([{ field, rule }]);
        expect(error.message).toMatch(/nothing was sent/);
      }
      expect(fetch).not.toHaveBeenCalled();
      expect(apiKey).not.toHaveBeenCalled();
    });

    test.each(["6e6816eb", "", "not-a-uuid", `${orgId}-00`])("an id %j that is not a UUID", async (id) => {
      const { own, fetch } = await setup();

      const error = await rejectionOf(own().organization.update({ name: "Own Org" }, { id }), ValidationError);

      expect(error.issues).toEqual([{ field: "id", rule: "format", message: naming("UUID") }]);
      expect(fetch).not.toHaveBeenCalled();
    });

    test("a bad id and half a webhook together, in one error", async () => {
      const { own, fetch } = await setup();

      const error = await rejectionOf(
        own().organization.update({ webhookUrl }, { id: untyped<string>(42) }),
        ValidationError,
      );

      expect(error.issues.map(({ field, rule }) => ({ field, rule }))).toEqual([
        { field: "id", rule: "type" },
        { field: "webhookSecret", rule: "dependentRequired" },
      ]);
      expect(fetch).not.toHaveBeenCalled();
    });

    test.each([
      { case: "a string", options: "abc", field: "argument" },
      {
        case: "a header orgkit sets itself",
        options: { headers: { Authorization: "Bearer other" } },
        field: "headers.Authorization",
      },
      { case: "a timeout no timer holds", options: { timeoutMs: 2 ** 31 }, field: "timeoutMs" },
    ])("options that are $case", async ({ options, field }) => {
      const { own, fetch } = await setup();

      const error = await rejectionOf(
        own().organization.update({ name: "Own Org" }, untyped<{ id?: string }>(options)),
        ValidationError,
      );

      expect(error.issues.map((issue) => issue.field)).toEqual([field]);
      expect(fetch).not.toHaveBeenCalled();
    });
  });
});

describe("the two facades keep to their keys", () => {
  const operations: Array<{
    name: string;
    call: (client: RecruboClient, id: string) => Promise<unknown>;
    method: string;
  }> = [
    { name: "list", call: (client) => client.organizations.list(), method: "GET" },
    { name: "get", call: (client, id) => client.organizations.get(id), method: "GET" },
    { name: "create", call: (client) => client.organizations.create({ name: "Sneaky Org" }), method: "POST" },
    {
      name: "update",
      call: (client, id) => client.organizations.update(id, { name: "Sneaky Rename" }),
      method: "PATCH",
    },
    { name: "delete", call: (client, id) => client.organizations.delete(id), method: "DELETE" },
    { name: "refreshToken", call: (client, id) => client.organizations.refreshToken(id), method: "POST" },
  ];

  test.each(operations)(
    "organizations.$name with an organization key gets a PermissionDeniedError (403)",
    async ({ call, method }) => {
      const { own, sandbox, created } = await setup();
      const before = sandbox.recrubo.organizations();

      const error = await rejectionOf(call(own({ retry: false }), created.id), PermissionDeniedError);

      expect(error).toBeInstanceOf(ApiError);
      expect(error).not.toBeInstanceOf(AuthenticationError);
      expect(error.status).toBe(403);
      expect(error.method).toBe(method);
      expect(sandbox.recrubo.organizations()).toEqual(before);
    },
  );
});

describe("the webhook secret stays out of errors", () => {
  /** Every rendering of an error a log or a crash report might show. */
  const renderings = (error: Error) => [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ];

  test("a 400 that echoes the secret sent shows it masked", async () => {
    const echo = {
      errors: [
        {
          code: "bad_request",
          status: 400,
          title: "Bad Request",
          detail: `webhookSecret ${webhookSecret} is already used`,
        },
      ],
    };
    const { fetch } = scripted(() => jsonApi(echo, 400));
    const { client } = recruboClient({ apiKey: ownKey, fetch, retry: false });

    const error = await rejectionOf(
      client.organization.update({ webhookUrl, webhookSecret }, { id: orgId }),
      BadRequestError,
    );

    expect(error.message).toContain("[REDACTED]");
    for (const text of renderings(error)) expect(text).not.toContain(webhookSecret);
  });

  test("without id, the secret is masked in an error of the PATCH after the list", async () => {
    const recorder = scripted(
      Response.json(recruboList([recruboOrganization])),
      Response.json(
        { errors: [{ status: 500, title: "Internal Server Error", detail: `could not store ${webhookSecret}` }] },
        { status: 500 },
      ),
    );
    const { client } = recruboClient({ apiKey: ownKey, fetch: recorder.fetch, retry: false });

    const error = await rejectionOf(client.organization.update({ webhookUrl, webhookSecret }), ApiError);

    expect(error.status).toBe(500);
    expect(recorder.lines()).toEqual([`GET ${recruboBaseUrl}${ownPath}`, `PATCH ${recruboBaseUrl}${ownPath}/${orgId}`]);
    for (const text of renderings(error)) expect(text).not.toContain(webhookSecret);
  });

  test("a secret received from get is masked in a later error that echoes it", async () => {
    const received = "whsec_received_3e9a61c0d4";
    const withSecret = {
      ...recruboOrganization,
      attributes: { ...recruboOrganization.attributes, webhookUrl, webhookSecret: received },
    };
    const { fetch } = scripted(
      Response.json(recruboList([withSecret])),
      Response.json(
        { errors: [{ status: 400, title: "Bad Request", detail: `the secret ${received} must change` }] },
        { status: 400 },
      ),
    );
    const { client } = recruboClient({ apiKey: ownKey, fetch, retry: false });

    await expect(client.organization.get()).resolves.toEqual(withSecret);
    const error = await rejectionOf(
      client.organization.update({ name: "Renamed Org" }, { id: orgId }),
      BadRequestError,
    );

    for (const text of renderings(error)) expect(text).not.toContain(received);
  });

  test("a refused update does not repeat the secret", async () => {
    const { own } = await setup();

    const error = await rejectionOf(own().organization.update({ webhookSecret }, { id: "6e6816eb" }), ValidationError);

    for (const text of [...renderings(error), JSON.stringify(error.issues)]) expect(text).not.toContain(webhookSecret);
  });
});
