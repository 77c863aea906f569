import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Clock, RateLimiter, ValidationError } from "../src/index.js";
import { FakeClock } from "./support/clock.js";

describe("RateLimiter", () => {
  test("lets a tenth of the limit go at once, then paces the rest at the rate that refills the window", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 100, perMs: 1_000 });

    const waits = [];
    for (let i = 0; i < 12; i++) waits.push(await limiter.acquire(clock));

    // 10 at once, then 90 tokens a second (0.09 a millisecond): the 11th waits ceil(1 / 0.09) = 12 ms,
    // which leaves 0.08 of a token, so the 12th waits ceil(0.92 / 0.09) = 11 ms.
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 11]);
  });

  test("never lets more than the limit into any window, whatever the pauses between requests", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.nat({ max: 3_000 }), { minLength: 1, maxLength: 200 }),
        async (requests, perMs, pauses) => {
          const clock = new FakeClock(0);
          const limiter = new RateLimiter({ requests, perMs });
          const sent: number[] = [];
          for (const pause of pauses) {
            clock.advance(pause % 7 === 0 ? pause : 0); // idle now and then, bursts otherwise
            await limiter.acquire(clock);
            sent.push(clock.now());
          }
          // A window starting at any request's time holds at most `requests` requests.
          for (const start of sent)
            expect(sent.filter((at) => at >= start && at < start + perMs).length).toBeLessThanOrEqual(requests);
        },
      ),
      { seed: 1, numRuns: 200 },
    );
  });

  test("an aborted wait rejects with the signal's reason and gives its place back", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 10, perMs: 1_000 }); // a burst of 1, then one every 111.2 ms
    await limiter.acquire(clock);

    await expect(limiter.acquire(clock, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    // A clock whose sleeps last until they are aborted.
    const stuck: Clock = {
      now: () => clock.now(),
      schedule: () => () => {},
      sleep: (_ms, signal) =>
        new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
    };
    const controller = new AbortController();
    const waiting = limiter.acquire(stuck, controller.signal);
    controller.abort(new Error("left"));
    await expect(waiting).rejects.toThrow("left");

    // Both places came back: the next caller waits for one token, not three.
    expect(await limiter.acquire(clock)).toBe(112);
  });

  test.each([
    { limit: { requests: 1, perMs: 1_000 }, field: "rateLimit.requests" },
    { limit: { requests: 2.5, perMs: 1_000 }, field: "rateLimit.requests" },
    { limit: { requests: 10, perMs: 0 }, field: "rateLimit.perMs" },
    { limit: { requests: 10, perMs: 2 ** 31 }, field: "rateLimit.perMs" },
    { limit: { requests: 10 }, field: "rateLimit.perMs" },
    { limit: { requests: 10, perMs: 1_000, burst: 5 }, field: "rateLimit.burst" },
    { limit: "10/min", field: "rateLimit" },
  ])("refuses $limit, naming $field", ({ limit, field }) => {
    // @ts-expect-error -- values the types refuse, as JavaScript callers may pass them
    const build = () => new RateLimiter(limit);

    expect(build).toThrow(ValidationError);
    try {
      build();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual([field]);
    }
  });
});
