import { Refusal } from "./front-door.js";

/**
 * A request header that delays that request's answer by its value in milliseconds (at most a
 * minute): fault injection for a client in another process, another runtime or a browser, which
 * cannot reach `faults`. A timeout can then be shown on one call alone, whatever else is in flight.
 */
export const delayHeader = "x-orgkit-sandbox-delay-ms";
const longestRequestedDelayMs = 60_000;

/** The delay a request asks for with `delayHeader`: 0 without one, a `Refusal` for a value that is not whole milliseconds within a minute. */
export function requestedDelayMs(headers: Headers): number | Refusal {
  const value = headers.get(delayHeader);
  if (value === null) return 0;
  const ms = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  return ms <= longestRequestedDelayMs
    ? ms
    : new Refusal(400, `The ${delayHeader} header must be whole milliseconds from 0 to ${longestRequestedDelayMs}.`);
}

/** A failure the sandbox will serve in place of an answer. */
export type Fault = { kind: "status"; status: number; retryAfterSeconds?: number } | { kind: "drop" };

/**
 * Fault knobs for tests and benchmarks: latency on every request, and failures queued for the
 * next requests (whichever API they reach).
 */
export class Faults {
  /** Delay before every answer, in milliseconds. */
  latencyMs = 0;
  readonly #queue: Fault[] = [];

  /**
   * The next `count` requests answer `status` in the API's error format: 429 (with `Retry-After`
   * when `retryAfterSeconds` is given) or a 5xx.
   */
  failNext(count: number, status: number, options: { retryAfterSeconds?: number } = {}): this {
    const fault: Fault = { kind: "status", status, ...options };
    for (let i = 0; i < count; i++) this.#queue.push(fault);
    return this;
  }

  /** The next `count` requests get no answer: the connection drops. */
  dropNext(count: number): this {
    for (let i = 0; i < count; i++) this.#queue.push({ kind: "drop" });
    return this;
  }

  /** Clears latency and every queued failure. */
  reset(): void {
    this.latencyMs = 0;
    this.#queue.length = 0;
  }

  /** The fault for the request arriving now, if any. */
  take(): Fault | undefined {
    return this.#queue.shift();
  }
}
