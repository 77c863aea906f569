import createClient from "openapi-fetch";
import type { ValidationIssue } from "../errors.js";
import type { CallOptions, CommonOptions, Pacer, RateLimitOptions } from "../options.js";
import { RateLimiter } from "../rate-limit.js";
import { VERSION } from "../version.js";
import { answerShapes, type OperationRules } from "./answer-shapes.js";
import { apiError, type ErrorDialect, unexpectedResponse } from "./api-error.js";
import { checkedBaseUrl } from "./base-url.js";
import { takeParsed, wasRead } from "./body.js";
import { systemClock } from "./clock.js";
import { isRecord } from "./is-record.js";
import { loggerFor } from "./logging.js";
import type { Redactor } from "./redact.js";
import { retryPolicy } from "./retry.js";
import { querySerializer, serializePath } from "./serializers.js";
import { type Authorizer, type CallSettings, createTransport } from "./transport.js";
import { assertValid, check } from "./validation.js";

type MediaType = `${string}/${string}`;

interface CoreConfig {
  options: CommonOptions;
  rules: OperationRules;
  /** The query parameters whose arrays go comma-separated, from the generated rules. */
  commaSeparated: readonly string[];
  defaultBaseUrl: string;
  mediaType: MediaType;
  authorizer: Authorizer;
  /** How failures read, and which class each status maps to. */
  dialect: ErrorDialect;
  redactor: Redactor;
  /** A method retried although the policy's methods leave it out (the token endpoint's POST). */
  alsoRetried?: string;
  /** The API's documented rate limit (from its spec), paced unless the options say otherwise. */
  rateLimit: RateLimitOptions | undefined;
}

/** What an openapi-fetch call resolves with. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The arguments of openapi-fetch's `raw.request`: the method (lowercase, as it types it), then the path and init. */
type RequestArguments = [method: string, ...rest: unknown[]];

/**
 * Validates the common options and composes the transport and the openapi-fetch client: what a
 * client is built from, the typed `raw` client and the helpers its facade calls.
 */
export function createCore<Paths extends {}, Media extends MediaType>(config: CoreConfig) {
  const { options, redactor } = config;
  assertValid(
    options.timeoutMs === undefined ? [] : check(timeoutSchema, options.timeoutMs, "timeoutMs"),
    retryIssues(options.retry),
    options.userAgent === undefined ? [] : check(headerValue, options.userAgent, "userAgent"),
  );
  const baseUrl = checkedBaseUrl(options.baseUrl ?? config.defaultBaseUrl, options.allowInsecureHttp ?? false);
  const clock = options.clock ?? systemClock;
  const transport = createTransport({
    // Read at each call, so that a fetch installed later (nock, msw, a polyfill) is the one used.
    fetch: options.fetch ?? ((request, init) => globalThis.fetch(request, init)),
    baseUrl,
    answerShape: answerShapes(config.rules),
    mediaType: config.mediaType,
    authorizer: config.authorizer,
    retry: retryPolicy(options.retry, config.alsoRetried),
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    logger: loggerFor(options.logger),
    pacer: pacerFor(options.rateLimit, config.rateLimit),
    redactor,
  });
  const { send } = transport;
  const raw = createClient<Paths, Media>({
    baseUrl,
    Request: transport.Request,
    fetch: (request) => send(request),
    headers: defaultHeaders(config.mediaType, options.userAgent),
    querySerializer: querySerializer(config.commaSeparated),
    pathSerializer: serializePath,
  });

  const failed = (method: string, response: Response, body: unknown) =>
    apiError(config.dialect, redactor, { method, response, body }, clock.now());

  // The helpers wrap `raw.request` rather than take its result, so that a facade call names its
  // method once: openapi-fetch's types then accept only a path that has that method, and an error
  // reports the method that was sent. A wrapper of a generic function is generic too (TypeScript
  // infers higher-order generics), so paths, parameters, bodies and results stay fully typed.
  const answered =
    <A extends RequestArguments, T>(request: (...args: A) => Promise<FetchResult<T>>) =>
    async (...args: A): Promise<{ data: T; response: Response }> => {
      const method = args[0].toUpperCase();
      // Asked as text, which the transport already holds: where an answer has no Content-Length,
      // openapi-fetch would otherwise parse the JSON the transport parsed once already.
      const [lowercase, path, init] = args;
      const {
        data: text,
        error,
        response,
      } = await request(...([lowercase, path, { ...(init as object), parseAs: "text" }] as unknown as A));
      if (!response.ok) throw failed(method, response, error);
      // A middleware's own answer was not read by the transport: its text is parsed here, as openapi-fetch would.
      const data = (
        wasRead(response)
          ? takeParsed(response)
          : typeof text === "string" && text !== ""
            ? JSON.parse(text)
            : undefined
      ) as T | undefined;
      // The transport already refused a success without the body its shape requires; this is for the types.
      if (data === undefined)
        throw unexpectedResponse(redactor, {
          method,
          response,
          issues: [{ field: "body", rule: "type", message: "is missing" }],
        });
      return { data, response };
    };
  const bodyOf =
    <A extends RequestArguments, T>(answer: (...args: A) => Promise<{ data: T }>) =>
    async (...args: A): Promise<T> =>
      (await answer(...args)).data;
  // T goes unused, but without it TypeScript does not carry `raw.request`'s generics through.
  const completed =
    <A extends RequestArguments, T>(request: (...args: A) => Promise<FetchResult<T>>) =>
    async (...args: A): Promise<void> => {
      const { error, response } = await request(...args);
      if (!response.ok) throw failed(args[0].toUpperCase(), response, error);
    };
  const answer = answered(raw.request);

  return {
    /** The typed openapi-fetch client, on the same transport. */
    raw,
    /** openapi-fetch per-call options for a facade method's `CallOptions`. */
    init(call: CallOptions | undefined): {
      signal?: AbortSignal;
      headers?: Record<string, string>;
      fetch?: (request: Request) => Promise<Response>;
    } {
      if (!call) return {};
      const { timeoutMs, signal, headers, retry, deadlineMs } = call;
      assertValid(callOptionIssues(call));
      const settings: CallSettings = {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        // The call's retry options amend the client's; `false` turns retries off for this call.
        ...(retry === undefined
          ? {}
          : { retry: retryPolicy(retry && { ...options.retry, ...retry }, config.alsoRetried) }),
        ...(deadlineMs === undefined ? {} : { deadlineMs }),
      };
      return {
        ...(signal ? { signal } : {}),
        ...(headers ? { headers } : {}),
        ...(Object.keys(settings).length === 0 ? {} : { fetch: (request: Request) => send(request, settings) }),
      };
    },
    /** `raw.request(method, path, init)`, resolving with a success's body and response; throws the typed error otherwise. */
    answer,
    /** `raw.request(method, path, init)`, resolving with a success's body; throws the typed error otherwise. */
    body: bodyOf(answer),
    /** `raw.request(method, path, init)`, resolving when the answer is a success, whatever its body; throws the typed error otherwise. */
    done: completed(raw.request),
  };
}

// Timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once.
const longestDelay = 2 ** 31 - 1;
const delaySchema = { type: "number", minimum: 0, maximum: longestDelay } as const;
const timeoutSchema = { type: "number", exclusiveMinimum: 0, maximum: longestDelay } as const;

/** Why per-call options cannot be used: a timeout no timer holds, headers fetch would refuse, a signal that is not one. */
export function callOptionIssues(call: CallOptions): ValidationIssue[] {
  const { signal, headers } = call;
  // Headers orgkit sets itself: another Content-Type would change how the body is encoded, another
  // Authorization would be replaced on the way out.
  const reserved = isRecord(headers)
    ? Object.keys(headers).filter((name) => /^(content-type|authorization)$/i.test(name))
    : [];
  return [
    ...check(callOptionsSchema, call, ""),
    ...retryIssues(call.retry),
    ...(signal === undefined || signal instanceof AbortSignal
      ? []
      : [{ field: "signal", rule: "type", message: "must be an AbortSignal" }]),
    ...reserved.map((name) => ({
      field: `headers.${name}`,
      rule: "reserved",
      message: "is set by orgkit and cannot be given per call",
    })),
  ];
}

// RFC 9110 field names and values: no line break, NUL or character beyond Latin-1 can end up in a
// request (fetch would refuse it with an error quoting the value).
const headerValue = { type: "string", pattern: "^[\\t\\x20-\\x7E\\x80-\\xFF]*$", maxLength: 8192 } as const;

const callOptionsSchema = {
  type: "object",
  properties: {
    timeoutMs: timeoutSchema,
    deadlineMs: timeoutSchema,
    headers: {
      type: "object",
      propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
      additionalProperties: headerValue,
    },
  },
} as const;

const retryOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxRetries: { type: "integer", minimum: 0 },
    initialDelayMs: delaySchema,
    maxDelayMs: delaySchema,
    maxRetryAfterMs: delaySchema,
    methods: { type: "array", items: { type: "string" } },
    statuses: { type: "array", items: { type: "integer", minimum: 100, maximum: 599 } },
  },
} as const;

/** What paces a client: the pacer given, a token bucket for the limit given or the API's, or nothing. */
function pacerFor(given: CommonOptions["rateLimit"], documented: RateLimitOptions | undefined): Pacer | undefined {
  if (isPacer(given)) return given;
  const limit = given ?? documented;
  return limit ? new RateLimiter(limit) : undefined; // `false` turns pacing off
}

const isPacer = (value: unknown): value is Pacer => isRecord(value) && typeof value["acquire"] === "function";

/** Why a `retry` option cannot be used: it is retry options or `false`. */
function retryIssues(retry: unknown): ValidationIssue[] {
  return retry === undefined || retry === false ? [] : check(retryOptionsSchema, retry, "retry");
}

function defaultHeaders(mediaType: MediaType, userAgent: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: mediaType };
  // Browsers set their own User-Agent, and adding one there triggers a CORS preflight.
  const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
  if (!inBrowser) headers["user-agent"] = [userAgent, `orgkit/${VERSION}`].filter(Boolean).join(" ");
  return headers;
}
