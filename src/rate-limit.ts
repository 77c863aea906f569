import { rateLimitRules } from "./internal/option-rules.js";
import { assertValid, check } from "./internal/validation.js";
import type { Clock, Pacer, RateLimitOptions } from "./options.js";

/**
 * Paces requests under a rate limit with a token bucket: a burst of a tenth of the limit may go at once, and
 * tokens come back at the rate that keeps any window of `perMs` to `requests` in all, however the server aligns
 * its windows. Callers wait in turn; an aborted wait gives its place back. Share one limiter between clients
 * that spend the same quota (one Blynk organization, say): `createBlynkClient({ ..., rateLimit: limiter })`.
 */
export class RateLimiter implements Pacer {
  readonly requests: number;
  readonly perMs: number;
  readonly #burst: number;
  /** Tokens per millisecond: the burst and a window's refill make the limit. */
  readonly #rate: number;
  /** Below zero when callers are waiting for tokens not yet refilled. */
  #tokens: number;
  #updatedAt: number | undefined;

  constructor(options: RateLimitOptions) {
    assertValid(check(rateLimitRules, options, "rateLimit"));
    this.requests = options.requests;
    this.perMs = options.perMs;
    this.#burst = Math.max(1, Math.floor(this.requests / 10));
    this.#rate = (this.requests - this.#burst) / this.perMs;
    this.#tokens = this.#burst;
  }

  /** Waits until a request may go and takes its token; resolves with the ms waited, rejects when `signal` aborts. */
  async acquire(clock: Clock, signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const now = clock.now();
    if (this.#updatedAt !== undefined)
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#rate);
    this.#updatedAt = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    const waitMs = Math.ceil(-this.#tokens / this.#rate);
    try {
      await clock.sleep(waitMs, signal);
    } catch (reason) {
      this.#tokens += 1;
      throw reason;
    }
    return waitMs;
  }
}
