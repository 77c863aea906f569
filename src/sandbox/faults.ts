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
