import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type ApiError, OrgkitError } from "../errors.js";
import { VERSION } from "../version.js";
import { apiError, type ErrorDialect } from "./api-error.js";
import { checkedBaseUrl } from "./base-url.js";
import { type Clock, systemClock } from "./clock.js";
import type { Logger } from "./logging.js";
import { Redactor } from "./redact.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { type Authorizer, createTransport, type Send } from "./transport.js";
import { assertValid, check } from "./validation.js";

/** Options both clients take. */
export interface CommonOptions {
  /** The API's base URL, without a path. Plain http is refused except on loopback hosts. */
  baseUrl?: string;
  /** Retry policy, or `false` for none. @default { maxRetries: 2, ... } */
  retry?: RetryOptions | false;
  /** Time limit of each attempt, in milliseconds. @default 30000 */
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
  /** Time limit of each attempt of this call, in milliseconds. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

type MediaType = `${string}/${string}`;

interface CoreConfig {
  options: CommonOptions;
  defaultBaseUrl: string;
  mediaType: MediaType;
  authorizer: Authorizer;
  dialect: ErrorDialect;
  /** Overrides the error class a failed status maps to. */
  errorClass?: (status: number) => typeof ApiError | undefined;
  redactor: Redactor;
  middleware?: Middleware[];
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
  );
  const baseUrl = checkedBaseUrl(options.baseUrl ?? config.defaultBaseUrl, options.allowInsecureHttp ?? false);
  const clock = options.clock ?? systemClock;
  const send: Send = createTransport({
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    authorizer: config.authorizer,
    retry: retryPolicy(options.retry),
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    random: Math.random,
    logger: options.logger,
    redactor,
  });
  const raw = createClient<Paths, Media>({ baseUrl, fetch: (request) => send(request), headers: defaultHeaders(config.mediaType, options.userAgent) });
  if (config.middleware) raw.use(...config.middleware);

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
      assertValid(timeoutMs === undefined ? [] : check(timeoutSchema, timeoutMs, "timeoutMs"));
      return {
        ...(signal ? { signal } : {}),
        ...(headers ? { headers } : {}),
        ...(timeoutMs === undefined ? {} : { fetch: (request: Request) => send(request, { timeoutMs }) }),
      };
    },
    async body(method, call) {
      const { data, response } = await settle(method, call);
      if (data === undefined) {
        throw new OrgkitError(`${method} ${redactor.url(response.url)} answered ${response.status} without the expected body.`);
      }
      return data;
    },
    async done(method, call) {
      await settle(method, call);
    },
  };
}

const timeoutSchema = { type: "number", exclusiveMinimum: 0 } as const;

const retryOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxRetries: { type: "integer", minimum: 0 },
    initialDelayMs: { type: "number", minimum: 0 },
    maxDelayMs: { type: "number", minimum: 0 },
    maxRetryAfterMs: { type: "number", minimum: 0 },
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
