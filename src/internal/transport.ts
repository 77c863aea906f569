import { ConnectionError, TimeoutError, ValidationError } from "../errors.js";
import type { CallOptions, Logger, Pacer } from "../options.js";
import { linkSignal, untilAborted } from "./abortable.js";
import { startDeadline } from "./deadline.js";
import { logAttempt } from "./logging.js";
import { corsHint, describeCause, isNetworkFailure } from "./network-failure.js";
import { chunksOf, readUpTo } from "./read-body.js";
import { fetchWithinOrigin } from "./redirect.js";
import { unexpectedResponse } from "./response-error.js";
import { type Outcome, retryDelay, retryPolicy } from "./retry.js";
import type { Schema } from "./schema.js";
import type { Settings } from "./settings.js";
import { check } from "./validation.js";

/** Supplies the `Authorization` header of each attempt. */
export interface Authorizer {
  /** The header value for the next attempt. */
  authorization(signal: AbortSignal | undefined): Promise<string>;
  /**
   * Told that the server refused `authorization` with a 401. Only an authorizer that can get fresh
   * credentials (a new OAuth2 token) has it; the transport then tries once more, once per call.
   */
  rejected?(authorization: string): void;
}

export interface TransportConfig {
  settings: Settings;
  /** The API's JSON media type, which every JSON body is labelled with (openapi-fetch says `application/json`). */
  mediaType: string;
  authorizer: Authorizer;
  /** The shape the spec gives a successful response to this request, when it gives one. */
  responseShape(method: string, url: string): Schema | undefined;
  /** Paces every attempt under a rate limit, when the API has one. */
  pacer: Pacer | undefined;
  /** A method retried although the policy's methods leave it out (the token endpoint's POST). */
  alsoRetried?: string;
}

/** A final response, its body read once: all of a success, the start of an error. */
export interface Received {
  /** The server's response; its body has been read (`bodyUsed`), the rest of it is here. */
  response: Response;
  /** The request's URL, which a custom fetch may leave off `response.url`. */
  url: string;
  text: string;
  /** The body parsed: JSON, or the text where an error body is not JSON; `undefined` when empty. */
  body: unknown;
}

export interface Transport {
  /**
   * Builds a request the transport can send: openapi-fetch builds each call's with it (as a
   * `Request` constructor), the facade too. It keeps the body as given, so that the first attempt
   * sends the request itself and only a retry builds a copy.
   */
  Request: typeof Request;
  /** Sends a request with retries, time limits, pacing and credentials; resolves with the final response. */
  send(request: Request, call?: CallOptions): Promise<Received>;
}

/** What the transport keeps of a request its `Request` built. */
interface Built {
  /** The body as serialized: a retry sends it again (the stream is read by then). */
  body: BodyInit | null;
  /** The caller's signal, if any. */
  caller: AbortSignal | undefined;
  /** Unlinks the request's signal from the caller's, once the call is over. */
  release: (() => void) | undefined;
}

/**
 * Retries and the re-send after a 401 send a copy of the request with the body as it was given,
 * so no attempt reuses a consumed body. The caller's signal cancels at once, with its own reason,
 * during an attempt, a backoff or a wait for credentials.
 */
export function createTransport(config: TransportConfig): Transport {
  const { settings } = config;
  const built = new WeakMap<Request, Built>();
  const clientRetry = retryPolicy(settings.retry, config.alsoRetried);

  function OrgkitRequest(input: RequestInfo | URL, init: RequestInit = {}): Request {
    if (typeof input === "string") assertOnBase(input, settings.baseUrl);
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

  async function send(request: Request, call: CallOptions = {}): Promise<Received> {
    const timeoutMs = call.timeoutMs ?? settings.timeoutMs;
    // A call's retry options amend the client's field by field; `false` turns retries off.
    const retry =
      call.retry === undefined
        ? clientRetry
        : retryPolicy(call.retry && { ...settings.retry, ...call.retry }, config.alsoRetried);
    // A request built elsewhere (by a middleware) is read once, and every attempt sends a copy.
    const own = built.get(request);
    const { body, caller: given } = own ?? {
      body: request.body ? await request.arrayBuffer() : null,
      caller: request.signal,
    };
    given?.throwIfAborted();
    const { method, url } = request;
    const { clock, logger, redactor } = settings;
    const shape = config.responseShape(method, url);
    // The URL is redacted only for a line actually logged (after authorizing, which is when a key
    // from a function becomes known): no scan of the secrets on requests nobody logs.
    const log = (to: Logger, attempt: number, started: number, outcome: Outcome, retryInMs: number | undefined) =>
      logAttempt(to, {
        method,
        url: redactor.url(url),
        attempt,
        durationMs: clock.now() - started,
        ...(outcome.response ? { status: outcome.response.status } : { error: messageOf(outcome.failure) }),
        ...(retryInMs === undefined ? {} : { retryInMs }),
      });
    // A call's deadline ends it the way the caller's abort does, wherever it is.
    const deadline =
      call.deadlineMs === undefined
        ? undefined
        : startDeadline(clock, call.deadlineMs, given, () => `${method} ${redactor.url(url)}`);
    const caller = deadline?.signal ?? given;

    try {
      let retries = 0;
      let reauthorized = false;
      for (let attempt = 1; ; attempt++) {
        // Before the credentials, so that a long wait does not outlast a token; before the attempt's
        // time limit starts, which the wait does not count against.
        const waited = config.pacer ? await config.pacer.acquire(clock, caller) : 0;
        if (waited > 0 && logger)
          logger.info(`orgkit: ${method} ${redactor.url(url)} waited ${Math.round(waited)} ms for the rate limit`);
        const authorization = await config.authorizer.authorization(caller);
        caller?.throwIfAborted(); // its abort event may have passed while the credentials were read
        const outgoing = attempt === 1 && own ? request : new Request(request, { body, redirect: "manual" });
        outgoing.headers.set("authorization", authorization);

        const started = clock.now();
        const outcome = await attemptOnce(config, { request: outgoing, method, url, body, caller, shape, timeoutMs });
        if ("response" in outcome && outcome.response.status === 401 && !reauthorized && config.authorizer.rejected) {
          config.authorizer.rejected(authorization);
          reauthorized = true;
          if (logger) log(logger, attempt, started, outcome, 0);
          continue;
        }
        const now = clock.now();
        const wanted = retryDelay(retry, method, retries, outcome, now, Math.random);
        // A retry the deadline would cut short is not started: the call fails now, with what it got.
        const delay = wanted !== undefined && deadline && now + wanted >= deadline.at ? undefined : wanted;
        if (logger) log(logger, attempt, started, outcome, delay);
        if (delay === undefined) {
          if ("response" in outcome) return outcome;
          throw outcome.failure;
        }
        await clock.sleep(delay, caller);
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
 * One attempt under its own time limit; resolves with the response, its body read and checked, or
 * with the failure: a typed one for what may pass (a lost connection, a timeout, a success that is
 * not what the spec promises), the error itself for anything else, such as a bug in a custom
 * fetch. The time limit and the caller's abort end it through one signal, given to fetch; the
 * attempt ends when it aborts even if fetch ignores it.
 */
async function attemptOnce(config: TransportConfig, attempt: Attempt): Promise<Received | { failure: unknown }> {
  const { method, url, caller, timeoutMs } = attempt;
  const { clock, redactor } = config.settings;
  const link = linkSignal(caller);
  let timedOut = false;
  const cancelTimeout = clock.schedule(timeoutMs, () => {
    timedOut = true;
    link.abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  let response: Response | undefined;
  const exchange = async () => {
    response = await fetchWithinOrigin(config.settings.fetch, attempt, link.signal);
    // Reading the body under the same time limit makes a stalled body a timeout too, and a
    // connection dropped mid-body a retryable failure rather than a parse error later. An error
    // body is kept only as far as an error needs it.
    const text = response.ok ? await response.text() : await readPrefix(response, longestErrorBody);
    return checked(config, attempt, response, text);
  };
  try {
    return await untilAborted(exchange(), link.signal);
  } catch (failure) {
    if (caller?.aborted) throw caller.reason;
    const described = `${method} ${redactor.url(url)}`;
    if (timedOut) return { failure: new TimeoutError(`${described} timed out after ${timeoutMs} ms`, timeoutMs) };
    if (isNetworkFailure(failure)) {
      const reason = `${described} failed: ${describeCause(failure)}${corsHint(url)}`;
      return { failure: new ConnectionError(redactor.text(reason), { cause: redactor.error(failure) }) };
    }
    // A response whose body cannot be decoded (corrupt gzip, say) came from a server all the same.
    if (response) {
      const problem = "its body could not be read";
      return { failure: unexpectedResponse(redactor, { method, url, response, issues: [], problem }) };
    }
    return { failure: redactor.error(failure) };
  } finally {
    cancelTimeout();
    link.release();
  }
}

/**
 * A whole response, parsed once: a failure when it is a success but not what the spec promises (a
 * body that is not JSON, which neither API sends, or JSON without the shape the operation's
 * response schema gives); the response with its body otherwise.
 */
function checked(
  config: TransportConfig,
  { method, url, shape }: Attempt,
  response: Response,
  text: string,
): Received | { failure: unknown } {
  const { redactor } = config.settings;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // An empty or blank body is no JSON value: the shape, if any, decides whether it may be empty.
    // An error body that is not JSON is kept as text, for its message.
    if (!response.ok) body = blank.test(text) ? undefined : text;
    else if (!blank.test(text)) return { failure: unexpectedResponse(redactor, { method, url, response, issues: [] }) };
  }
  if (response.ok && shape) {
    const issues = check(shape, body, "body");
    if (issues.length > 0) return { failure: unexpectedResponse(redactor, { method, url, response, body, issues }) };
  }
  return { response, url, text, body };
}

const blank = /^\s*$/;

// Both APIs' error bodies are a few hundred bytes; a proxy's error page may be megabytes.
const longestErrorBody = 64 * 1024;

// As Response.text() decodes: UTF-8, a leading BOM dropped, malformed bytes replaced.
const decoder = new TextDecoder();

async function readPrefix(response: Response, limit: number): Promise<string> {
  return decoder.decode((await readUpTo(chunksOf(response.body), limit)).bytes);
}

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

// A thrown value that is no Error is not printed: its text may hold anything, or throw.
function messageOf(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  return typeof failure === "string" ? failure : "a value that is not an Error";
}

/**
 * The response openapi-fetch reads for a `raw` call: the server's status and headers with the body
 * the transport read, as a new Response (statuses that cannot have a body get none).
 */
export function replay({ response, url, text }: Received): Response {
  const replayed = new Response(nullBody.has(response.status) ? null : text, response);
  // A built Response has no URL; errors and `raw` callers read it.
  Object.defineProperty(replayed, "url", { value: response.url || url });
  return replayed;
}

// Statuses whose response cannot have a body (fetch refuses to build one with).
const nullBody = new Set([101, 103, 204, 205, 304]);
