import { inspect } from "node:util";
import nock from "nock";
import { describe, expect, test } from "vitest";
import { AuthenticationError, BadRequestError, ConnectionError, PermissionDeniedError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { scripted } from "../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  clientId,
  clientSecret,
  orgId,
  partnerKey,
  recruboBaseUrl,
  recruboDocument,
  recruboOrganization,
  refreshToken,
  tokenResponse,
  webhookSecret,
} from "../support/fixtures.js";
import { logged, spyLogger } from "../support/logger.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";

const organizationToken = recruboOrganization.attributes.token;
const secondAccessToken = "Zr0pX2nLw8QvT4cJ6yHbM1kD9sF3gA7eU5iO0tRq";
const basicCredentials = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
const collectionPath = "/public/v2/management/organizations/";
const memberPath = `${collectionPath}${orgId}`;
const jsonApi = { "content-type": "application/vnd.api+json" };
const secrets = {
  partnerKey,
  clientId,
  clientSecret,
  accessToken,
  refreshToken,
  secondAccessToken,
  basicCredentials,
  webhookSecret,
  organizationToken,
};

/** Every way an error can end up in a log or a bug report. */
function renderings(error: unknown): Record<string, string> {
  return {
    message: error instanceof Error ? error.message : String(error),
    inspect: inspect(error, { depth: 10 }),
    json: JSON.stringify(error),
    stack: error instanceof Error ? String(error.stack) : "",
  };
}

/** Fails naming the secret and where it showed up. */
function expectNoSecret(texts: Record<string, string>): void {
  const leaks = Object.entries(texts).flatMap(([where, text]) =>
    Object.entries(secrets)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => `${name} in ${where}`),
  );
  expect(leaks).toEqual([]);
}

describe("Recrubo redaction", () => {
  test.each([
    { case: "a string", apiKey: partnerKey },
    { case: "a function", apiKey: () => partnerKey },
    { case: "an async function", apiKey: async () => partnerKey },
  ])("an API key given as $case and echoed in an error is masked everywhere", async ({ apiKey }) => {
    const echoed = `The key ${partnerKey} is not a partner key.`;
    const scope = nock(recruboBaseUrl)
      .get(memberPath)
      .matchHeader("authorization", `Bearer ${partnerKey}`)
      .reply(401, { errors: [{ code: "unauthorized", status: 401, title: "Unauthorized", detail: echoed }] }, jsonApi);
    const logger = spyLogger();
    const client = recruboClient({ apiKey, retry: false, logger }).client;

    const error = await rejectionOf(client.organizations.get(orgId), Error);

    scope.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      message: naming("401", `GET ${recruboBaseUrl}${memberPath}`, "The key [REDACTED] is not a partner key."),
      details: [{ code: "unauthorized", title: "Unauthorized", message: "The key [REDACTED] is not a partner key." }],
      body: {
        errors: [
          {
            code: "unauthorized",
            status: 401,
            title: "Unauthorized",
            detail: "The key [REDACTED] is not a partner key.",
          },
        ],
      },
    });
    expectNoSecret({
      ...renderings(error),
      client: inspect(client, { depth: 10 }),
      log: JSON.stringify(logged(logger)),
    });
    expect(JSON.stringify(logged(logger))).toContain(`GET ${recruboBaseUrl}${memberPath} -> 401`);
  });

  test("the raw scheme's key echoed back is masked too", async () => {
    const scope = nock(recruboBaseUrl)
      .get(collectionPath)
      .matchHeader("authorization", partnerKey)
      .reply(
        403,
        { errors: [{ status: 403, title: "Forbidden", detail: `Authorization: ${partnerKey} may not list.` }] },
        jsonApi,
      );
    const client = recruboClient({ authScheme: "raw", retry: false }).client;

    const error = await rejectionOf(client.organizations.list(), Error);

    scope.done();
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ details: [{ message: "Authorization: [REDACTED] may not list." }] });
    expectNoSecret(renderings(error));
  });

  test("secrets in an error body are masked by their field names in ApiError.body", async () => {
    const body = {
      errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail: "Invalid webhook." }],
      meta: { data: { attributes: { name: "Test Org", webhookSecret, token: organizationToken }, apiKey: partnerKey } },
    };
    const scope = nock(recruboBaseUrl).patch(memberPath).reply(400, body, jsonApi);
    const client = recruboClient({ retry: false }).client;

    const error = await rejectionOf(
      client.organizations.update(orgId, { webhookUrl: "https://hooks.example.com/recrubo", webhookSecret }),
      Error,
    );

    scope.done();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      body: {
        meta: {
          data: {
            attributes: { name: "Test Org", webhookSecret: "[REDACTED]", token: "[REDACTED]" },
            apiKey: "[REDACTED]",
          },
        },
      },
    });
    expectNoSecret(renderings(error));
  });

  test("a webhookSecret and token echoed in an object detail stay out of the message", async () => {
    const detail = { attributes: { webhookSecret, token: organizationToken }, reason: "secret too weak" };
    const scope = nock(recruboBaseUrl)
      .patch(memberPath)
      .reply(400, { errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail }] }, jsonApi);
    const client = recruboClient({ retry: false }).client;

    const error = await rejectionOf(
      client.organizations.update(orgId, { webhookUrl: "https://hooks.example.com/recrubo", webhookSecret }),
      Error,
    );

    scope.done();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ message: expect.stringContaining("secret too weak") });
    expectNoSecret(renderings(error));
  });

  test("the webhookSecret the caller sent, echoed in a text detail, stays out of the error", async () => {
    const scope = nock(recruboBaseUrl)
      .post(collectionPath)
      .reply(
        400,
        {
          errors: [
            {
              code: "bad_request",
              status: 400,
              title: "Bad Request",
              detail: `webhookSecret "${webhookSecret}" must be 32 characters or more.`,
            },
          ],
        },
        jsonApi,
      );
    const client = recruboClient({ retry: false }).client;

    const error = await rejectionOf(
      client.organizations.create({ name: "Test Org", webhookUrl: "https://hooks.example.com/recrubo", webhookSecret }),
      Error,
    );

    scope.done();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ message: expect.stringContaining("must be 32 characters or more.") });
    expectNoSecret(renderings(error));
  });

  test("an organization token the client received, echoed later in a text detail, stays out of the error", async () => {
    const scope = nock(recruboBaseUrl)
      .post(`/public/v2/management/refresh-token/${orgId}`)
      .reply(200, recruboDocument, jsonApi)
      .delete(memberPath)
      .reply(
        409,
        {
          errors: [
            { code: "conflict", status: 409, title: "Conflict", detail: `Token ${organizationToken} is in use.` },
          ],
        },
        jsonApi,
      );
    const client = recruboClient({ retry: false }).client;

    const refreshed = await client.organizations.refreshToken(orgId);
    expect(refreshed.attributes.token).toBe(organizationToken);
    const error = await rejectionOf(client.organizations.delete(orgId), Error);

    scope.done();
    expect(error).toMatchObject({ status: 409, message: expect.stringContaining("is in use.") });
    expectNoSecret(renderings(error));
  });

  test("inspecting a client that has sent its key shows no secret", async () => {
    const scope = nock(recruboBaseUrl).get(memberPath).reply(200, recruboDocument, jsonApi);
    const client = recruboClient({ retry: false }).client;

    await client.organizations.get(orgId);

    scope.done();
    const shown = inspect(client, { depth: 10, showHidden: true });
    expect(shown).toContain("organizations");
    expect(shown).not.toContain(partnerKey);
  });
});

describe("Blynk redaction", () => {
  function tokenEndpoint() {
    return nock(blynkBaseUrl).post("/oauth2/token").basicAuth({ user: clientId, pass: clientSecret });
  }

  test("a client id and secret echoed by the token endpoint are masked everywhere", async () => {
    const scope = tokenEndpoint()
      .query({ grant_type: "client_credentials" })
      .reply(401, {
        error: "invalid_client",
        error_description: `Client ID ${clientId} with secret ${clientSecret} is not found.`,
      });
    const logger = spyLogger();
    const client = blynkClient({ auth: { clientId, clientSecret }, retry: false, logger }).client;

    const error = await rejectionOf(client.organizations.profile(), Error);

    scope.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      details: [{ code: "invalid_client", message: `Client ID [REDACTED] with secret [REDACTED] is not found.` }],
      body: { error: "invalid_client", error_description: `Client ID [REDACTED] with secret [REDACTED] is not found.` },
    });
    expectNoSecret({
      ...renderings(error),
      client: inspect(client, { depth: 10, showHidden: true }),
      log: JSON.stringify(logged(logger)),
    });
  });

  test("access and refresh tokens stay out of errors, bodies, logs and the client across a refresh", async () => {
    const clock = new FakeClock();
    const scope = tokenEndpoint()
      .query({ grant_type: "client_credentials" })
      .reply(200, tokenResponse)
      .get("/api/v1/organization/profile")
      .matchHeader("authorization", `Bearer ${accessToken}`)
      .reply(200, blynkOrganization);
    const logger = spyLogger();
    const client = blynkClient({ auth: { clientId, clientSecret }, retry: false, logger, clock }).client;

    await client.organizations.profile();
    clock.advance(tokenResponse.expires_in * 1000);
    scope
      .post("/oauth2/token")
      .query({ grant_type: "refresh_token", refresh_token: refreshToken })
      .reply(400, { error: "invalid_grant", error_description: `Refresh token ${refreshToken} was already used.` })
      .post("/oauth2/token")
      .query({ grant_type: "client_credentials" })
      .reply(200, { ...tokenResponse, access_token: secondAccessToken, refresh_token: null })
      .get("/api/v1/organization")
      .query({ orgId: "7" })
      .matchHeader("authorization", `Bearer ${secondAccessToken}`)
      .reply(403, {
        error: { message: `Token ${secondAccessToken} (refresh ${refreshToken}) lacks the Platform API scope.` },
      });
    const error = await rejectionOf(client.organizations.get(7), Error);

    scope.done();
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      message: naming(
        "403",
        `GET ${blynkBaseUrl}/api/v1/organization?orgId=7`,
        "Token [REDACTED] (refresh [REDACTED]) lacks the Platform API scope.",
      ),
      body: { error: { message: "Token [REDACTED] (refresh [REDACTED]) lacks the Platform API scope." } },
    });
    const log = JSON.stringify(logged(logger));
    expect(log).toContain(`POST ${blynkBaseUrl}/oauth2/token?grant_type=refresh_token&refresh_token=[REDACTED] -> 400`);
    expectNoSecret({ ...renderings(error), client: inspect(client, { depth: 10, showHidden: true }), log });
  });

  test("an access token the caller manages is masked when echoed", async () => {
    const scope = nock(blynkBaseUrl)
      .get("/api/v1/organization/profile")
      .reply(401, { error: { message: `Token ${accessToken} has expired.` } });
    const client = blynkClient({ auth: { accessToken: () => accessToken }, retry: false }).client;

    const error = await rejectionOf(client.organizations.profile(), Error);

    scope.done();
    expect(error).toMatchObject({ details: [{ message: "Token [REDACTED] has expired." }] });
    expectNoSecret({ ...renderings(error), client: inspect(client, { depth: 10, showHidden: true }) });
  });

  test("a connection failure whose cause names the refresh-token URL does not leak the token", async () => {
    const clock = new FakeClock();
    // node-fetch and some proxies put the whole URL in their error messages.
    const { fetch } = scripted((request) => {
      const url = new URL(request.url);
      if (url.searchParams.get("grant_type") === "refresh_token")
        throw new TypeError(`request to ${request.url} failed, reason: socket hang up`);
      if (url.pathname === "/oauth2/token") return Response.json(tokenResponse);
      return Response.json(blynkOrganization);
    });
    const client = blynkClient({ auth: { clientId, clientSecret }, retry: false, clock, fetch }).client;

    await client.organizations.profile();
    clock.advance(tokenResponse.expires_in * 1000);
    const error = await rejectionOf(client.organizations.profile(), Error);

    expect(fetch).toHaveBeenCalledTimes(3);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ message: expect.stringContaining("socket hang up") });
    expectNoSecret(renderings(error));
  });
});
