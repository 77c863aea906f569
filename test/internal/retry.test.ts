import { describe, expect, test } from "vitest";
import { retryPolicy } from "../../src/internal/retry.js";

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
