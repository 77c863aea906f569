import type { Clock } from "../options.js";

// Waits that an AbortSignal can end early: written once, for the clock's sleep, the token
// manager's shared renewal and the sandbox's latency.

/**
 * Settles as `promise` does, or rejects with the signal's reason as soon as it aborts, whichever
 * comes first. The promise itself runs on: others may be waiting for it too.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Resolves after `ms` on `schedule`'s timer, or rejects once `signal` aborts; the timer never outlives the wait. */
export function wait(schedule: Clock["schedule"], ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let cancel = () => {};
  const elapsed = new Promise<void>((resolve) => (cancel = schedule(ms, resolve)));
  return untilAborted(elapsed, signal).finally(cancel);
}
