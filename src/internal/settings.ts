import type { CommonOptions, DriftRecord, Logger, Pacer, RateLimitOptions } from "../options.js";
import { RateLimiter } from "../rate-limit.js";
import { checkedBaseUrl } from "./base-url.js";
import { systemClock } from "./clock.js";
import { isRecord } from "./is-record.js";
import { loggerFor } from "./logging.js";
import { clientOptionIssues } from "./option-rules.js";
import { Redactor } from "./redact.js";
import { assertValid, type Drift } from "./validation.js";

/** What a client makes of its options, once: every request it sends, to the API or its token endpoint, shares it. */
export type Settings = ReturnType<typeof resolveSettings>;

/** Checks the options both clients share and resolves them; throws a `ValidationError` naming each bad one. */
export function resolveSettings(options: CommonOptions, defaultBaseUrl: string) {
  assertValid(clientOptionIssues(options));
  const logger = loggerFor(options.logger);
  const redactor = new Redactor();
  return {
    baseUrl: checkedBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp ?? false),
    send: sender(options.fetch),
    clock: options.clock ?? systemClock,
    logger,
    redactor,
    // As given: a call's own retry options amend them.
    retry: options.retry,
    timeoutMs: options.timeoutMs ?? 30_000,
    userAgent: options.userAgent,
    // Tells of a response's drift from the spec, once per operation, member and kind.
    reportDrift: driftReporter(logger, redactor, options.onDrift),
  };
}

/** What fetch is called with: the attempt's signal and `redirect: "manual"` are in `init`. */
export type Send = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

// The global fetch is read at each call, so that one installed later (nock, msw, a polyfill) is used; it
// gets the URL, which spares building a Request that it would build again. A fetch given gets a Request.
function sender(fetch: CommonOptions["fetch"]): Send {
  if (!fetch) return (url, init) => globalThis.fetch(url, init);
  return (url, init) => fetch(new Request(url, init), { signal: init.signal });
}

function driftReporter(logger: Logger | undefined, redactor: Redactor, onDrift: CommonOptions["onDrift"]) {
  const told = new Set<string>();
  return (operationId: string, drift: readonly Drift[]) => {
    for (const { path, kind, value } of drift) {
      const key = `${operationId} ${kind} ${path}`;
      if (told.has(key)) continue;
      told.add(key);
      // An enum value is named, masked; an unknown member's value never: it may be anything.
      const named = kind === "unknown enum value" ? { value: redactor.value(value) } : undefined;
      const record: DriftRecord = { operationId, path, kind, ...named };
      const shown = named ? ` ${JSON.stringify(named.value)}` : "";
      const line = `orgkit: ${operationId} responded with an ${kind}${shown} at ${path}; the spec may be out of date`;
      logger?.warn(line, { ...record });
      onDrift?.(record);
    }
  };
}

/** What paces a client: the pacer given, a token bucket for the limit given or the API's, or nothing. */
export function pacerFor(given: CommonOptions["rateLimit"], documented: RateLimitOptions | undefined) {
  if (isPacer(given)) return given;
  const limit = given ?? documented;
  return limit ? new RateLimiter(limit) : undefined; // `false` turns pacing off
}

const isPacer = (value: unknown): value is Pacer => isRecord(value) && typeof value["acquire"] === "function";
