import { ConnectionError, TimeoutError, UnexpectedResponseError } from "../errors.js";
import { backoffMs, retryAfterMs } from "./retry-timing.js";

/** When and how often a failed attempt is tried again. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /** Backoff before the first retry, doubling each time. @default 500 */
  initialDelayMs?: number;
  /** Longest backoff between two attempts. @default 8000 */
  maxDelayMs?: number;
  /**
   * Longest wait a server may ask for with `Retry-After`. A longer demand ends the retries: the
   * call fails at once with the status's error, its `retryAfterMs` set. @default 60000
   */
  maxRetryAfterMs?: number;
  /**
   * Methods that are retried. POST and PATCH are left out because repeating them may act twice;
   * add them only where a repeat is harmless. @default ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
   */
  methods?: readonly string[];
  /**
   * Statuses that are retried. Connection failures, timeouts and success answers whose body is not
   * JSON are too. @default [408, 429, 500, 502, 503, 504]
   */
  statuses?: readonly number[];
}

export type RetryPolicy = Readonly<Required<RetryOptions>>;

const defaults: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  methods: ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"],
  statuses: [408, 429, 500, 502, 503, 504],
};

/**
 * The policy for a client's `retry` option, already validated: `false` turns retries off. `also`
 * adds a method that is safe to repeat although methods like it are not (a token request only
 * ever issues another token).
 */
export function retryPolicy(options: RetryOptions | false | undefined, also?: string): RetryPolicy | undefined {
  if (options === false) return undefined;
  const methods = [...(options?.methods ?? defaults.methods), ...(also ? [also] : [])];
  return { ...defaults, ...options, methods: methods.map((m) => m.toUpperCase()) };
}

// Failures that may pass when tried again: the network, a slow server, a body cut short or a
// proxy's page in place of the API's answer.
const transientFailures = [ConnectionError, TimeoutError, UnexpectedResponseError];

/** What one attempt came to: a response, or an error before any response. */
export type Outcome<Failure = unknown> = { response: Response; failure?: undefined } | { response?: undefined; failure: Failure };

/**
 * How long to wait before trying again after `outcome`, or `undefined` when it is final:
 * retries are off or used up, the method may not be repeated, the status or error is not
 * transient, or the server asked for a longer wait than the policy allows.
 */
export function retryDelay(
  policy: RetryPolicy | undefined,
  method: string,
  retriesDone: number,
  outcome: Outcome,
  now: number,
  random: () => number,
): number | undefined {
  if (!policy || retriesDone >= policy.maxRetries || !policy.methods.includes(method)) return undefined;
  if (outcome.response) {
    if (!policy.statuses.includes(outcome.response.status)) return undefined;
    const asked = retryAfterMs(outcome.response.headers, now);
    if (asked !== undefined) return asked <= policy.maxRetryAfterMs ? asked : undefined;
  } else if (!transientFailures.some((transient) => outcome.failure instanceof transient)) {
    return undefined;
  }
  return backoffMs(retriesDone, policy.initialDelayMs, policy.maxDelayMs, random);
}
