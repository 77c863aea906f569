import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { ApiError, ValidationIssue } from "../errors.js";
import { VERSION } from "../version.js";
import { apiError, type ErrorDialect, unexpectedResponse } from "./api-error.js";
import { checkedBaseUrl } from "./base-url.js";
import { isRecord } from "./is-record.js";
import { type Clock, systemClock } from "./clock.js";
import type { Logger } from "./logging.js";
import { Redactor } from "./redact.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { querySerializer, serializePath } from "./serializers.js";
import { type Authorizer, createTransport, type Send } from "./transport.js";
import { assertValid, check, type Schema } from "./validation.js";

/** Options both clients take. */
export interface CommonOptions {
  /** The API's base URL, without a path. Plain http is refused except on loopback hosts. */
  baseUrl?: string;
  /** Retry policy, or `false` for none. @default { maxRetries: 2, ... } */
  retry?: RetryOptions | false;
  /** Time limit of each attempt, in milliseconds, at most 2147483647 (what timers hold). @default 30000 */
  timeoutMs?: number;
  /** The fetch to send requests with (a sandbox handler, a proxy agent...). @default globalThis.fetch */
  fetch?: (request: Request) => Promise<Response>;
  /** Gets one line per attempt: method, URL, status, attempt number, duration. Secrets are masked. */
  logger?: Logger;
  /** Your application's product token, sent before orgkit's in `User-Agent`. */
  userAgent?: string;
  /** Allows a plain-http base URL on a non-loopback host. Credentials then cross the network in clear. @default false */
  allowInsecureHttp?: boolean;
  /** The clock behind token expiry and retry delays; tests pass their own. */
  clock?: Clock;
}

/** The optional last argument of every facade method. */
export interface CallOptions {
  /** Cancels the call at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Time limit of each attempt of this call, in milliseconds, at most 2147483647. */
  timeoutMs?: number;
  /** Extra headers for this call: names are HTTP tokens, values cannot hold line breaks. */
  headers?: Record<string, string>;
}

type MediaType = `${string}/${string}`;

/** What the core reads of an API's generated rules: each operation's route and answer shape. */
type OperationRules = Readonly<Record<string, { readonly route: string; readonly response?: Schema }>>;

interface CoreConfig {
  options: CommonOptions;
  rules: OperationRules;
  /** The query parameters whose arrays go comma-separated, from the generated rules. */
  commaSeparated: readonly string[];
  defaultBaseUrl: string;
  mediaType: MediaType;
  authorizer: Authorizer;
  dialect: ErrorDialect;
  /** Overrides the error class a failed status maps to. */
  errorClass?: (status: number) => typeof ApiError | undefined;
  redactor: Redactor;
  middleware?: Middleware[];
  /** A method retried although the policy's methods leave it out (the token endpoint's POST). */
  alsoRetried?: string;
}

/** The result shape of an openapi-fetch call. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What a client is built from: the typed openapi-fetch client and the helpers its facade uses. */
export interface Core<Paths extends {}, Media extends MediaType> {
  raw: Client<Paths, Media>;
  /** openapi-fetch per-call options for a facade method's `CallOptions`. */
  init(options: CallOptions | undefined): { signal?: AbortSignal; headers?: Record<string, string>; fetch?: (request: Request) => Promise<Response> };
  /** The body of a successful response; throws the typed error otherwise. */
  body<T>(method: string, call: Promise<FetchResult<T>>): Promise<T>;
  /** Resolves when the response is a success, whatever its body; throws the typed error otherwise. */
  done(method: string, call: Promise<FetchResult<unknown>>): Promise<void>;
}

/** Validates the common options and composes the transport and the openapi-fetch client. */
export function createCore<Paths extends {}, Media extends MediaType>(config: CoreConfig): Core<Paths, Media> {
  const { options, redactor } = config;
  assertValid(
    options.timeoutMs === undefined ? [] : check(timeoutSchema, options.timeoutMs, "timeoutMs"),
    options.retry ? check(retryOptionsSchema, options.retry, "retry") : [],
    options.userAgent === undefined ? [] : check(headerValue, options.userAgent, "userAgent"),
  );
  const baseUrl = checkedBaseUrl(options.baseUrl ?? config.defaultBaseUrl, options.allowInsecureHttp ?? false);
  const clock = options.clock ?? systemClock;
  const answers = answerShapes(config.rules);
  const send: Send = createTransport({
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    answerShape: (request) => answers.expected.get(request),
    authorizer: config.authorizer,
    retry: retryPolicy(options.retry, config.alsoRetried),
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    random: Math.random,
    logger: options.logger,
    redactor,
  });
  const raw = createClient<Paths, Media>({
    baseUrl,
    fetch: (request) => send(request),
    headers: defaultHeaders(config.mediaType, options.userAgent),
    querySerializer: querySerializer(config.commaSeparated),
    pathSerializer: serializePath,
  });
  raw.use(answers.middleware, ...(config.middleware ?? []));

  async function settle<T>(method: string, call: Promise<FetchResult<T>>): Promise<FetchResult<T>> {
    const result = await call;
    const { response } = result;
    if (!response.ok) {
      const as = config.errorClass?.(response.status);
      throw apiError(config.dialect, redactor, { method, response, body: result.error, ...(as ? { as } : {}) }, clock.now());
    }
    return result;
  }

  return {
    raw,
    init(call) {
      if (!call) return {};
      const { timeoutMs, signal, headers } = call;
      assertValid(callOptionIssues(call));
      return {
        ...(signal ? { signal } : {}),
        ...(headers ? { headers } : {}),
        ...(timeoutMs === undefined ? {} : { fetch: (request: Request) => send(request, { timeoutMs }) }),
      };
    },
    async body(method, call) {
      const { data, response } = await settle(method, call);
      // The transport already refused a success without the body its shape requires; this is for the types.
      if (data === undefined) throw unexpectedResponse(redactor, { method, response, issues: [{ field: "body", rule: "type", message: "is missing" }] });
      return data;
    },
    async done(method, call) {
      await settle(method, call);
    },
  };
}

/**
 * Tells the transport which shape the spec gives the answer to each request (the members the
 * client and the types rely on), so that it checks every successful answer, for the facade, `raw`
 * and the token endpoint alike, and retries a safe call that got something else.
 */
function answerShapes(rules: OperationRules): { expected: WeakMap<Request, Schema>; middleware: Middleware } {
  const shapes = new Map(Object.values(rules).flatMap(({ route, response }) => (response ? [[route, response] as const] : [])));
  const expected = new WeakMap<Request, Schema>();
  return {
    expected,
    middleware: {
      onRequest({ request, schemaPath }) {
        const shape = shapes.get(`${request.method} ${schemaPath}`);
        if (shape) expected.set(request, shape);
      },
    },
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
  const reserved = isRecord(headers) ? Object.keys(headers).filter((name) => /^(content-type|authorization)$/i.test(name)) : [];
  return [
    ...check(callOptionsSchema, call, ""),
    ...(signal === undefined || signal instanceof AbortSignal ? [] : [{ field: "signal", rule: "type", message: "must be an AbortSignal" }]),
    ...reserved.map((name) => ({ field: `headers.${name}`, rule: "reserved", message: "is set by orgkit and cannot be given per call" })),
  ];
}

// RFC 9110 field names and values: no line break, NUL or character beyond Latin-1 can end up in a
// request (fetch would refuse it with an error quoting the value).
const headerValue = { type: "string", pattern: "^[\\t\\x20-\\x7E\\x80-\\xFF]*$", maxLength: 8192 } as const;

const callOptionsSchema = {
  type: "object",
  properties: {
    timeoutMs: timeoutSchema,
    headers: { type: "object", propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }, additionalProperties: headerValue },
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

function defaultHeaders(mediaType: MediaType, userAgent: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: mediaType };
  // Browsers set their own User-Agent, and adding one there triggers a CORS preflight.
  const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
  if (!inBrowser) headers["user-agent"] = [userAgent, `orgkit/${VERSION}`].filter(Boolean).join(" ");
  return headers;
}
