import { ConnectionError, TimeoutError } from "../errors.js";
import type { CallOptions, Logger, Pacer } from "../options.js";
import { linkSignal, untilAborted } from "./abortable.js";
import { startDeadline } from "./deadline.js";
import { logAttempt } from "./logging.js";
import { corsHint, describeCause, isNetworkFailure } from "./network-failure.js";
import { chunksOf, readUpTo } from "./read-body.js";
import { fetchWithinOrigin, type Sent } from "./redirect.js";
import { unexpectedResponse } from "./response-error.js";
import type { ResponseShape } from "./response-shapes.js";
import { type Outcome, retryDelay, retryPolicy } from "./retry.js";
import type { Settings } from "./settings.js";
import { check, type Drift, invalid } from "./validation.js";

/** Supplies the `Authorization` header of each attempt. */
export interface Authorizer {
  authorization(signal: AbortSignal | undefined): Promise<string>;
  /** The server refused `authorization` (401). Only an authorizer that can renew it has this; once per call. */
  rejected?(authorization: string): void;
}

export interface TransportConfig {
  settings: Settings;
  /** The API's JSON media type, which every JSON body is labelled with (openapi-fetch says `application/json`). */
  mediaType: string;
  authorizer: Authorizer;
  /** The shape the spec gives a successful response to this request, if any. */
  responseShape(method: string, url: string): ResponseShape | undefined;
  pacer: Pacer | undefined;
  /** A method retried although the policy's methods leave it out (the token endpoint's POST). */
  alsoRetried?: string;
}

/** A final response, its body read once: all of a success, the start of an error. */
export interface Received {
  /** Its body already read (`bodyUsed`): what was read is here. */
  response: Response;
  /** The request's URL, which a custom fetch may leave off `response.url`. */
  url: string;
  text: string;
  /** The body parsed: JSON, or the text where an error body is not JSON; `undefined` when empty. */
  body: unknown;
}

export interface Transport {
  /** The `Request` constructor of openapi-fetch and the facade; it keeps the body as given, so only a retry copies. */
  Request: typeof Request;
  /** Sends with retries, time limits, pacing and credentials; resolves with the final response. */
  send(request: Request, call?: CallOptions): Promise<Received>;
}

/** What the transport keeps of a request its `Request` built. */
interface Built {
  /** The body as serialized: a retry sends it again (the stream is read by then). */
  body: BodyInit | null;
  caller: AbortSignal | undefined;
  /** Unlinks the request's signal from the caller's, once the call is over. */
  release: (() => void) | undefined;
}

/** Retries and the re-send after a 401 send a copy with the body as given: no attempt reuses a consumed body. */
export function createTransport(config: TransportConfig): Transport {
  const { settings } = config;
  const built = new WeakMap<Request, Built>();
  const clientRetry = retryPolicy(settings.retry, config.alsoRetried);

  function OrgkitRequest(input: RequestInfo | URL, init: RequestInit = {}): Request {
    if (typeof input === "string") assertOnBase(input, settings.baseUrl);
    // Redirects: fetchWithinOrigin keeps credentials on their origin. The caller's signal stays off
    // the request, since fetch ties a listener to a request's signal that only garbage collection
    // removes (a server's shutdown signal shared by many calls would gather thousands): the request
    // gets its own, linked to the caller's until the call settles.
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
    // A call's retry options amend the client's field by field.
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
    // Redacted only for a line actually logged, after authorizing (when a key from a function is
    // known): no scan of the secrets on requests nobody logs.
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
        // Before the credentials, so that a long wait does not outlast a token, and outside the time limit.
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

interface Attempt extends Sent {
  caller: AbortSignal | undefined;
  shape: ResponseShape | undefined;
  timeoutMs: number;
}

type Result = Received | { failure: unknown };

/**
 * One attempt under its own time limit: the response, its body read and checked, or the failure,
 * typed for what may pass (a lost connection, a timeout, a success not as the spec promises), as
 * thrown otherwise (a bug in a custom fetch). The time limit and the caller's abort end it through
 * one signal, given to fetch; the attempt ends when it aborts even if fetch ignores it.
 */
async function attemptOnce(config: TransportConfig, attempt: Attempt): Promise<Result> {
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
    // Under the same time limit, a stalled body is a timeout and a connection dropped mid-body a
    // retryable failure, not a parse error later. An error body is kept only as far as an error needs.
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

/** A response parsed once; a failure for a success not JSON (neither API sends other) or not of the spec's shape. */
function checked(config: TransportConfig, { method, url, shape }: Attempt, response: Response, text: string): Result {
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
    const drift: Drift[] = [];
    const issues = check(shape.schema, body, "body", drift);
    if (issues.length > 0) return { failure: unexpectedResponse(redactor, { method, url, response, body, issues }) };
    if (drift.length > 0) config.settings.reportDrift(shape.operationId, drift);
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
 * Refuses a URL off the base URL. openapi-fetch appends the path as text, so a path without a leading "/" could
 * change the host (".evil.example", "@evil.example", ":8443") and take the credentials there, or break the URL.
 */
function assertOnBase(url: string, baseUrl: string): void {
  const next = url.charAt(baseUrl.length);
  if (url.startsWith(baseUrl) && (next === "" || next === "/" || next === "?")) return;
  throw invalid("path", "format", "must start with / so that the request stays on baseUrl");
}

// A thrown value that is no Error is not printed: its text may hold anything, or throw.
function messageOf(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  return typeof failure === "string" ? failure : "a value that is not an Error";
}

/** The response openapi-fetch reads for a `raw` call: the server's, with the body the transport read. */
export function replay({ response, url, text }: Received): Response {
  const replayed = new Response(nullBody.has(response.status) ? null : text, response);
  // A built Response has no URL; errors and `raw` callers read it.
  Object.defineProperty(replayed, "url", { value: response.url || url });
  return replayed;
}

// Statuses fetch refuses to build a Response with a body for.
const nullBody = new Set([101, 103, 204, 205, 304]);
