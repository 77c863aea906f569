import { describe, expect, test } from "vitest";
import { backoffMs, retryAfterMs } from "../../src/internal/retry-timing.js";

const now = Date.parse("2026-11-23T10:00:00Z");
const headers = (init: Record<string, string>) => new Headers(init);

describe("retryAfterMs", () => {
  test("reads retry-after-ms as milliseconds", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "1500" }), now)).toBe(1500);
  });

  test("reads a fractional retry-after-ms", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250.5" }), now)).toBe(250.5);
  });

  test.each([
    ["3", 3000],
    ["0", 0],
    ["120", 120_000],
    [" 7 ", 7000],
  ])("reads Retry-After %j as whole seconds", (value, expected) => {
    expect(retryAfterMs(headers({ "retry-after": value }), now)).toBe(expected);
  });

  test("reads Retry-After with decimal seconds", () => {
    expect(retryAfterMs(headers({ "retry-after": "1.5" }), now)).toBe(1500);
    expect(retryAfterMs(headers({ "retry-after": "1.25" }), now)).toBe(1250);
  });

  test("reads Retry-After as an HTTP date, relative to the given now", () => {
    expect(retryAfterMs(headers({ "retry-after": "Mon, 23 Nov 2026 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(headers({ "retry-after": "Mon, 23 Nov 2026 10:00:05 GMT" }), now + 2000)).toBe(3000);
  });

  test.each([
    { form: "the obsolete RFC 850 form", value: "Monday, 23-Nov-26 10:00:05 GMT", at: now },
    { form: "the asctime form", value: "Mon Nov 23 10:00:05 2026", at: now },
    {
      form: "the asctime form with a one-digit day",
      value: "Thu Nov  5 10:00:05 2026",
      at: Date.parse("2026-11-05T10:00:00Z"),
    },
  ])("reads Retry-After as an HTTP date in $form", ({ value, at }) => {
    expect(retryAfterMs(headers({ "retry-after": value }), at)).toBe(5000);
  });

  // A zone set here applies only where tests run in processes; in worker threads the test reads in UTC.
  test("reads the asctime form, which names no zone, as GMT and not as local time", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(retryAfterMs(headers({ "retry-after": "Mon Nov 23 10:00:05 2026" }), now)).toBe(5000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  // Each form must be the whole value: V8's Date.parse would read past the extra text.
  test.each([
    "xMon, 23 Nov 2026 10:00:05 GMT",
    "Mon, 23 Nov 2026 10:00:05 GMT+0100",
    "xMonday, 23-Nov-26 10:00:05 GMT",
    "Monday, 23-Nov-26 10:00:05 GMT+0100",
    "xMon Nov 23 10:00:05 2026",
    "Mon Nov 23 10:00:05 2026 GMT",
  ])("gives undefined for %j, an HTTP date with more around it", (value) => {
    expect(retryAfterMs(headers({ "retry-after": value }), now)).toBeUndefined();
  });

  test("gives 0 for an HTTP date in the past", () => {
    expect(retryAfterMs(headers({ "retry-after": "Sun, 22 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
  });

  test.each(["soon", "1e3", "0x10", "Infinity", "tomorrow at noon"])(
    "gives undefined for the garbage Retry-After %j",
    (value) => {
      expect(retryAfterMs(headers({ "retry-after": value }), now)).toBeUndefined();
    },
  );

  // V8's Date.parse accepts almost anything with a number in it ("-1" is 1 January 2001), so a
  // lenient date fallback turns these into "retry at once" instead of "nothing usable".
  test.each(["-1", "+3", "in 5", "1 2"])(
    "gives undefined for %j, which is neither seconds nor an HTTP date",
    (value) => {
      expect(retryAfterMs(headers({ "retry-after": value }), now)).toBeUndefined();
    },
  );

  test("gives undefined when neither header is present", () => {
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "" }), now)).toBeUndefined();
  });

  test("prefers retry-after-ms over Retry-After", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "1500", "retry-after": "30" }), now)).toBe(1500);
    expect(retryAfterMs(headers({ "retry-after-ms": "0", "retry-after": "30" }), now)).toBe(0);
  });

  test("falls back to Retry-After when retry-after-ms is unusable", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "later", "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(headers({ "retry-after-ms": "-5", "retry-after": "2" }), now)).toBe(2000);
  });
});

describe("backoffMs", () => {
  const noJitter = () => 0;

  test("doubles the initial delay with each retry", () => {
    expect([0, 1, 2, 3].map((retry) => backoffMs(retry, 500, 8000, noJitter))).toEqual([500, 1000, 2000, 4000]);
  });

  test("caps the delay at maxDelayMs", () => {
    expect(backoffMs(4, 500, 8000, noJitter)).toBe(8000);
    expect(backoffMs(10, 500, 8000, noJitter)).toBe(8000);
    expect(backoffMs(1, 500, 700, noJitter)).toBe(700);
  });

  test("takes nothing off when random gives 0", () => {
    expect(backoffMs(1, 500, 8000, () => 0)).toBe(1000);
  });

  test("takes a quarter off when random gives 1", () => {
    expect(backoffMs(1, 500, 8000, () => 1)).toBe(750);
  });

  test("takes an eighth off when random gives 0.5", () => {
    expect(backoffMs(1, 500, 8000, () => 0.5)).toBe(875);
  });

  test("applies the jitter after the cap", () => {
    expect(backoffMs(10, 500, 8000, () => 1)).toBe(6000);
  });

  test("stays between 75% and 100% of the base for any random value", () => {
    for (const value of [0, 0.1, 0.25, 0.5, 0.75, 0.99, 1]) {
      const delay = backoffMs(2, 500, 8000, () => value);
      expect(delay).toBeGreaterThanOrEqual(1500);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });
});
