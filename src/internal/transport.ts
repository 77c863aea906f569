import { ConnectionError, OrgkitError, TimeoutError } from "../errors.js";
import type { Clock, Logger } from "../options.js";
import { unexpectedResponse } from "./api-error.js";
import { type AttemptRecord, logAttempt } from "./logging.js";
import type { Redactor } from "./redact.js";
import { fetchWithinOrigin, type RequestParts } from "./redirect.js";
import { type Outcome, type RetryPolicy, retryDelay } from "./retry.js";
import { check, type Schema } from "./validation.js";

/** Supplies the `Authorization` header of each attempt. */
export interface Authorizer {
  /** The header value for the next attempt. */
  authorization(signal: AbortSignal): Promise<string>;
  /**
   * Told that the server answered 401 to `authorization`. Only an authorizer that can get fresh
   * credentials (a new OAuth2 token) has it; the transport then tries once more, once per call.
   */
  rejected?(authorization: string): void;
}

export interface TransportConfig {
  fetch: (request: Request) => Promise<Response>;
  /** The shape the spec gives a successful answer to this request, when it gives one. */
  answerShape(request: Request): Schema | undefined;
  authorizer: Authorizer;
  retry: RetryPolicy | undefined;
  timeoutMs: number;
  clock: Clock;
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
    const shape = config.answerShape(request);
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
      const authorization = await config.authorizer.authorization(signal);
      const headers = new Headers(parts.headers);
      headers.set("authorization", authorization);

      const started = config.clock.now();
      const outcome = await attemptOnce(config, { ...parts, headers }, shape, signal, timeoutMs);
      const record = {
        method,
        attempt,
        durationMs: config.clock.now() - started,
        ...(outcome.response ? { status: outcome.response.status } : { error: messageOf(outcome.failure) }),
      };

      if (outcome.response?.status === 401 && !reauthorized && config.authorizer.rejected) {
        config.authorizer.rejected(authorization);
        reauthorized = true;
        log({ ...record, retryInMs: 0 });
        continue;
      }
      const delay = retryDelay(config.retry, method, retries, outcome, config.clock.now(), Math.random);
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

/**
 * One attempt under its own timeout; resolves with a response whose body is already read and
 * checked, or with the failure: a typed one for what may pass (a lost connection, a timeout, a
 * success that is not what the spec promises), the error itself for anything else, such as a bug
 * in a custom fetch.
 */
async function attemptOnce(config: TransportConfig, parts: RequestParts, shape: Schema | undefined, signal: AbortSignal, timeoutMs: number): Promise<Outcome> {
  const timeout = new AbortController();
  const cancelTimeout = config.clock.schedule(timeoutMs, () => timeout.abort());
  const failed = (failure: unknown, response?: Response): Outcome => {
    if (signal.aborted) throw signal.reason;
    const request = `${parts.method} ${config.redactor.url(parts.url)}`;
    if (timeout.signal.aborted) return { failure: new TimeoutError(`${request} timed out after ${timeoutMs} ms`, timeoutMs) };
    if (failure instanceof OrgkitError) return { failure };
    if (isNetworkFailure(failure)) {
      const reason = `${request} failed: ${describeCause(failure as Error)}${corsHint(parts.url)}`;
      return { failure: new ConnectionError(config.redactor.text(reason), { cause: config.redactor.error(failure) }) };
    }
    // An answer whose body cannot be decoded (corrupt gzip, say) came from a server all the same.
    if (response) return { failure: unexpectedResponse(config.redactor, { method: parts.method, response, issues: [], problem: "its body could not be read" }) };
    return { failure: config.redactor.error(failure) };
  };
  try {
    let response: Response;
    try {
      response = await fetchWithinOrigin(config.fetch, parts, AbortSignal.any([signal, timeout.signal]));
    } catch (failure) {
      return failed(failure);
    }
    // Reading the body under the same timeout means a stalled body is a timeout too, and a
    // connection dropped mid-body is a retryable failure rather than a parse error later.
    // An error body is kept only as far as an error needs it.
    let body: ArrayBuffer;
    try {
      body = await readBody(response, response.ok ? Infinity : longestErrorBody);
    } catch (failure) {
      return failed(failure, buffered(response, new ArrayBuffer(0), parts.url));
    }
    return checked(config.redactor, parts.method, buffered(response, body, parts.url), body, shape);
  } finally {
    cancelTimeout();
  }
}

/**
 * The outcome of a whole answer: a failure when it is a success but not what the spec promises, a
 * body that is not JSON (both APIs answer nothing else) or JSON without the shape the operation's
 * response schema gives; the response otherwise.
 */
function checked(redactor: Redactor, method: string, response: Response, body: ArrayBuffer, shape: Schema | undefined): Outcome {
  if (!response.ok || (response.body === null && !shape)) return { response };
  const json = parseJson(body);
  if (json === notJson) return { failure: unexpectedResponse(redactor, { method, response, issues: [] }) };
  const issues = shape ? check(shape, json, "body") : [];
  return issues.length === 0 ? { response } : { failure: unexpectedResponse(redactor, { method, response, body: json, issues }) };
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

// Both APIs' error bodies are a few hundred bytes; a proxy's error page may be megabytes.
const longestErrorBody = 64 * 1024;

/** The body, or its first `limit` bytes: the rest is not downloaded. */
async function readBody(response: Response, limit: number): Promise<ArrayBuffer> {
  if (limit === Infinity || response.body === null) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, size);
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {}); // the connection may already be gone; the prefix is all we need
  return concat(chunks, size).slice(0, limit);
}

function concat(chunks: Uint8Array[], size: number): ArrayBuffer {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

const notJson = Symbol("not JSON");

function parseJson(body: ArrayBuffer): unknown {
  const text = new TextDecoder().decode(body);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return notJson;
  }
}

function buffered(response: Response, body: ArrayBuffer, requestUrl: string): Response {
  const empty = nullBodyStatuses.has(response.status) || body.byteLength === 0;
  const copy = new Response(empty ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has an empty url; errors name the URL the answer came from (a custom
  // fetch, such as the sandbox's handler, may not set it either: then the URL asked for).
  Object.defineProperty(copy, "url", { value: response.url || requestUrl });
  return copy;
}

// What fetch implementations reject with when the network fails: a system error's code, on the
// error or its cause (undici "fetch failed" and "terminated" keep it in `cause`; nock, Node agents
// and Bun set it directly), covering DNS, refused and dropped connections, TLS and answers that are
// not HTTP at all (llhttp's HPE_ codes); else a TypeError
// with the engine's words (browsers "Failed to fetch", "Load failed", "NetworkError..."; Deno
// "error sending request"; node-fetch "request to ... failed"). A code that names something else
// (a corrupt gzip body, a bad argument) and anything else thrown by a fetch is not the network.
const networkCode = /^(E(?!RR_)[A-Z]+(_[A-Z]+)*|UND_ERR_\w+|HPE_\w+|ERR_(SOCKET|TLS|SSL|HTTP2)_\w+|ERR_STREAM_PREMATURE_CLOSE|\w*(CERT|SSL)\w*|ConnectionRefused|ConnectionClosed|FailedToOpenSocket)$/;
const networkMessage = /^(fetch failed|failed to fetch|load failed|networkerror when attempting to fetch resource|network error|terminated|error sending request|request to .* failed)/i;

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error) ?? codeOf(error.cause);
  if (code !== undefined) return networkCode.test(code);
  return error instanceof TypeError && networkMessage.test(error.message);
}

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

// undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ...) in `cause`.
function describeCause(error: Error): string {
  const { cause } = error;
  if (!(cause instanceof Error)) return error.message;
  return `${error.message} (${"code" in cause && typeof cause.code === "string" ? cause.code : cause.message})`;
}

// A browser reports a request refused by CORS exactly as a network failure, and says why only in
// its console: name the likely cause when the page and the API are on different origins.
function corsHint(url: string): string {
  const page = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (typeof page !== "string" || page === "null" || page === new URL(url).origin) return "";
  return `. In a browser this is also how a request refused by CORS fails: the API must allow the origin ${page}`;
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : typeof failure === "string" ? failure : "a value that is not an Error";
}
