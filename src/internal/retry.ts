import { ConnectionError, TimeoutError, UnexpectedResponseError } from "../errors.js";
import type { RetryOptions } from "../options.js";
import { backoffMs, retryAfterMs } from "./retry-timing.js";

export type RetryPolicy = Readonly<Required<RetryOptions>>;

const defaults: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  methods: ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"],
  statuses: [408, 429, 500, 502, 503, 504],
};

/** The policy for a validated `retry` option; `also` adds a method safe to repeat here (a token request). */
export function retryPolicy(options: RetryOptions | false | undefined, also?: string): RetryPolicy | undefined {
  if (options === false) return undefined;
  const methods = [...(options?.methods ?? defaults.methods), ...(also ? [also] : [])];
  return { ...defaults, ...options, methods: methods.map((m) => m.toUpperCase()) };
}

// Failures that may pass when tried again: the network, a slow server, a body cut short, a proxy's page.
const transientFailures = [ConnectionError, TimeoutError, UnexpectedResponseError];

export type Outcome<Failure = unknown> =
  | { response: Response; failure?: undefined }
  | { response?: undefined; failure: Failure };

/** How long to wait before trying again after `outcome`, or `undefined` when it is final. */
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
