import type { ValidationIssue } from "../errors.js";
import type { CallOptions } from "../options.js";
import { isRecord } from "./is-record.js";
import { check } from "./validation.js";

/** Timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once. */
export const longestTimerMs = 2 ** 31 - 1;

const delay = { type: "number", minimum: 0, maximum: longestTimerMs } as const;
const timeout = { type: "number", exclusiveMinimum: 0, maximum: longestTimerMs } as const;

// RFC 9110 field names and values: no line break, NUL or character beyond Latin-1 can end up in a
// request (fetch would refuse it with an error quoting the value).
const headerName = { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" } as const;
const headerValue = { type: "string", pattern: "^[\\t\\x20-\\x7E\\x80-\\xFF]*$", maxLength: 8192 } as const;

const callOptions = {
  type: "object",
  properties: {
    timeoutMs: timeout,
    deadlineMs: timeout,
    headers: { type: "object", propertyNames: headerName, additionalProperties: headerValue },
  },
} as const;

const retryOptions = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxRetries: { type: "integer", minimum: 0 },
    initialDelayMs: delay,
    maxDelayMs: delay,
    maxRetryAfterMs: delay,
    methods: { type: "array", items: { type: "string" } },
    statuses: { type: "array", items: { type: "integer", minimum: 100, maximum: 599 } },
  },
} as const;

/** What a rate limit must be: a whole number of requests that leaves room for a refill, per a window a timer can hold. */
export const rateLimitRules = {
  type: "object",
  required: ["requests", "perMs"],
  additionalProperties: false,
  properties: { requests: { type: "integer", minimum: 2 }, perMs: timeout },
} as const;

/** Why the options both clients share cannot be used. */
export function clientOptionIssues(options: { timeoutMs?: unknown; retry?: unknown; userAgent?: unknown }) {
  return [
    ...(options.timeoutMs === undefined ? [] : check(timeout, options.timeoutMs, "timeoutMs")),
    ...retryIssues(options.retry),
    ...(options.userAgent === undefined ? [] : check(headerValue, options.userAgent, "userAgent")),
  ];
}

/** Why a call's options cannot be used: a timeout no timer holds, headers fetch would refuse, a signal that is not one. */
export function callOptionIssues(call: CallOptions): ValidationIssue[] {
  const { signal, headers } = call;
  // Headers orgkit sets itself: another Content-Type would change how the body is encoded, another
  // Authorization would be replaced on the way out.
  const reserved = isRecord(headers)
    ? Object.keys(headers).filter((name) => /^(content-type|authorization)$/i.test(name))
    : [];
  return [
    ...check(callOptions, call, ""),
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

function retryIssues(retry: unknown): ValidationIssue[] {
  return retry === undefined || retry === false ? [] : check(retryOptions, retry, "retry");
}
