import { describe, expect, test } from "vitest";
import { blynkErrors, tokenEndpointErrors } from "../../src/blynk/errors.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from "../../src/index.js";
import { Redactor } from "../../src/internal/redact.js";
import { apiError } from "../../src/internal/response-error.js";
import { blynkBaseUrl } from "../support/fixtures.js";
import { naming } from "../support/messages.js";

const tokenUrl = `${blynkBaseUrl}/oauth2/token?grant_type=client_credentials`;
const now = Date.parse("2026-11-23T10:00:00Z");

/** The error the token endpoint's dialect makes of an answer with `status` and `body` (JSON unless a string). */
function tokenFailure(status: number, body?: unknown, headers: Record<string, string> = {}): ApiError {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  const contentType = typeof body === "string" ? {} : { "content-type": "application/json" };
  const response = new Response(text, { status, headers: { ...contentType, ...headers } });
  Object.defineProperty(response, "url", { value: tokenUrl });
  return apiError(tokenEndpointErrors, new Redactor(), { method: "POST", url: response.url, response, body }, now);
}

const credentialsHint = /^Check the OAuth2 client id and secret .*baseUrl is the server of the region/;
const baseUrlHint = /^No Blynk token endpoint answered at this address: check baseUrl/;
const grantHint =
  /^The grant was refused: a refresh token used already or expired .* Check the client id and secret\.$/;

describe("the token endpoint's errors (RFC 6749)", () => {
  test.each([400, 401, 402, 403, 404, 405, 409, 410, 418, 422, 499])(
    "a %i is an AuthenticationError: these credentials get no token",
    (status) => {
      expect(tokenFailure(status, { error: "invalid_request", error_description: "no." })).toBeInstanceOf(
        AuthenticationError,
      );
    },
  );

  test.each([
    { status: 429, ErrorClass: RateLimitError },
    { status: 500, ErrorClass: ServerError },
    { status: 503, ErrorClass: ServerError },
  ])("a $status keeps the class of its status", ({ status, ErrorClass }) => {
    const error = tokenFailure(status, { error: { message: "Try later." } });

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    // Blynk's own error body, not an RFC 6749 one, as the Platform API's servers send it.
    expect(error.details).toEqual([{ message: "Try later." }]);
  });

  test("a 3xx that was not followed is a plain ApiError saying why", () => {
    const error = tokenFailure(308, undefined, { location: "https://fra1.blynk.cloud/oauth2/token" });

    expect(error.constructor).toBe(ApiError);
    expect(error.hint).toMatch(/Set baseUrl to https:\/\/fra1\.blynk\.cloud/);
  });

  test.each([
    { status: 400, code: "invalid_client" },
    { status: 401, code: "invalid_client" },
    { status: 400, code: "unauthorized_client" },
    { status: 403, code: "unauthorized_client" },
  ])("a $status $code says to check the client id and secret, and the region", ({ status, code }) => {
    const error = tokenFailure(status, {
      error: code,
      error_description: "Client ID is not found or password is wrong.",
    });

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.hint).toMatch(credentialsHint);
    expect(error.details).toEqual([{ code, message: "Client ID is not found or password is wrong." }]);
    expect(error.message).toBe(
      `${status} ${status === 400 ? "Bad Request" : status === 401 ? "Unauthorized" : "Forbidden"}: POST ${tokenUrl}: ${code}: Client ID is not found or password is wrong.`,
    );
  });

  test("an invalid_grant says the grant (a refresh token, or the credentials) was refused", () => {
    const error = tokenFailure(400, { error: "invalid_grant", error_description: "Refresh token is not valid." });

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.hint).toMatch(grantHint);
    expect(error.details).toEqual([{ code: "invalid_grant", message: "Refresh token is not valid." }]);
  });

  test.each(["invalid_request", "unsupported_grant_type", "invalid_scope"])(
    "any other refusal (%s) says to check the client id and secret",
    (code) => {
      expect(tokenFailure(400, { error: code, error_description: "Refused." }).hint).toMatch(credentialsHint);
    },
  );

  test.each([
    { case: "an empty 401", status: 401, body: undefined },
    { case: "a 400 that is not RFC 6749", status: 400, body: { message: "Bad request" } },
  ])("$case says to check the client id and secret", ({ status, body }) => {
    expect(tokenFailure(status, body).hint).toMatch(credentialsHint);
  });

  test.each([
    { case: "a 404 with Blynk's body", status: 404, body: { error: { message: "Not found." } }, headers: {} },
    { case: "an empty 404", status: 404, body: undefined, headers: {} },
    {
      case: "a 404 claiming invalid_client",
      status: 404,
      body: { error: "invalid_client", error_description: "Unknown client." },
      headers: {},
    },
    {
      case: "a 401 web page",
      status: 401,
      body: "<html><body>Sign in</body></html>",
      headers: { "content-type": "text/html; charset=utf-8" },
    },
    {
      case: "a 403 page without a content type",
      status: 403,
      body: "\n  <!doctype html><title>Forbidden</title>",
      headers: {},
    },
  ])("$case says baseUrl names some other server", ({ status, body, headers }) => {
    const error = tokenFailure(status, body, headers);

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.hint).toMatch(baseUrlHint);
    expect(error.hint).toContain("such as https://fra1.blynk.cloud");
  });

  test("a 401 labelled HTML says baseUrl names some other server, whatever its body starts with", () => {
    const error = tokenFailure(401, "Please sign in to continue.", { "content-type": "text/html; charset=utf-8" });

    expect(error.hint).toMatch(baseUrlHint);
  });

  test("a 401 in plain text that is no web page says to check the client id and secret", () => {
    const error = tokenFailure(401, "Unauthorized client.", { "content-type": "text/plain" });

    expect(error.hint).toMatch(credentialsHint);
    expect(error.details).toEqual([{ message: "Unauthorized client." }]);
  });

  test("a web page from a server that failed (5xx) is the server's failure, not a wrong baseUrl", () => {
    const error = tokenFailure(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {
      "content-type": "text/html",
    });

    expect(error).toBeInstanceOf(ServerError);
    expect(error.hint).toMatch(/^The server failed/);
  });

  test("an error without a description gives its code once as the message", () => {
    const error = tokenFailure(400, { error: "invalid_client" });

    expect(error.details).toEqual([{ code: "invalid_client", message: "invalid_client" }]);
    expect(error.message).toEqual(naming("400", `POST ${tokenUrl}`, "invalid_client"));
    expect(error.message.split("invalid_client")).toHaveLength(2);
  });
});

describe("the Platform API's errors", () => {
  test("a 401 is an AuthenticationError naming the client credentials, the scope and the access token", () => {
    const response = new Response(JSON.stringify({ error: { message: "Invalid token." } }), { status: 401 });
    const error = apiError(
      blynkErrors,
      new Redactor(),
      { method: "GET", url: response.url, response, body: { error: { message: "Invalid token." } } },
      now,
    );

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.details).toEqual([{ message: "Invalid token." }]);
    expect(error.hint).toMatch(
      /^Check the OAuth2 client id and secret .* Platform API scope, or the access token you passed\.$/,
    );
  });

  test.each([
    { status: 400, ErrorClass: BadRequestError },
    { status: 403, ErrorClass: PermissionDeniedError },
    { status: 404, ErrorClass: NotFoundError },
    { status: 409, ErrorClass: ConflictError },
    { status: 422, ErrorClass: BadRequestError },
    { status: 429, ErrorClass: RateLimitError },
  ])("any other 4xx ($status) keeps the class of its status", ({ status, ErrorClass }) => {
    const response = new Response(null, { status });

    const error = apiError(
      blynkErrors,
      new Redactor(),
      { method: "GET", url: response.url, response, body: undefined },
      now,
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).not.toBeInstanceOf(AuthenticationError);
  });
});
