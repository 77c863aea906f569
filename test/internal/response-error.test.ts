import { describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
} from "../../src/errors.js";
import { type ErrorDialect, fallbackDetails, jsonText, statusClass } from "../../src/internal/dialect.js";
import { Redactor } from "../../src/internal/redact.js";
import { apiError, unexpectedResponse } from "../../src/internal/response-error.js";

const url = "https://api.example.com/v1/things?key=s3cr3t-key-value";
const now = Date.parse("2026-11-25T12:00:00Z");

/** A response as fetch gives it: its URL set, as a constructed Response cannot. */
function answer(status: number, headers: Record<string, string> = {}, statusText = ""): Response {
  const response = new Response(null, { status, headers, statusText });
  Object.defineProperty(response, "url", { value: url });
  return response;
}

/** A dialect that reads `{ message }` bodies, maps statuses as HTTP does and says nothing of its own. */
const plain: ErrorDialect = {
  details: (body) => fallbackDetails(body),
  errorClass: statusClass,
  hint: () => undefined,
};

function redactor(): Redactor {
  const redactor = new Redactor();
  redactor.learn("s3cr3t-key-value", "option");
  return redactor;
}

describe("apiError", () => {
  test("builds the class, status, method, masked URL, request id, details and message", () => {
    const error = apiError(
      plain,
      redactor(),
      { method: "GET", url, response: answer(404, { "x-request-id": "req-1" }), body: { message: "No such thing." } },
      now,
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      method: "GET",
      requestId: "req-1",
      details: [{ message: "No such thing." }],
    });
    expect(error.url).not.toContain("s3cr3t-key-value");
    expect(error.message).toBe(`404 Not Found: GET ${error.url}: No such thing.`);
  });

  test("masks a secret in the body, the details and the request id", () => {
    const error = apiError(
      plain,
      redactor(),
      {
        method: "POST",
        url,
        response: answer(400, { "request-id": "s3cr3t-key-value" }),
        body: { message: "bad key s3cr3t-key-value" },
      },
      now,
    );

    expect(JSON.stringify([error.message, error.body, error.details, error.requestId])).not.toContain(
      "s3cr3t-key-value",
    );
  });

  test("uses the server's reason phrase for a status no table names, and the hint when no detail says anything", () => {
    const error = apiError(
      plain,
      redactor(),
      { method: "GET", url, response: answer(418, {}, "I'm a teapot"), body: "" },
      now,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`418 I'm a teapot: GET ${error.url}: Unexpected status from ${error.url}.`);
  });

  test("writes a detail's code before its message, once when they are the same", () => {
    const coded: ErrorDialect = {
      ...plain,
      details: () => [
        { code: "bad_request", message: "Name is too short." },
        { code: "same", message: "same" },
      ],
    };

    expect(
      apiError(coded, redactor(), { method: "GET", url, response: answer(400), body: undefined }, now).message,
    ).toMatch(/: bad_request: Name is too short\.; same$/);
  });

  test("a dialect's own hint wins over the shared one", () => {
    const own: ErrorDialect = { ...plain, hint: ({ status }) => (status === 401 ? "Check the key." : undefined) };

    expect(apiError(own, redactor(), { method: "GET", url, response: answer(401), body: undefined }, now).hint).toBe(
      "Check the key.",
    );
    expect(apiError(own, redactor(), { method: "GET", url, response: answer(403), body: undefined }, now).hint).toBe(
      "These credentials may not do this; check their scope or permissions.",
    );
  });

  test.each([
    { status: 400, hint: "Fix the request as the details say." },
    { status: 422, hint: "Fix the request as the details say." },
    { status: 404, hint: "Check the id: the resource does not exist or these credentials may not see it." },
    { status: 409, hint: "The resource changed; reload it and try again." },
    { status: 429, hint: "Slow down and try again later." },
    {
      status: 503,
      hint: "The server failed; try again later, and quote the request id to its support if it persists.",
    },
  ])("the shared hint for $status", ({ status, hint }) => {
    expect(
      apiError(plain, redactor(), { method: "GET", url, response: answer(status), body: undefined }, now).hint,
    ).toBe(hint);
  });

  test("a 429 with Retry-After says how long to wait and carries it", () => {
    const error = apiError(
      plain,
      redactor(),
      { method: "GET", url, response: answer(429, { "retry-after": "2.5" }), body: undefined },
      now,
    );

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(2500);
    expect(error.hint).toBe("Slow down: the server asked to wait 3 s.");
  });

  test.each([
    {
      status: 301,
      headers: { location: "https://api.example.com/v2/things" },
      hint: "The server kept redirecting; check baseUrl.",
    },
    {
      status: 302,
      headers: { location: "https://evil.example.net/x" },
      hint: "The server redirected to https://evil.example.net; orgkit does not send credentials to another origin. Set baseUrl to https://evil.example.net if you trust it.",
    },
    {
      status: 307,
      headers: { location: "http://[::1" },
      hint: "The server redirected without a valid Location; check baseUrl.",
    },
    { status: 308, headers: {}, hint: "The server redirected without a valid Location; check baseUrl." },
    {
      status: 300,
      headers: { location: "https://api.example.com/" },
      hint: "orgkit follows only the redirects 301, 302, 303, 307 and 308; check baseUrl.",
    },
  ])("a $status that came back says why it was not followed", ({ status, headers, hint }) => {
    expect(
      apiError(plain, redactor(), { method: "GET", url, response: answer(status, headers), body: undefined }, now).hint,
    ).toBe(hint);
  });
});

test.each([
  { status: 400, type: BadRequestError },
  { status: 422, type: BadRequestError },
  { status: 401, type: AuthenticationError },
  { status: 403, type: PermissionDeniedError },
  { status: 404, type: NotFoundError },
  { status: 409, type: ConflictError },
  { status: 429, type: RateLimitError },
  { status: 500, type: ServerError },
  { status: 599, type: ServerError },
  { status: 418, type: ApiError },
  { status: 308, type: ApiError },
])("statusClass($status) is $type.name", ({ status, type }) => {
  expect(statusClass(status)).toBe(type);
});

describe("unexpectedResponse", () => {
  test("a body that is not JSON: the content type in the message, a hint about what answered instead", () => {
    const error = unexpectedResponse(redactor(), {
      method: "GET",
      url,
      response: answer(200, { "content-type": "text/html" }),
      issues: [],
    });

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toBe(`200 OK: GET ${error.url}: the response is not JSON (content-type text/html).`);
    expect(error.contentType).toBe("text/html");
    expect(error.hint).toMatch(/^A proxy, gateway or captive portal/);
    expect(
      unexpectedResponse(redactor(), {
        method: "GET",
        url,
        response: answer(200),
        issues: [],
        problem: "its body could not be read",
      }).message,
    ).toContain("its body could not be read (no content-type)");
  });

  test("issues: the first five listed, then how many more; an unsafe method may have taken effect", () => {
    const issues = Array.from({ length: 7 }, (_, index) => ({
      field: `body.f${index}`,
      rule: "required",
      message: "is required",
    }));

    const error = unexpectedResponse(redactor(), { method: "POST", url, response: answer(201), body: {}, issues });

    expect(error.message).toMatch(/does not match the spec: body\.f0 is required; .*body\.f4 is required; 2 more\.$/);
    expect(error.issues).toHaveLength(7);
    expect(error.hint).toMatch(/The POST may have taken effect: check before repeating it\.$/);
    expect(
      unexpectedResponse(redactor(), { method: "GET", url, response: answer(200), body: {}, issues }).hint,
    ).not.toMatch(/may have taken effect/);
  });
});

describe("fallbackDetails", () => {
  test.each([
    { body: { message: "gone" }, details: [{ message: "gone" }] },
    { body: { error: "bad gateway" }, details: [{ message: "bad gateway" }] },
    { body: "  Service down  ", details: [{ message: "Service down" }] },
    { body: "<html>error</html>", details: [] },
    { body: "x".repeat(501), details: [] },
    { body: "", details: [] },
    { body: { error: { message: 1 } }, details: [] },
    { body: 42, details: [] },
  ])("$body", ({ body, details }) => {
    expect(fallbackDetails(body)).toEqual(details);
  });
});

test("jsonText: short JSON, cut at 500 characters, and never a throw", () => {
  const circular: Record<string, unknown> = {};
  circular["self"] = circular;

  expect(jsonText({ a: 1 })).toBe('{"a":1}');
  expect(jsonText(undefined)).toBe("undefined");
  expect(jsonText("x".repeat(600))).toBe(`"${"x".repeat(499)}...`);
  expect(jsonText(circular)).toBe("(unprintable)");
});

describe("reason phrases", () => {
  test.each([
    { status: 301, reason: "Moved Permanently" },
    { status: 302, reason: "Found" },
    { status: 303, reason: "See Other" },
    { status: 307, reason: "Temporary Redirect" },
    { status: 408, reason: "Request Timeout" },
    { status: 504, reason: "Gateway Timeout" },
  ])("a $status the server sent without a reason phrase reads $reason", ({ status, reason }) => {
    const error = apiError(
      plain,
      redactor(),
      { method: "GET", url, response: answer(status), body: "Gone elsewhere" },
      now,
    );

    expect(error.message).toBe(`${status} ${reason}: GET ${error.url}: Gone elsewhere`);
  });

  test.each([
    { status: 201, reason: "Created" },
    { status: 202, reason: "Accepted" },
    { status: 204, reason: "No Content" },
  ])("an unexpected $status answer reads $reason", ({ status, reason }) => {
    const error = unexpectedResponse(redactor(), { method: "POST", url, response: answer(status), issues: [] });

    expect(error.message).toBe(`${status} ${reason}: POST ${error.url}: the response is not JSON (no content-type).`);
  });

  test("a failed status with no known reason and no reason phrase is written alone", () => {
    const error = apiError(
      plain,
      redactor(),
      { method: "GET", url, response: answer(418), body: "Short and stout" },
      now,
    );

    expect(error.message).toBe(`418: GET ${error.url}: Short and stout`);
  });

  test("an unexpected answer with a status no table names is written alone", () => {
    const error = unexpectedResponse(redactor(), { method: "GET", url, response: answer(203), issues: [] });

    expect(error.message).toBe(`203: GET ${error.url}: the response is not JSON (no content-type).`);
  });
});

describe("the server-failure hint", () => {
  const serverFailed = "The server failed; try again later, and quote the request id to its support if it persists.";

  test.each([500, 501, 599])("is given for %i", (status) => {
    expect(
      apiError(plain, redactor(), { method: "GET", url, response: answer(status), body: undefined }, now).hint,
    ).toBe(serverFailed);
  });

  test("is not given for 499", () => {
    const error = apiError(plain, redactor(), { method: "GET", url, response: answer(499), body: undefined }, now);

    expect(error.hint).toBe(`Unexpected status from ${error.url}.`);
  });
});

describe("unexpectedResponse issues and hints", () => {
  const issues = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      field: `body.f${index}`,
      rule: "required",
      message: "is required",
    }));
  const specHint =
    "The API answered in a form its spec does not describe: check baseUrl; if it persists, the API may have changed.";
  const proxyHint =
    "A proxy, gateway or captive portal may have answered in the API's place, or the body was cut short: check baseUrl and the network path.";

  test("lists exactly five issues without a count of more", () => {
    const error = unexpectedResponse(redactor(), {
      method: "GET",
      url,
      response: answer(200),
      body: {},
      issues: issues(5),
    });

    expect(error.message).toBe(
      `200 OK: GET ${error.url}: the response does not match the spec: body.f0 is required; body.f1 is required; body.f2 is required; body.f3 is required; body.f4 is required.`,
    );
  });

  test("counts the sixth issue as 1 more", () => {
    const error = unexpectedResponse(redactor(), {
      method: "GET",
      url,
      response: answer(200),
      body: {},
      issues: issues(6),
    });

    expect(error.message).toMatch(/; body\.f4 is required; 1 more\.$/);
  });

  test("an answer with issues says the API answered outside its spec", () => {
    expect(
      unexpectedResponse(redactor(), { method: "GET", url, response: answer(200), body: {}, issues: issues(1) }).hint,
    ).toBe(specHint);
  });

  test("an answer that is not JSON says something else may have answered", () => {
    expect(unexpectedResponse(redactor(), { method: "GET", url, response: answer(200), issues: [] }).hint).toBe(
      proxyHint,
    );
  });

  test.each(["GET", "HEAD", "OPTIONS"])("a %s, which changes nothing, is not said to have taken effect", (method) => {
    expect(
      unexpectedResponse(redactor(), { method, url, response: answer(200), body: {}, issues: issues(1) }).hint,
    ).toBe(specHint);
  });

  test.each(["POST", "PUT", "PATCH", "DELETE"])("a %s may have taken effect", (method) => {
    expect(unexpectedResponse(redactor(), { method, url, response: answer(200), issues: [] }).hint).toBe(
      `${proxyHint} The ${method} may have taken effect: check before repeating it.`,
    );
  });
});

describe("500-character limits", () => {
  test("fallbackDetails keeps a plain-text body of exactly 500 characters", () => {
    expect(fallbackDetails("x".repeat(500))).toEqual([{ message: "x".repeat(500) }]);
  });

  test("jsonText keeps JSON of exactly 500 characters whole and cuts one of 501", () => {
    expect(jsonText("x".repeat(498))).toBe(`"${"x".repeat(498)}"`);
    expect(jsonText("x".repeat(499))).toBe(`"${"x".repeat(499)}...`);
  });
});
