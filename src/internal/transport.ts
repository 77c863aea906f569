import { ConnectionError, TimeoutError, ValidationError } from "../errors.js";
import type { Clock, Fetch, Logger, Pacer } from "../options.js";
import { linkSignal } from "./abortable.js";
import { unexpectedResponse } from "./api-error.js";
import { readFrom, readPrefix } from "./body.js";
import { startDeadline } from "./deadline.js";
import { logAttempt } from "./logging.js";
import { corsHint, describeCause, isNetworkFailure } from "./network-failure.js";
import type { Redactor } from "./redact.js";
import { fetchWithinOrigin } from "./redirect.js";
import { type Outcome, type RetryPolicy, retryDelay } from "./retry.js";
import type { Schema } from "./schema.js";
import { check } from "./validation.js";

/** Supplies the `Authorization` header of each attempt. */
export interface Authorizer {
  /** The header value for the next attempt. */
  authorization(signal: AbortSignal | undefined): Promise<string>;
  /**
   * Told that the server answered 401 to `authorization`. Only an authorizer that can get fresh
   * credentials (a new OAuth2 token) has it; the transport then tries once more, once per call.
   */
  rejected?(authorization: string): void;
}

export interface TransportConfig {
  fetch: Fetch;
  /** The shape the spec gives a successful answer to this request, when it gives one. */
  answerShape(method: string, url: string): Schema | undefined;
  /** The API's JSON media type, which every JSON body is labelled with (openapi-fetch says `application/json`). */
  mediaType: string;
  authorizer: Authorizer;
  retry: RetryPolicy | undefined;
  timeoutMs: number;
  clock: Clock;
  logger: Logger | undefined;
  /** Paces every attempt under a rate limit, when the client has one. */
  pacer: Pacer | undefined;
  redactor: Redactor;
  /** The checked base URL: every request's URL must stay on it. */
  baseUrl: string;
}

/** What one call may change of the client's settings. */
export interface CallSettings {
  /** Time limit of each attempt. */
  timeoutMs?: number;
  /** The call's retry policy (none when undefined), in place of the client's. */
  retry?: RetryPolicy | undefined;
  /** Time budget of the whole call, attempts and waits included. */
  deadlineMs?: number;
}

/** Sends one request with retries, per-attempt timeouts and credentials; resolves with the final response. */
export type Send = (request: Request, settings?: CallSettings) => Promise<Response>;

export interface Transport {
  /**
   * The Request constructor openapi-fetch builds each call's request with: it keeps the body as
   * given, so that the first attempt sends the request itself and only a retry builds a copy.
   */
  Request: typeof Request;
  send: Send;
}

/** What the transport keeps of a request its `Request` built. */
interface Built {
  /** The body as openapi-fetch serialized it: a retry sends it again (the stream is read by then). */
  body: BodyInit | null;
  /** The caller's signal, if any. */
  caller: AbortSignal | undefined;
  /** Unlinks the request's signal from the caller's, once the call is over. */
  release: (() => void) | undefined;
}

/**
 * The fetch that openapi-fetch calls. A request built by the transport's `Request` goes out as it
 * is on its first attempt; retries and the re-send after a 401 send a copy with the body as it was
 * given, so no attempt reuses a consumed body. The caller's signal cancels at once, with its own
 * reason, during an attempt or a backoff.
 */
export function createTransport(config: TransportConfig): Transport {
  const built = new WeakMap<Request, Built>();

  function OrgkitRequest(input: RequestInfo | URL, init: RequestInit = {}): Request {
    if (typeof input === "string") assertOnBase(input, config.baseUrl);
    // Redirects are followed by fetchWithinOrigin, which keeps credentials on their origin. The
    // caller's signal stays off the request: fetch ties a listener to a request's signal that only
    // garbage collection removes, so a signal shared by many calls (a server's shutdown signal)
    // would gather thousands. The request gets a signal of its own instead, linked to the
    // caller's until the call settles; each attempt's own signal goes to fetch beside it.
    const caller = init.signal ?? undefined;
    const link = caller && linkSignal(caller);
    const request = new Request(input, { ...init, signal: link?.signal ?? null, redirect: "manual" });
    if (request.headers.get("content-type") === "application/json")
      request.headers.set("content-type", config.mediaType);
    built.set(request, { body: init.body ?? null, caller, release: link?.release });
    return request;
  }
  // openapi-fetch tells a middleware's own Request by `instanceof` the constructor it was given.
  OrgkitRequest.prototype = Request.prototype;

  async function send(request: Request, settings: CallSettings = {}): Promise<Response> {
    const timeoutMs = settings.timeoutMs ?? config.timeoutMs;
    const retry = "retry" in settings ? settings.retry : config.retry;
    // A request built elsewhere (by a middleware) is read once, and every attempt sends a copy.
    const own = built.get(request);
    const { body, caller: given } = own ?? {
      body: request.body ? await request.arrayBuffer() : null,
      caller: request.signal,
    };
    given?.throwIfAborted();
    const { method, url } = request;
    const shape = config.answerShape(method, url);
    const { logger } = config;
    // The URL is redacted only for a line actually logged (after authorizing, which is when a key
    // from a function becomes known): no scan of the secrets on requests nobody logs.
    const log = (to: Logger, attempt: number, started: number, outcome: Outcome, retryInMs: number | undefined) =>
      logAttempt(to, {
        method,
        url: config.redactor.url(url),
        attempt,
        durationMs: config.clock.now() - started,
        ...(outcome.response ? { status: outcome.response.status } : { error: messageOf(outcome.failure) }),
        ...(retryInMs === undefined ? {} : { retryInMs }),
      });
    // A call's deadline ends it the way the caller's abort does, wherever it is.
    const deadline =
      settings.deadlineMs === undefined
        ? undefined
        : startDeadline(config.clock, settings.deadlineMs, given, () => `${method} ${config.redactor.url(url)}`);
    const caller = deadline?.signal ?? given;

    try {
      let retries = 0;
      let reauthorized = false;
      for (let attempt = 1; ; attempt++) {
        // Before the credentials, so that a long wait does not outlast a token; before the attempt's
        // time limit starts, which the wait does not count against.
        const waited = config.pacer ? await config.pacer.acquire(config.clock, caller) : 0;
        if (waited > 0 && logger)
          logger.info(
            `orgkit: ${method} ${config.redactor.url(url)} waited ${Math.round(waited)} ms for the rate limit`,
          );
        const authorization = await config.authorizer.authorization(caller);
        caller?.throwIfAborted(); // its abort event may have passed while the credentials were read
        const outgoing = attempt === 1 && own ? request : new Request(request, { body, redirect: "manual" });
        outgoing.headers.set("authorization", authorization);

        const started = config.clock.now();
        const outcome = await attemptOnce(config, { request: outgoing, method, url, body, caller, shape, timeoutMs });
        if (outcome.response?.status === 401 && !reauthorized && config.authorizer.rejected) {
          config.authorizer.rejected(authorization);
          reauthorized = true;
          if (logger) log(logger, attempt, started, outcome, 0);
          continue;
        }
        const now = config.clock.now();
        const wanted = retryDelay(retry, method, retries, outcome, now, Math.random);
        // A retry the deadline would cut short is not started: the call fails now, with what it got.
        const delay = wanted !== undefined && deadline && now + wanted >= deadline.at ? undefined : wanted;
        if (logger) log(logger, attempt, started, outcome, delay);
        if (delay === undefined) {
          if (outcome.response) return outcome.response;
          throw outcome.failure;
        }
        await config.clock.sleep(delay, caller);
        retries++;
      }
    } finally {
      deadline?.release();
      own?.release?.();
    }
  }

  return { Request: OrgkitRequest as unknown as typeof Request, send };
}

interface Attempt {
  request: Request;
  /** The request's method and URL, read once (each read of a Request's is work). */
  method: string;
  url: string;
  /** The request's body as given, for a redirect that keeps it. */
  body: BodyInit | null;
  caller: AbortSignal | undefined;
  shape: Schema | undefined;
  timeoutMs: number;
}

/**
 * One attempt under its own timeout; resolves with a response whose body is already read and
 * checked, or with the failure: a typed one for what may pass (a lost connection, a timeout, a
 * success that is not what the spec promises), the error itself for anything else, such as a bug
 * in a custom fetch. The time limit and the caller's abort end it through one signal, given to
 * fetch as `fetch(request, { signal })`; the attempt ends when it aborts even if fetch ignores it.
 */
async function attemptOnce(config: TransportConfig, attempt: Attempt): Promise<Outcome> {
  const { method, url, caller, timeoutMs } = attempt;
  const controller = new AbortController();
  // The time limit and the caller's abort end the attempt at once, whether or not fetch heeds the signal.
  let end!: (reason: unknown) => void;
  const ended = new Promise<never>((_, reject) => (end = reject));
  const abort = (reason: unknown) => {
    controller.abort(reason);
    end(reason);
  };
  let timedOut = false;
  const cancelTimeout = config.clock.schedule(timeoutMs, () => {
    timedOut = true;
    abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  const onAbort = caller && (() => abort(caller.reason));
  if (onAbort) caller.addEventListener("abort", onAbort);
  let response: Response | undefined;
  const exchange = async (): Promise<Outcome> => {
    response = await fetchWithinOrigin(config.fetch, attempt, controller.signal);
    // Reading the body under the same timeout means a stalled body is a timeout too, and a
    // connection dropped mid-body is a retryable failure rather than a parse error later.
    // An error body is kept only as far as an error needs it.
    const text = response.ok ? await response.text() : await readPrefix(response, longestErrorBody);
    return checked(config.redactor, method, response, text, attempt.shape, url);
  };
  try {
    return await Promise.race([exchange(), ended]);
  } catch (failure) {
    if (caller?.aborted) throw caller.reason;
    const described = `${method} ${config.redactor.url(url)}`;
    if (timedOut) return { failure: new TimeoutError(`${described} timed out after ${timeoutMs} ms`, timeoutMs) };
    if (isNetworkFailure(failure)) {
      const reason = `${described} failed: ${describeCause(failure)}${corsHint(url)}`;
      return { failure: new ConnectionError(config.redactor.text(reason), { cause: config.redactor.error(failure) }) };
    }
    // An answer whose body cannot be decoded (corrupt gzip, say) came from a server all the same.
    if (response) {
      const unread = readFrom(response, "", url);
      return {
        failure: unexpectedResponse(config.redactor, {
          method,
          response: unread,
          issues: [],
          problem: "its body could not be read",
        }),
      };
    }
    return { failure: config.redactor.error(failure) };
  } finally {
    cancelTimeout();
    if (onAbort) caller.removeEventListener("abort", onAbort);
  }
}

/**
 * The outcome of a whole answer: a failure when it is a success but not what the spec promises, a
 * body that is not JSON (both APIs answer nothing else) or JSON without the shape the operation's
 * response schema gives; the response otherwise, its body readable from what was read.
 */
function checked(
  redactor: Redactor,
  method: string,
  response: Response,
  text: string,
  shape: Schema | undefined,
  url: string,
): Outcome {
  if (!response.ok) return { response: readFrom(response, text, url) };
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // An empty or blank body is no JSON value: the shape, if any, decides whether it may be empty.
    if (!blank.test(text))
      return { failure: unexpectedResponse(redactor, { method, response: readFrom(response, text, url), issues: [] }) };
  }
  const issues = shape ? check(shape, json, "body") : [];
  if (issues.length > 0)
    return {
      failure: unexpectedResponse(redactor, { method, response: readFrom(response, text, url), body: json, issues }),
    };
  return { response: readFrom(response, text, url, { value: json }) };
}

const blank = /^\s*$/;

/**
 * Refuses a URL that leaves the base URL's origin. openapi-fetch appends the path to the base
 * URL as text, so a path that does not start with "/" could change the host (".evil.example",
 * "@evil.example", ":8443") and carry the credentials there, or make a URL fetch refuses.
 */
function assertOnBase(url: string, baseUrl: string): void {
  const next = url.charAt(baseUrl.length);
  if (url.startsWith(baseUrl) && (next === "" || next === "/" || next === "?")) return;
  throw new ValidationError([
    { field: "path", rule: "format", message: "must start with / so that the request stays on baseUrl" },
  ]);
}

// Both APIs' error bodies are a few hundred bytes; a proxy's error page may be megabytes.
const longestErrorBody = 64 * 1024;

function messageOf(failure: unknown): string {
  return failure instanceof Error
    ? failure.message
    : typeof failure === "string"
      ? failure
      : "a value that is not an Error";
}
