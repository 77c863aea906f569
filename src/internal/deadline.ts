import { TimeoutError } from "../errors.js";
import type { Clock } from "../options.js";
import { linkSignal } from "./abortable.js";

/** A time budget for a whole call: every attempt, the waits between them and the wait for credentials. */
export interface Deadline {
  /** Aborts when the budget runs out (with a TimeoutError) or when the caller's own signal does (with its reason). */
  signal: AbortSignal;
  /** When the budget runs out, on the clock's time. */
  at: number;
  /** Stops the timer and lets go of the caller's signal; called when the call ends. */
  release(): void;
}

/**
 * Starts a call's deadline, which ends the call as the caller's abort does (an attempt, a backoff or
 * a token request stops at once). `describe` names the call in the error, asked only when it fires.
 */
export function startDeadline(
  clock: Clock,
  deadlineMs: number,
  caller: AbortSignal | undefined,
  describe: () => string,
): Deadline {
  const link = linkSignal(caller);
  const cancel = clock.schedule(deadlineMs, () => {
    link.abort(new TimeoutError(`${describe()} did not complete within its deadline of ${deadlineMs} ms`, deadlineMs));
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
