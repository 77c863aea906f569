import { describe, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { type Fetch, scripted } from "../support/fetches.js";
import { blynkOrganization, recruboListDocument } from "../support/fixtures.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import { json, typedFailure } from "./harness.js";

/** Each API as the matrix needs it: a safe call, its error body, its success body. */
const apis = [
  {
    api: "recrubo",
    status: 503,
    errorBody: { errors: [{ code: "service_unavailable", status: 503, title: "Service Unavailable" }] },
    success: recruboListDocument,
    call: (fetch: Fetch, clock: FakeClock) => recruboClient({ fetch, clock }).client.organizations.list(),
  },
  {
    api: "blynk",
    status: 429,
    errorBody: { error: { message: "Too many requests." } },
    success: blynkOrganization,
    call: (fetch: Fetch, clock: FakeClock) => blynkClient({ fetch, clock }).client.organizations.get(1),
  },
] as const;

// The FakeClock starts at Mon, 23 Nov 2026 10:00:00 GMT.
const waits = [
  { form: "delta seconds", headers: { "retry-after": "3" }, sleeps: [3000] },
  { form: "fractional seconds", headers: { "retry-after": "1.5" }, sleeps: [1500] },
  { form: "an IMF-fixdate", headers: { "retry-after": "Mon, 23 Nov 2026 10:00:04 GMT" }, sleeps: [4000] },
  { form: "an obsolete RFC 850 date", headers: { "retry-after": "Monday, 23-Nov-26 10:00:05 GMT" }, sleeps: [5000] },
  { form: "an obsolete asctime date", headers: { "retry-after": "Mon Nov 23 10:00:06 2026" }, sleeps: [6000] },
  {
    form: "a date in the past (retry at once)",
    headers: { "retry-after": "Sun, 22 Nov 2026 09:00:00 GMT" },
    sleeps: [0],
  },
  {
    form: "retry-after-ms, preferred to Retry-After",
    headers: { "retry-after-ms": "1500", "retry-after": "30" },
    sleeps: [1500],
  },
] as const;

const unusable = [
  { form: "garbage", headers: { "retry-after": "soon, maybe" } },
  { form: "negative seconds", headers: { "retry-after": "-5" } },
  { form: "negative retry-after-ms", headers: { "retry-after-ms": "-100" } },
  { form: "an empty value", headers: { "retry-after": "" } },
] as const;

const tooLong = [
  { form: "a day in seconds", headers: { "retry-after": "86400" }, asked: 86_400_000 },
  {
    form: "more seconds than a timer holds",
    headers: { "retry-after": "99999999999999999999" },
    asked: 1e20 * 1000,
  },
  {
    form: "a date in year 9999",
    headers: { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" },
    asked: Date.parse("9999-12-31T23:59:59Z") - Date.parse("2026-11-23T10:00:00Z"),
  },
  { form: "retry-after-ms one over the cap", headers: { "retry-after-ms": "60001" }, asked: 60_001 },
] as const;

const matrix = <T extends object>(cases: readonly T[]) =>
  apis.flatMap((api) => cases.map((item) => ({ ...api, ...item })));

describe("faults: Retry-After in every form", () => {
  failOnUnhandledRejection();

  test.each(matrix(waits))(
    "$api waits exactly what $form asks, then succeeds",
    async ({ status, errorBody, success, call, headers, sleeps }) => {
      const clock = new FakeClock();
      const { fetch, requests } = scripted(json(errorBody, status, headers), () => json(success));

      await expect(call(fetch, clock)).resolves.toEqual(success);

      expect(requests).toHaveLength(2);
      expect(clock.sleeps).toEqual(sleeps);
    },
  );

  test.each(matrix(unusable))(
    "$api ignores $form and backs off exponentially instead",
    async ({ status, errorBody, success, call, headers }) => {
      const clock = new FakeClock();
      const { fetch, requests } = scripted(json(errorBody, status, headers), () => json(success));

      await expect(call(fetch, clock)).resolves.toEqual(success);

      expect(requests).toHaveLength(2);
      expect(clock.sleeps).toHaveLength(1);
      expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    },
  );

  test.each(matrix(unusable))(
    "$api reports no retryAfterMs for $form once the retries are used up",
    async ({ status, errorBody, call, headers }) => {
      const clock = new FakeClock();
      const { fetch, requests } = scripted(() => json(errorBody, status, headers));

      const error = await typedFailure(call(fetch, clock), ApiError);

      expect(error).toMatchObject({ status, retryAfterMs: undefined });
      expect(requests).toHaveLength(3);
    },
  );

  test.each(matrix(tooLong))(
    "$api fails at once when $form is beyond maxRetryAfterMs, telling the wait",
    async ({ status, errorBody, call, headers, asked }) => {
      const clock = new FakeClock();
      const { fetch, requests } = scripted(() => json(errorBody, status, headers));

      const error = await typedFailure(call(fetch, clock), ApiError);

      expect(error).toMatchObject({ status, retryAfterMs: asked });
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  // RFC 9110 5.6.7: every HTTP-date is in GMT, the asctime form included, though it does not say so.
  test.each(apis)(
    "$api reads an asctime Retry-After as GMT whatever the local time zone",
    async ({ status, errorBody, success, call }) => {
      const zone = process.env["TZ"];
      process.env["TZ"] = "America/New_York";
      try {
        const clock = new FakeClock();
        const { fetch, requests } = scripted(
          json(errorBody, status, { "retry-after": "Mon Nov 23 10:00:06 2026" }),
          () => json(success),
        );

        await expect(call(fetch, clock)).resolves.toEqual(success);

        expect(requests).toHaveLength(2);
        expect(clock.sleeps).toEqual([6000]);
      } finally {
        if (zone === undefined) delete process.env["TZ"];
        else process.env["TZ"] = zone;
      }
    },
  );
});
