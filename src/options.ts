/** A credential given as a value, or as a function returning the current one (called for every request). */
export type Secret = string | (() => string | Promise<string>);

/** How orgkit sends a request: `globalThis.fetch`, or one you pass with this shape. */
export type Fetch = (request: Request, init: { signal: AbortSignal }) => Promise<Response>;

/** Options both clients take. */
export interface CommonOptions {
  /** The API's base URL, without a path. Plain http is refused except on this machine (localhost, 127.0.0.0/8, [::1]). */
  baseUrl?: string;
  /** Retry policy, or `false` for none. @default { maxRetries: 2, ... } */
  retry?: RetryOptions | false;
  /** Time limit of each attempt, in milliseconds, at most 2147483647 (what timers hold). @default 30000 */
  timeoutMs?: number;
  /**
   * Sends the requests (a sandbox handler, a proxy agent...), called as `fetch(request, { signal })`. The signal, the
   * request's too, aborts when the attempt times out or your call is aborted; orgkit stops waiting then, even if your
   * fetch ignores it. @default globalThis.fetch
   */
  fetch?: Fetch;
  /**
   * Gets one line per attempt (method, URL, status, attempt number, rounded duration), the same as fields in the
   * second argument, secrets masked; `console` gets the line alone. @default the console from the level the
   * `ORGKIT_LOG` environment variable names (`debug`, `info`, `warn`, `error`), or nothing when it is unset
   */
  logger?: Logger;
  /** Your application's product token, sent before orgkit's in `User-Agent`. */
  userAgent?: string;
  /** Allows a plain-http base URL on a non-loopback host. Credentials then cross the network in clear. @default false */
  allowInsecureHttp?: boolean;
  /**
   * Paces requests under the API's rate limit, client-side, so that a burst or a large export never meets a 429: a
   * limit (`{ requests, perMs }`, a token bucket shared by every call of the client), a pacer such as a `RateLimiter`
   * shared with other clients of the same quota, or `false` for none. A call that waits says so at `info`; the wait
   * is abortable, counts against the call's `deadlineMs` and against no attempt's `timeoutMs`.
   * @default Blynk: `{ requests: 10000, perMs: 60000 }` (its documented limit per organization); Recrubo: none
   */
  rateLimit?: RateLimitOptions | Pacer | false;
  /** The clock behind token expiry and retry delays; tests pass their own. */
  clock?: Clock;
  /**
   * Hears of a response member or enum value the spec does not know (the vendor moved on), once per operation,
   * member and kind, beside a `warn` line to the logger. The value still reaches the caller.
   */
  onDrift?: (drift: DriftRecord) => void;
}

/** The optional last argument of every facade method. */
export interface CallOptions {
  /** Cancels the call at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Time limit of each attempt of this call, in milliseconds, at most 2147483647. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /**
   * Time budget of the whole call, in milliseconds, at most 2147483647: every attempt, the waits between them and
   * the wait for a token. When it runs out the call rejects at once with a `TimeoutError` (its `timeoutMs` is this
   * budget); a retry whose wait would outlast it is not started, and the call fails with the last attempt's error
   * instead. Each attempt keeps its own `timeoutMs` within it. @default no budget: attempts are limited one by one
   */
  deadlineMs?: number;
  /**
   * This call's retries, amending the client's `retry` field by field (over the defaults if the client has retries
   * off), or `false` for none. @default the client's `retry`
   * @example { maxRetries: 5, maxDelayMs: 2_000 } // a read that must get through, soon
   */
  retry?: RetryOptions | false;
  /** Extra headers for this call: names are HTTP tokens, values cannot hold line breaks. */
  headers?: Record<string, string>;
}

/** When and how often a failed attempt is tried again. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number;
  /** Backoff before the first retry, doubling each time. @default 500 */
  initialDelayMs?: number;
  /** Longest backoff between two attempts. @default 8000 */
  maxDelayMs?: number;
  /** Longest `Retry-After` wait obeyed; a longer one fails the call at once with the status's error. @default 60000 */
  maxRetryAfterMs?: number;
  /**
   * Methods retried. POST and PATCH are left out as a repeat may act twice; add them only where that is harmless.
   * @default ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
   */
  methods?: readonly string[];
  /**
   * Statuses retried; so are connection failures, timeouts and success responses whose body is not JSON.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statuses?: readonly number[];
}

/** Time as the client sees it (token expiry, retry delays, time limits), so tests can drive it without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. Retry delays wait here. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `expire` after `ms`, unless the returned function cancels it first. Each attempt's time limit runs here:
   * unlike a sleep, which a test clock may skip, it must not expire before its time.
   */
  schedule(ms: number, expire: () => void): () => void;
}

/** A response's departure from the spec that a client still accepts. */
export interface DriftRecord {
  /** The operation that responded. */
  operationId: string;
  /** Where in the body, as `body.content[].isActive` (every item of a list at once). */
  path: string;
  kind: "unknown member" | "unknown enum value";
  /** The enum value the spec does not list, secrets masked; never an unknown member's value. */
  value?: unknown;
}

/** Where the client reports each attempt. `console` is one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A rate limit as a server states it: at most `requests` in any window of `perMs` milliseconds. */
export interface RateLimitOptions {
  /** Requests allowed per window, a whole number of at least 2 (room for a burst and a refill). */
  requests: number;
  /** The window, in milliseconds, at most 2147483647. */
  perMs: number;
}

/** What paces a client's requests: a `RateLimiter`, or one of your own (shared across processes, say). */
export interface Pacer {
  /** Resolves when a request may go, with the milliseconds waited on `clock`; rejects with the signal's reason as soon as it aborts. */
  acquire(clock: Clock, signal?: AbortSignal): Promise<number>;
}
