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
 * A signal that aborts when `caller` does, until `release`: the caller keeps no listener after the
 * work. `onAbort` hears its abort without a listener of its own (each costs microseconds per call).
 */
export function linkSignal(caller: AbortSignal | undefined, onAbort?: (reason: unknown) => void): LinkedSignal {
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

export interface LinkedSignal {
  signal: AbortSignal;
  /** Aborts this signal alone, with `reason`. */
  abort(reason: unknown): void;
  /** Removes the listener on the caller's signal. */
  release(): void;
}

/** Resolves after `ms` on `schedule`'s timer, or rejects once `signal` aborts; the timer never outlives the wait. */
export function wait(schedule: Clock["schedule"], ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let cancel = () => {};
  const elapsed = new Promise<void>((resolve) => (cancel = schedule(ms, resolve)));
  return untilAborted(elapsed, signal).finally(cancel);
}
