import { describe, expect, test } from "vitest";
import { ConnectionError, TimeoutError, UnexpectedResponseError, ValidationError } from "../../src/errors.js";
import { type Outcome, retryDelay, retryPolicy } from "../../src/internal/retry.js";

describe("retryPolicy", () => {
  test("defaults to two retries of the methods safe to repeat, backing off from 0.5 s up to 8 s", () => {
    expect(retryPolicy(undefined, undefined)).toEqual({
      maxRetries: 2,
      initialDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      methods: ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"],
      statuses: [408, 429, 500, 502, 503, 504],
    });
  });

  test("is undefined when retries are turned off", () => {
    expect(retryPolicy(false, "POST")).toBeUndefined();
  });

  test("adds the method also retried to the defaults or to the given methods, in upper case", () => {
    expect(retryPolicy({}, "post")?.methods).toEqual(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST"]);
    expect(retryPolicy({ methods: ["get"] }, "post")?.methods).toEqual(["GET", "POST"]);
  });

  test("keeps the given options over the defaults", () => {
    expect(retryPolicy({ maxRetries: 5, methods: ["put"] })).toMatchObject({
      maxRetries: 5,
      initialDelayMs: 500,
      methods: ["PUT"],
    });
  });
});

describe("retryDelay", () => {
  const policy = retryPolicy(undefined);
  const now = Date.parse("2026-11-23T10:00:00Z");
  const noJitter = () => 0;
  const answered = (status: number, headers: Record<string, string> = {}): Outcome => ({
    response: new Response(null, { status, headers }),
  });
  const failed = (failure: unknown): Outcome => ({ failure });
  const delay = (outcome: Outcome, { method = "GET", retriesDone = 0, random = noJitter } = {}) =>
    retryDelay(policy, method, retriesDone, outcome, now, random);
  const unexpected = new UnexpectedResponseError({
    status: 200,
    method: "GET",
    url: "https://api.example.test/orgs",
    requestId: undefined,
    contentType: "text/html",
    body: undefined,
    issues: [],
    hint: "",
    message: "not the API",
  });

  test("backs off from initialDelayMs, doubling with each retry, up to maxDelayMs", () => {
    const custom = retryPolicy({ maxRetries: 6, initialDelayMs: 100, maxDelayMs: 1000 });

    const delays = [0, 1, 2, 3, 4, 5].map((retriesDone) =>
      retryDelay(custom, "GET", retriesDone, answered(503), now, noJitter),
    );

    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test("takes up to a quarter off at random, and never adds", () => {
    expect(delay(answered(503), { random: () => 0 })).toBe(500);
    expect(delay(answered(503), { random: () => 0.5 })).toBe(437.5);
    expect(delay(answered(503), { random: () => 0.999 })).toBeCloseTo(375.125);
  });

  test("retries each status of the policy, and no other", () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(delay(answered(status)), String(status)).toBe(500);
    for (const status of [200, 400, 401, 403, 404, 409, 501, 505])
      expect(delay(answered(status)), String(status)).toBeUndefined();
  });

  test("retries the methods of the policy, and no other", () => {
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
      expect(delay(answered(503), { method })).toBe(500);
    for (const method of ["POST", "PATCH"]) expect(delay(answered(503), { method })).toBeUndefined();
    expect(retryDelay(retryPolicy({}, "POST"), "POST", 0, answered(503), now, noJitter)).toBe(500);
  });

  test("stops once maxRetries retries are done", () => {
    expect(delay(answered(503), { retriesDone: 1 })).toBe(1000);
    expect(delay(answered(503), { retriesDone: 2 })).toBeUndefined();
    expect(retryDelay(retryPolicy({ maxRetries: 0 }), "GET", 0, answered(503), now, noJitter)).toBeUndefined();
  });

  test("never retries when retries are off", () => {
    expect(retryDelay(retryPolicy(false), "GET", 0, answered(503), now, noJitter)).toBeUndefined();
  });

  test("waits as long as Retry-After asks, in seconds or until a date, without jitter", () => {
    const random = () => 0.999;
    expect(delay(answered(429, { "retry-after": "7" }), { random })).toBe(7000);
    expect(delay(answered(503, { "retry-after": "0" }), { random })).toBe(0);
    expect(delay(answered(503, { "retry-after": "Mon, 23 Nov 2026 10:00:30 GMT" }), { random })).toBe(30_000);
    expect(delay(answered(503, { "retry-after-ms": "250" }), { random })).toBe(250);
  });

  test("backs off as usual when Retry-After asks nothing usable", () => {
    expect(delay(answered(503, { "retry-after": "soon" }))).toBe(500);
  });

  test("gives up when Retry-After asks for longer than maxRetryAfterMs, and waits when it asks for that long", () => {
    expect(delay(answered(429, { "retry-after": "60" }))).toBe(60_000);
    expect(delay(answered(429, { "retry-after": "61" }))).toBeUndefined();
    const patient = retryPolicy({ maxRetryAfterMs: 120_000 });
    expect(retryDelay(patient, "GET", 0, answered(429, { "retry-after": "61" }), now, noJitter)).toBe(61_000);
  });

  test("ignores Retry-After on a status it does not retry", () => {
    expect(delay(answered(400, { "retry-after": "1" }))).toBeUndefined();
  });

  test("retries a lost connection, a timeout and an answer that was not the API's, and nothing else thrown", () => {
    expect(delay(failed(new ConnectionError("reset")))).toBe(500);
    expect(delay(failed(new TimeoutError("slow", 30_000)))).toBe(500);
    expect(delay(failed(unexpected))).toBe(500);
    expect(delay(failed(new TypeError("a bug in a custom fetch")))).toBeUndefined();
    expect(delay(failed(new ValidationError([])))).toBeUndefined();
    expect(delay(failed(new DOMException("aborted", "AbortError")))).toBeUndefined();
  });

  test("does not retry a failure of a method it may not repeat", () => {
    expect(delay(failed(new ConnectionError("reset")), { method: "POST" })).toBeUndefined();
  });
});
