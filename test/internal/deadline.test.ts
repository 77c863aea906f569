import { describe, expect, test, vi } from "vitest";
import { TimeoutError } from "../../src/errors.js";
import { startDeadline } from "../../src/internal/deadline.js";
import { FakeClock } from "../support/clock.js";
import { naming } from "../support/messages.js";

describe("startDeadline", () => {
  test("aborts its signal with a TimeoutError naming the call and the budget when the budget runs out, not before", () => {
    const clock = new FakeClock(1_000);
    const describe = vi.fn(() => "GET https://api.example.test/orgs");
    const deadline = startDeadline(clock, 500, undefined, describe);

    expect(deadline.at).toBe(1_500);
    clock.advance(499);
    expect(deadline.signal.aborted).toBe(false);
    expect(describe).not.toHaveBeenCalled(); // the call is only named in an error
    clock.advance(1);

    expect(deadline.signal.reason).toBeInstanceOf(TimeoutError);
    expect(deadline.signal.reason).toMatchObject({
      timeoutMs: 500,
      message: naming("GET https://api.example.test/orgs", "500 ms"),
    });
  });

  test("aborts with the caller's reason when the caller aborts first", () => {
    const clock = new FakeClock();
    const caller = new AbortController();
    const deadline = startDeadline(clock, 500, caller.signal, () => "call");

    caller.abort(new Error("user left"));

    expect(deadline.signal.reason).toEqual(new Error("user left"));
  });

  test("released, it leaves no timer and no listener on the caller's signal", () => {
    const clock = new FakeClock();
    const caller = new AbortController();
    const deadline = startDeadline(clock, 500, caller.signal, () => "call");

    deadline.release();
    caller.abort(new Error("later"));
    clock.advance(1_000);

    expect(clock.pendingTimers).toBe(0);
    expect(deadline.signal.aborted).toBe(false);
  });
});
