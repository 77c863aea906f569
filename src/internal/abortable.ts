import type { Clock } from "../options.js";

/** Settles as `promise` does or rejects once the signal aborts; the promise runs on (others may await it). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    // Already aborted, the promise is still awaited here: its rejection is no unhandled one.
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A signal that aborts when `caller` does, or by `abort`, until `release` removes the listener on the caller: the
 * caller keeps none after the work. `onAbort` hears its abort without a listener (each costs microseconds a call).
 */
export function linkSignal(caller: AbortSignal | undefined, onAbort?: (reason: unknown) => void) {
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    controller.abort(reason);
    onAbort?.(reason);
  };
  if (!caller) return { signal: controller.signal, abort, release: () => {} };
  const onCallerAbort = () => abort(caller.reason);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener("abort", onCallerAbort, { once: true });
  return { signal: controller.signal, abort, release: () => caller.removeEventListener("abort", onCallerAbort) };
}

/** Resolves after `ms` on `schedule`'s timer, or rejects once `signal` aborts; the timer never outlives the wait. */
export function wait(schedule: Clock["schedule"], ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let cancel = () => {};
  const elapsed = new Promise<void>((resolve) => (cancel = schedule(ms, resolve)));
  return untilAborted(elapsed, signal).finally(cancel);
}
