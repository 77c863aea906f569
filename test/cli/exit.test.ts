import { describe, expect, test } from "vitest";
import { errorLine, exitCodeOf, exitCodes, UsageError } from "../../cli/exit.js";
import { MissingCredentialError } from "../../cli/runtime.js";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "../../src/index.js";

const response = {
  status: 0,
  method: "GET",
  url: "https://x.example/",
  requestId: undefined,
  body: undefined,
  hint: "",
};
const api = (status: number) => ({ ...response, status, details: [], retryAfterMs: undefined, message: `${status}` });

describe("exit codes", () => {
  test.each([
    [new UsageError("x"), exitCodes.usage],
    [new ValidationError([]), exitCodes.usage],
    [new MissingCredentialError(["RECRUBO_API_KEY"]), exitCodes.authentication],
    [new AuthenticationError(api(401)), exitCodes.authentication],
    [new PermissionDeniedError(api(403)), exitCodes.authentication],
    [new NotFoundError(api(404)), exitCodes.notFound],
    [new RateLimitError(api(429)), exitCodes.rateLimit],
    [new ServerError(api(502)), exitCodes.server],
    [
      new UnexpectedResponseError({ ...response, status: 200, contentType: "text/html", issues: [], message: "x" }),
      exitCodes.server,
    ],
    [new ConnectionError("x"), exitCodes.network],
    [new TimeoutError("x", 1), exitCodes.timeout],
    [new BadRequestError(api(400)), exitCodes.failure],
    [new ConflictError(api(409)), exitCodes.failure],
    [new Error("x"), exitCodes.failure],
  ])("%s exits %i", (error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  test("each code is its own", () => {
    expect(new Set(Object.values(exitCodes)).size).toBe(Object.keys(exitCodes).length);
  });
});

describe("errorLine", () => {
  test("one line: every validation issue by flag and rule", () => {
    const error = new ValidationError([
      { field: "name", rule: "pattern", message: "must match\nthe pattern" },
      { field: "sort[0]", rule: "enum", message: "must be one of a, b" },
    ]);
    expect(errorLine(error, (field) => `--${field}`)).toBe(
      "orgkit: 2 invalid arguments, nothing was sent: --name [pattern] must match the pattern; --sort[0] [enum] must be one of a, b",
    );
  });

  test("one line: the status and message, then the hint", () => {
    const error = new NotFoundError({
      ...api(404),
      message: "404 Not Found: GET https://x.example/",
      hint: "Check the id.",
    });
    expect(errorLine(error)).toBe("orgkit: 404 Not Found: GET https://x.example/ (Check the id)");
    expect(errorLine(new Error("outer", { cause: new Error("inner") }))).toBe("orgkit: outer: inner");
  });
});
