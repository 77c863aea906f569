import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import {
  type BlynkClientOptions,
  createBlynkClient,
  createRecruboClient,
  RateLimiter,
  TimeoutError,
} from "../../../src/index.js";
import { createSandbox } from "../../../src/sandbox/index.js";
import { FakeClock } from "../../support/clock.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  partnerKey,
  recruboBaseUrl,
  recruboOrganization,
} from "../../support/fixtures.js";

const profilePath = "/api/v1/organization/profile";

/** Sends `count` profile requests, `inFlight` at a time, through a Blynk client on the sandbox; counts the 429s the sandbox answered. */
async function run(count: number, inFlight: number, options: Partial<BlynkClientOptions>) {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock });
  let tooMany = 0;
  const blynk = createBlynkClient({
    auth: sandbox.credentials.blynk,
    clock,
    fetch: async (request, init) => {
      const response = await sandbox.fetch(request, init);
      if (response.status === 429) tooMany++;
      return response;
    },
    ...options,
  });
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      await blynk.organizations.profile();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { tooMany, clock };
}

describe("pacing under the rate limit", () => {
  test("25,000 requests through a Blynk client meet no 429 from a sandbox that enforces 10,000 a minute; without pacing they do", async () => {
    const paced = await run(25_000, 16, {});
    const unpaced = await run(25_000, 16, { rateLimit: false });

    expect(paced.tooMany).toBe(0);
    expect(unpaced.tooMany).toBeGreaterThan(0);
    // 25,000 requests at 10,000 a minute take at least a minute and a half of (fake) time.
    expect(paced.clock.now() - Date.parse("2026-11-23T10:00:00Z")).toBeGreaterThanOrEqual(90_000);
  }, 120_000);

  test("is shared by every call of a client, and by clients given the same limiter", async () => {
    const scope = nock(blynkBaseUrl).get(profilePath).times(3).reply(200, blynkOrganization);
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 2, perMs: 1_000 }); // one at once, then one a second
    const first = createBlynkClient({ auth: { accessToken }, clock, rateLimit: limiter });
    const second = createBlynkClient({ auth: { accessToken }, clock, rateLimit: limiter });

    await first.organizations.profile();
    await second.organizations.profile();
    await first.organizations.profile();

    scope.done();
    expect(clock.sleeps).toEqual([1_000, 1_000]);
  });

  test("says at info that a call waited, and the wait counts against no attempt's timeout", async () => {
    const scope = nock(blynkBaseUrl).get(profilePath).times(2).reply(200, blynkOrganization);
    const clock = new FakeClock();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const blynk = createBlynkClient({
      auth: { accessToken },
      clock,
      logger,
      timeoutMs: 500,
      rateLimit: { requests: 2, perMs: 1_000 },
    });

    await blynk.organizations.profile();
    await expect(blynk.organizations.profile()).resolves.toEqual(blynkOrganization);

    scope.done();
    expect(logger.info.mock.calls).toEqual([
      [`orgkit: GET ${blynkBaseUrl}${profilePath} waited 1000 ms for the rate limit`],
    ]);
  });

  test("counts against the call's deadline", async () => {
    const clock = new FakeClock();
    const fetch = vi.fn(async () => Response.json(blynkOrganization));
    const blynk = createBlynkClient({ auth: { accessToken }, clock, fetch, rateLimit: { requests: 2, perMs: 10_000 } });
    await blynk.organizations.profile();

    const error = await blynk.organizations.profile({ deadlineMs: 2_000 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 2_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  test("is off by default for Recrubo, which states no limit", async () => {
    const scope = nock(recruboBaseUrl)
      .get("/public/v2/management/organizations/")
      .times(1_100)
      .reply(200, {
        data: [recruboOrganization],
        meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 },
      });
    const clock = new FakeClock();
    const recrubo = createRecruboClient({ apiKey: partnerKey, clock });

    for (let i = 0; i < 1_100; i++) await recrubo.organizations.list();

    scope.done();
    expect(clock.sleeps).toEqual([]);
  });

  test.each([
    { rateLimit: { requests: 1, perMs: 60_000 }, field: "rateLimit.requests" },
    { rateLimit: { requests: 100 }, field: "rateLimit.perMs" },
    { rateLimit: "fast", field: "rateLimit" },
  ])("refuses rateLimit $rateLimit when the client is made, naming $field", ({ rateLimit, field }) => {
    // @ts-expect-error -- values the types refuse, as JavaScript callers may pass them
    const build = () => createBlynkClient({ auth: { accessToken }, rateLimit });

    expect(build).toThrow(
      expect.objectContaining({ name: "ValidationError", issues: [expect.objectContaining({ field })] }),
    );
  });
});
