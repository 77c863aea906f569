import { ConnectionError, TimeoutError } from "../errors.js";
import type { CallOptions, Logger, Pacer } from "../options.js";
import { linkSignal } from "./abortable.js";
import { startDeadline } from "./deadline.js";
import { logAttempt } from "./logging.js";
import { corsHint, describeCause, isNetworkFailure } from "./network-failure.js";
import { chunksOf, readUpTo } from "./read-body.js";
import { fetchWithinOrigin, type Outgoing } from "./redirect.js";
import { unexpectedResponse } from "./response-error.js";
import type { ResponseShape } from "./response-shapes.js";
import { type Outcome, retryDelay, retryPolicy } from "./retry.js";
import type { Settings } from "./settings.js";
import { check, type Drift } from "./validation.js";

/** Supplies the `Authorization` header of each attempt; one that can renew it hears of a 401, once per call. */
export interface Authorizer {
  authorization(signal: AbortSignal | undefined): Promise<string>;
  rejected?(authorization: string): void;
}

export interface TransportConfig {
  settings: Settings;
  authorizer: Authorizer;
  responseShape(method: string, url: string): ResponseShape | undefined;
  pacer: Pacer | undefined;
  /** A method retried although the policy's methods leave it out (the token endpoint's POST). */
  alsoRetried?: string;
}

/** A final response, its body read once (all of a success, the start of an error) and parsed. */
export interface Received {
  response: Response;
  /** The request's URL, which a custom fetch may leave off `response.url`. */
  url: string;
  text: string;
  /** JSON, or the text of an error body that is not JSON; `undefined` when empty. */
  body: unknown;
}

export type { Outgoing };

export type Transport = ReturnType<typeof createTransport>;

/** Sends with retries, time limits, pacing and credentials; `send` resolves with the final response. */
export function createTransport(config: TransportConfig) {
  const { settings } = config;
  const clientRetry = retryPolicy(settings.retry, config.alsoRetried);

  async function send(outgoing: Outgoing, call: CallOptions = {}): Promise<Received> {
    const timeoutMs = call.timeoutMs ?? settings.timeoutMs;
    // A call's retry options amend the client's field by field.
    const retry =
      call.retry === undefined
        ? clientRetry
        : retryPolicy(call.retry && { ...settings.retry, ...call.retry }, config.alsoRetried);
    const given = call.signal;
    given?.throwIfAborted();
    const { method, url, headers } = outgoing;
    const { clock, logger, redactor } = settings;
    const shape = config.responseShape(method, url);
    // Redacted only for a line logged, after authorizing (a key from a function is known then).
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
        headers.set("authorization", authorization);
        const started = clock.now();
        const outcome = await attemptOnce(config, { ...outgoing, caller, shape, timeoutMs });
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
    }
  }

  return { send };
}

type Attempt = Outgoing & { caller: AbortSignal | undefined; shape: ResponseShape | undefined; timeoutMs: number };

type Result = Received | { failure: unknown };

/**
 * One attempt under its own time limit: the response, its body read and checked, or the failure, typed for what
 * may pass (a lost connection, a timeout, a success not as the spec promises), as thrown otherwise (a bug in a
 * custom fetch). The time limit and the caller's abort end it at once, and abort fetch's signal.
 */
async function attemptOnce(config: TransportConfig, attempt: Attempt): Promise<Result> {
  const { method, url, caller, timeoutMs } = attempt;
  const { clock, redactor } = config.settings;
  let stop: (reason: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  const link = linkSignal(caller, stop);
  let timedOut = false;
  const cancelTimeout = clock.schedule(timeoutMs, () => {
    timedOut = true;
    link.abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  });
  let response: Response | undefined;
  const exchange = async () => {
    response = await fetchWithinOrigin(config.settings.send, attempt, link.signal);
    // Under the time limit, a stalled body is a timeout and a connection dropped mid-body a retryable failure, not
    // a parse error later. An error body is kept only as far as an error needs.
    const text = response.ok
      ? await response.text()
      : decoder.decode((await readUpTo(chunksOf(response.body), longestErrorBody)).bytes);
    return checked(config, attempt, response, text);
  };
  try {
    return await Promise.race([exchange(), stopped]);
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
    // A blank body is no JSON value: the shape, if any, decides whether it may be empty. An error body that is
    // not JSON is kept as text, for its message.
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

// A thrown value that is no Error is not printed: its text may hold anything, or throw.
const messageOf = (failure: unknown) =>
  failure instanceof Error ? failure.message : typeof failure === "string" ? failure : "a value that is not an Error";
