import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createBlynkClient,
  createRecruboClient,
  NotFoundError,
  OrgkitError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "../src/index.js";
import { accessToken, blynkBaseUrl, orgId, partnerKey, recruboBaseUrl } from "./support/fixtures.js";
import { rejectionOf } from "./support/rejection.js";

const orgPath = "/api/v1/organization";
const orgUrl = `${blynkBaseUrl}${orgPath}?orgId=7`;
const collectionPath = "/public/v2/management/organizations/";
const notFoundMessage = "Organization is not found or you don't have access to it.";
const scopeMessage = "Platform API scope is not enabled for this oauth client.";
const jsonApi = { "content-type": "application/vnd.api+json" };

function blynk() {
  return createBlynkClient({ auth: { accessToken }, retry: false });
}

function recrubo() {
  return createRecruboClient({ apiKey: partnerKey, retry: false });
}

/** Blynk answers GET /api/v1/organization?orgId=7 with `status`, `body` and `headers`. */
function blynkAnswers(status: number, body?: string | Record<string, unknown>, headers: Record<string, string> = {}) {
  return nock(blynkBaseUrl).get(orgPath).query({ orgId: "7" }).reply(status, body, headers);
}

describe("ApiError", () => {
  test("a Blynk 404 becomes a NotFoundError carrying status, method, url, request id, body and details", async () => {
    const scope = blynkAnswers(404, { error: { message: notFoundMessage } }, { "x-request-id": "req-4f2a" });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.name).toBe("NotFoundError");
    expect(error.message).toBe(`404 Not Found: GET ${orgUrl}: ${notFoundMessage}`);
    expect(error.status).toBe(404);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(orgUrl);
    expect(error.requestId).toBe("req-4f2a");
    expect(error.body).toEqual({ error: { message: notFoundMessage } });
    expect(error.details).toEqual([{ message: notFoundMessage }]);
    expect(error.hint).toBe("Check the id: the resource does not exist or these credentials may not see it.");
    expect(error.retryAfterMs).toBeUndefined();
  });

  test("a Blynk 403 for a missing Platform API scope becomes a PermissionDeniedError", async () => {
    const scope = blynkAnswers(403, { error: { message: scopeMessage } });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.name).toBe("PermissionDeniedError");
    expect(error.status).toBe(403);
    expect(error.message).toBe(`403 Forbidden: GET ${orgUrl}: ${scopeMessage}`);
    expect(error.details).toEqual([{ message: scopeMessage }]);
    expect(error.requestId).toBeUndefined();
  });

  test.each([
    { status: 400, reason: "Bad Request", ErrorClass: BadRequestError, name: "BadRequestError" },
    { status: 422, reason: "Unprocessable Entity", ErrorClass: BadRequestError, name: "BadRequestError" },
    { status: 401, reason: "Unauthorized", ErrorClass: AuthenticationError, name: "AuthenticationError" },
    { status: 409, reason: "Conflict", ErrorClass: ConflictError, name: "ConflictError" },
    { status: 429, reason: "Too Many Requests", ErrorClass: RateLimitError, name: "RateLimitError" },
    { status: 500, reason: "Internal Server Error", ErrorClass: ServerError, name: "ServerError" },
    { status: 502, reason: "Bad Gateway", ErrorClass: ServerError, name: "ServerError" },
    { status: 503, reason: "Service Unavailable", ErrorClass: ServerError, name: "ServerError" },
  ])("a Blynk $status becomes a $name", async ({ status, reason, ErrorClass, name }) => {
    const message = `Blynk said ${status}`;
    const scope = blynkAnswers(status, { error: { message } });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${status} ${reason}: GET ${orgUrl}: ${message}`);
    expect(error.details).toEqual([{ message }]);
  });

  test("a 401 is answered once: an access token the caller manages is not refreshed", async () => {
    const scope = blynkAnswers(401, { error: { message: "Invalid token." } });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.hint).toMatch(/OAuth2 client id and secret/);
  });

  test("a 429 becomes a RateLimitError whose retryAfterMs comes from Retry-After", async () => {
    const scope = blynkAnswers(429, { error: { message: "Too many requests." } }, { "retry-after": "30" });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.hint).toBe("Slow down: the server asked to wait 30 s.");
  });

  test("an unlisted status becomes a plain ApiError", async () => {
    const scope = blynkAnswers(418, { error: { message: "I am a teapot." } });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error.constructor).toBe(ApiError);
    expect(error.name).toBe("ApiError");
    expect(error.status).toBe(418);
    expect(error.message.startsWith("418 ")).toBe(true);
    expect(error.message.endsWith(`: GET ${orgUrl}: I am a teapot.`)).toBe(true);
    expect(error.hint).toBe(`Unexpected status from ${orgUrl}.`);
  });

  test("every status error is an ApiError, an OrgkitError and an Error", async () => {
    for (const status of [400, 401, 403, 404, 409, 418, 429, 500]) {
      blynkAnswers(status, { error: { message: "no" } });
      const error = await rejectionOf(blynk().organizations.get(7), ApiError);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toBeInstanceOf(OrgkitError);
      expect(error).toBeInstanceOf(Error);
      expect(error.stack).toContain(error.name);
    }
  });

  test("a Recrubo JSON:API error document gives details with code, title and message", async () => {
    const body = {
      errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail: "The name has already been taken." }],
    };
    const scope = nock(recruboBaseUrl)
      .post(collectionPath)
      .reply(400, body, { "content-type": "application/vnd.api+json" });

    const error = await rejectionOf(recrubo().organizations.create({ name: "Test Org" }), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.details).toEqual([
      { code: "bad_request", title: "Bad Request", message: "The name has already been taken." },
    ]);
    expect(error.body).toEqual(body);
    expect(error.message).toBe(
      `400 Bad Request: POST ${recruboBaseUrl}${collectionPath}: bad_request: The name has already been taken.`,
    );
  });

  test("a Recrubo detail that is an object is kept in the message as JSON", async () => {
    const detail = { error: { message: "Invalid parameter", type: "OAuthException", code: 100 } };
    const body = { errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail }] };
    const scope = nock(recruboBaseUrl)
      .post(collectionPath)
      .reply(400, body, { "content-type": "application/vnd.api+json" });

    const error = await rejectionOf(recrubo().organizations.create({ name: "Test Org" }), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.details).toEqual([
      { code: "bad_request", title: "Bad Request", message: `Bad Request: ${JSON.stringify(detail)}` },
    ]);
    expect(error.body).toEqual(body);
  });

  test("a Recrubo 422, 401 and 409 map to their classes with every error object as a detail", async () => {
    const errors = [
      { code: "invalid", status: 422, title: "Unprocessable Entity", detail: "name is too long" },
      { code: "invalid", status: 422, title: "Unprocessable Entity", detail: "webhookUrl is not a URL" },
    ];
    nock(recruboBaseUrl).get(`${collectionPath}${orgId}`).reply(422, { errors });
    nock(recruboBaseUrl)
      .get(`${collectionPath}${orgId}`)
      .reply(401, { errors: [{ code: "unauthorized", status: 401, title: "Unauthorized" }] });
    nock(recruboBaseUrl)
      .get(`${collectionPath}${orgId}`)
      .reply(409, { errors: [{ status: 409, title: "Conflict", detail: "busy" }] });
    const client = recrubo();

    const invalid = await rejectionOf(client.organizations.get(orgId), ApiError);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect(invalid.details.map((detail) => detail.message)).toEqual(["name is too long", "webhookUrl is not a URL"]);
    expect(invalid.message).toBe(
      `422 Unprocessable Entity: GET ${recruboBaseUrl}${collectionPath}${orgId}: invalid: name is too long; invalid: webhookUrl is not a URL`,
    );

    const refused = await rejectionOf(client.organizations.get(orgId), ApiError);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused.details).toEqual([{ code: "unauthorized", title: "Unauthorized", message: "Unauthorized" }]);
    expect(refused.hint).toMatch(/partner key/);

    const conflict = await rejectionOf(client.organizations.get(orgId), ApiError);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.details).toEqual([{ title: "Conflict", message: "busy" }]);
  });

  test("an HTML error page still gives the status's class and a message that says what to do", async () => {
    const page = "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
    const scope = blynkAnswers(502, page, { "content-type": "text/html" });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBe(page);
    expect(error.details).toEqual([]);
    expect(error.message).toBe(`502 Bad Gateway: GET ${orgUrl}: ${error.hint}`);
    expect(error.hint).toMatch(/^The server failed; try again later/);
  });

  test("a short plain-text body becomes the detail", async () => {
    const scope = blynkAnswers(403, "Forbidden by gateway policy", { "content-type": "text/plain" });

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.details).toEqual([{ message: "Forbidden by gateway policy" }]);
    expect(error.message).toBe(`403 Forbidden: GET ${orgUrl}: Forbidden by gateway policy`);
  });

  test("an empty body still gives the status's class and the hint as the message", async () => {
    const scope = blynkAnswers(404);

    const error = await rejectionOf(blynk().organizations.get(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect([undefined, ""]).toContain(error.body);
    expect(error.details).toEqual([]);
    expect(error.message).toBe(
      `404 Not Found: GET ${orgUrl}: Check the id: the resource does not exist or these credentials may not see it.`,
    );
  });

  test("an empty Recrubo 401 names the key as the thing to check", async () => {
    const scope = nock(recruboBaseUrl).delete(`${collectionPath}${orgId}`).reply(401);

    const error = await rejectionOf(recrubo().organizations.delete(orgId), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.method).toBe("DELETE");
    expect(error.message).toBe(`401 Unauthorized: DELETE ${recruboBaseUrl}${collectionPath}${orgId}: ${error.hint}`);
    expect(error.hint).toMatch(/^Check the API key/);
  });
});

describe("failed calls", () => {
  test("raw returns the error body and the response, and the facade throws for the same answer", async () => {
    const body = { error: { message: notFoundMessage } };
    const scope = nock(blynkBaseUrl).get(orgPath).query({ orgId: "7" }).twice().reply(404, body);
    const client = blynk();

    const { data, error, response } = await client.raw.GET(orgPath, { params: { query: { orgId: 7 } } });
    expect(data).toBeUndefined();
    expect(error).toEqual(body);
    expect(response.status).toBe(404);

    await expect(client.organizations.get(7)).rejects.toBeInstanceOf(NotFoundError);
    scope.done();
  });

  test("a failed status with an empty body is not taken for a success", async () => {
    const scope = nock(blynkBaseUrl).delete(orgPath).query({ orgId: "7" }).reply(500);

    const error = await rejectionOf(blynk().organizations.delete(7), ApiError);

    scope.done();
    expect(error).toBeInstanceOf(ServerError);
    expect(error.method).toBe("DELETE");
  });
});

describe("error bodies of any shape", () => {
  test.each([
    { case: "an object with toString", title: { toString: 1 } },
    { case: "an array", title: ["a", "b"] },
    { case: "a number", title: 42 },
  ])("a Recrubo title that is $case is shown as JSON, never converted blindly", async ({ title }) => {
    const scope = nock(recruboBaseUrl)
      .get(collectionPath)
      .reply(400, { errors: [{ status: 400, title, detail: { v: "broken" } }] }, jsonApi);

    const error = await rejectionOf(recrubo().organizations.list(), BadRequestError);

    scope.done();
    expect(error.details).toEqual([{ message: `${JSON.stringify(title)}: {"v":"broken"}` }]);
  });

  test("an error document nested 100,000 levels deep gives a typed error", async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const scope = nock(blynkBaseUrl)
      .get(orgPath)
      .query({ orgId: "7" })
      .reply(500, `{"error":{"message":"deep","detail":${deep}}}`, {
        "content-type": "application/json",
      });

    const error = await rejectionOf(blynk().organizations.get(7), ServerError);

    scope.done();
    expect(error.status).toBe(500);
  });

  test("an error document nested deeper than any real one is cut when kept, without exhausting the stack", async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`;
    const scope = nock(recruboBaseUrl)
      .get(collectionPath)
      .reply(422, `{"errors":[{"status":422,"title":"Invalid","detail":${deep}}]}`, jsonApi);

    const error = await rejectionOf(recrubo().organizations.list(), BadRequestError);

    scope.done();
    expect(JSON.stringify(error.body)).toContain("[nested too deep]");
    expect(error.details[0]?.message).toMatch(/^Invalid: \{"a":/);
  });

  test("a body of tens of MB is kept on the error only to its first 64 kB", async () => {
    const page = `<html>${"x".repeat(30 * 1024 * 1024)}</html>`;
    const scope = nock(blynkBaseUrl)
      .get(orgPath)
      .query({ orgId: "7" })
      .reply(502, page, { "content-type": "text/html" });

    const error = await rejectionOf(blynk().organizations.get(7), ServerError);

    scope.done();
    expect(typeof error.body === "string" && error.body.length).toBe(64 * 1024);
    expect(error.details).toEqual([]);
  });

  test("a request id echoing a key is masked", async () => {
    const scope = nock(recruboBaseUrl)
      .get(collectionPath)
      .reply(500, { errors: [] }, { ...jsonApi, "x-request-id": `req-${partnerKey}` });

    const error = await rejectionOf(recrubo().organizations.list(), ServerError);

    scope.done();
    expect(error.requestId).toBe("req-[REDACTED]");
  });
});

describe("error names", () => {
  const unexpected = new UnexpectedResponseError({
    status: 200,
    method: "GET",
    url: `${blynkBaseUrl}${orgPath}`,
    requestId: undefined,
    contentType: "text/html",
    body: undefined,
    issues: [],
    hint: "Check baseUrl.",
    message: "200 OK: not JSON.",
  });

  test.each([
    { error: new OrgkitError("failed"), name: "OrgkitError" },
    { error: new ConnectionError("no route", { cause: new Error("ECONNREFUSED") }), name: "ConnectionError" },
    { error: new TimeoutError("too slow", 5000), name: "TimeoutError" },
    {
      error: new ValidationError([{ field: "name", rule: "required", message: "is required" }]),
      name: "ValidationError",
    },
    { error: unexpected, name: "UnexpectedResponseError" },
  ])("a $name is named so when printed", ({ error, name }) => {
    expect(error.name).toBe(name);
    expect(String(error)).toBe(`${name}: ${error.message}`);
    expect(error).toBeInstanceOf(OrgkitError);
  });
});
