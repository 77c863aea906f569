import { ConnectionError, OrgkitError, TimeoutError } from "../errors.js";
import type { Clock } from "./clock.js";
import { type AttemptRecord, type Logger, logAttempt } from "./logging.js";
import type { Redactor } from "./redact.js";
import { fetchWithinOrigin, type RequestParts } from "./redirect.js";
import { type Outcome, type RetryPolicy, retryDelay } from "./retry.js";

/** Supplies the `Authorization` header of each attempt. */
export interface Authorizer {
  /** The header value for the next attempt. */
  authorization(signal: AbortSignal): Promise<string>;
  /**
   * Told that the server answered 401 to `authorization`. True when fresh credentials are worth
   * one more attempt (an expired OAuth2 token); the transport makes it at most once per call.
   */
  rejected?(authorization: string): boolean;
}

export interface TransportConfig {
  fetch: (request: Request) => Promise<Response>;
  authorizer: Authorizer | undefined;
  retry: RetryPolicy | undefined;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  logger: Logger | undefined;
  redactor: Redactor;
}

/** Sends one request with retries, per-attempt timeouts and credentials; resolves with the final response. */
export type Send = (request: Request, overrides?: { timeoutMs?: number }) => Promise<Response>;

/**
 * The fetch that openapi-fetch calls. Each attempt is a fresh request built from the original's
 * parts (its body read once), so retries and the re-send after a 401 never reuse a consumed body.
 * The caller's signal cancels at once, with its own reason, during an attempt or a backoff.
 */
export function createTransport(config: TransportConfig): Send {
  return async function send(request, overrides) {
    const timeoutMs = overrides?.timeoutMs ?? config.timeoutMs;
    const { signal, method } = request;
    signal.throwIfAborted();
    const parts: RequestParts = {
      url: request.url,
      method,
      headers: request.headers,
      body: request.body ? await request.arrayBuffer() : undefined,
    };
    // The URL is redacted only for a line actually logged (after authorizing, which is when a key
    // from a function becomes known): no scan of the secrets on requests nobody logs.
    const log = (record: Omit<AttemptRecord, "url">) => config.logger && logAttempt(config.logger, { ...record, url: config.redactor.url(request.url) });

    let retries = 0;
    let reauthorized = false;
    for (let attempt = 1; ; attempt++) {
      const authorization = await config.authorizer?.authorization(signal);
      const headers = new Headers(parts.headers);
      if (authorization !== undefined) headers.set("authorization", authorization);

      const started = config.clock.now();
      const outcome = await attemptOnce(config, { ...parts, headers }, signal, timeoutMs);
      const record = {
        method,
        attempt,
        durationMs: config.clock.now() - started,
        ...(outcome.response ? { status: outcome.response.status } : { error: outcome.failure.message }),
      };

      if (outcome.response?.status === 401 && authorization !== undefined && !reauthorized && config.authorizer?.rejected?.(authorization)) {
        reauthorized = true;
        log({ ...record, retryInMs: 0 });
        continue;
      }
      const delay = retryDelay(config.retry, method, retries, outcome, config.clock.now(), config.random);
      log(delay === undefined ? record : { ...record, retryInMs: delay });
      if (delay === undefined) {
        if (outcome.response) return outcome.response;
        throw outcome.failure;
      }
      await config.clock.sleep(delay, signal);
      retries++;
    }
  };
}

/** One attempt under its own timeout; resolves with a response whose body is already read. */
async function attemptOnce(config: TransportConfig, parts: RequestParts, signal: AbortSignal, timeoutMs: number): Promise<Outcome<OrgkitError>> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const response = await fetchWithinOrigin(config.fetch, parts, AbortSignal.any([signal, timeout.signal]));
    // Reading the body under the same timeout means a stalled body is a timeout too, and a
    // connection dropped mid-body is a retryable failure rather than a parse error later.
    return { response: buffered(response, await response.arrayBuffer(), parts.url) };
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    const request = `${parts.method} ${config.redactor.url(parts.url)}`;
    if (timeout.signal.aborted) return { failure: new TimeoutError(`${request} timed out after ${timeoutMs} ms`, timeoutMs) };
    if (failure instanceof OrgkitError) return { failure };
    const reason = failure instanceof Error ? describeCause(failure) : String(failure);
    return { failure: new ConnectionError(config.redactor.text(`${request} failed: ${reason}`), { cause: config.redactor.error(failure) }) };
  } finally {
    clearTimeout(timer);
  }
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

function buffered(response: Response, body: ArrayBuffer, requestUrl: string): Response {
  const copy = new Response(nullBodyStatuses.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has an empty url; errors name the URL the answer came from (a custom
  // fetch, such as the sandbox's handler, may not set it either: then the URL asked for).
  Object.defineProperty(copy, "url", { value: response.url || requestUrl });
  return copy;
}

// undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ...) in `cause`.
function describeCause(error: Error): string {
  const { cause } = error;
  if (!(cause instanceof Error)) return error.message;
  return `${error.message} (${"code" in cause && typeof cause.code === "string" ? cause.code : cause.message})`;
}
