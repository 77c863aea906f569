import { getEventListeners } from "node:events";
import { describe, expect, test, vi } from "vitest";
import { linkSignal, untilAborted, wait } from "../../src/internal/abortable.js";
import { FakeClock } from "../support/clock.js";

describe("untilAborted", () => {
  test("settles as the promise does while the signal stays quiet", async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error("no")), new AbortController().signal)).rejects.toThrow("no");
    await expect(untilAborted(Promise.resolve(7), undefined)).resolves.toBe(7);
  });

  test("rejects with the signal's reason as soon as it aborts, leaving the promise to others", async () => {
    const controller = new AbortController();
    let settle!: (value: number) => void;
    const shared = new Promise<number>((resolve) => (settle = resolve));

    const waiting = untilAborted(shared, controller.signal);
    controller.abort(new Error("stop"));
    settle(1);

    await expect(waiting).rejects.toThrow("stop");
    await expect(shared).resolves.toBe(1);
  });

  test("rejects at once when the signal has already aborted", async () => {
    await expect(untilAborted(new Promise(() => {}), AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
  });

  test("leaves no listener on the signal once the promise settles", async () => {
    const signal = new AbortController().signal;

    await untilAborted(Promise.resolve(1), signal);
    await untilAborted(Promise.reject(new Error("no")), signal).catch(() => {});

    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("an abort drops its listener at once, though the promise never settles", async () => {
    const controller = new AbortController();

    const waiting = untilAborted(new Promise(() => {}), controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("stop"));

    await expect(waiting).rejects.toThrow("stop");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("wait", () => {
  test("resolves once its time has passed on the given timer, and not before", async () => {
    const clock = new FakeClock();
    let done = false;

    const waiting = wait(clock.schedule.bind(clock), 100).then(() => (done = true));
    clock.advance(99);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await waiting;

    expect(done).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  test("an abort rejects with the signal's reason and cancels the timer", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();

    const waiting = wait(clock.schedule.bind(clock), 100, controller.signal);
    controller.abort(new Error("stop"));

    await expect(waiting).rejects.toThrow("stop");
    expect(clock.pendingTimers).toBe(0);
  });

  test("an aborted signal starts no timer at all", async () => {
    const clock = new FakeClock();
    const schedule = vi.fn(clock.schedule.bind(clock));

    await expect(wait(schedule, 100, AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    expect(schedule).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("linkSignal", () => {
  test("aborts with the caller's reason, now if the caller has already aborted, and lets go on release", () => {
    const early = linkSignal(AbortSignal.abort(new Error("before")));
    expect(early.signal.aborted).toBe(true);
    expect(early.signal.reason).toEqual(new Error("before"));

    const caller = new AbortController();
    const later = linkSignal(caller.signal);
    expect(later.signal.aborted).toBe(false);
    caller.abort(new Error("after"));
    expect(later.signal.reason).toEqual(new Error("after"));

    const released = linkSignal(new AbortController().signal);
    const other = new AbortController();
    const kept = linkSignal(other.signal);
    kept.release();
    other.abort(new Error("unheard"));
    expect(kept.signal.aborted).toBe(false);
    expect(getEventListeners(other.signal, "abort")).toHaveLength(0);
    released.abort(new Error("own"));
    expect(released.signal.reason).toEqual(new Error("own"));
  });
});
