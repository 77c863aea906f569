import { TimeoutError } from "../errors.js";
import type { Clock } from "../options.js";
import { linkSignal } from "./abortable.js";

/**
 * A time budget for a whole call (every attempt, the waits between them, the wait for credentials): its signal
 * aborts with a TimeoutError when it runs out, or with the caller's reason. `name` names the call in the error,
 * asked only when it fires; `release` stops the timer and lets go of the caller's signal.
 */
export function startDeadline(clock: Clock, deadlineMs: number, caller: AbortSignal | undefined, name: () => string) {
  const link = linkSignal(caller);
  const cancel = clock.schedule(deadlineMs, () => {
    link.abort(new TimeoutError(`${name()} did not complete within its deadline of ${deadlineMs} ms`, deadlineMs));
  });
  return {
    signal: link.signal,
    at: clock.now() + deadlineMs,
    release() {
      cancel();
      link.release();
    },
  };
}
