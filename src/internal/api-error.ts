import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  type ErrorDetail,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
  type ValidationIssue,
} from "../errors.js";
import { isRecord } from "./is-record.js";
import type { Redactor } from "./redact.js";
import { hasUserInfo, redirectStatuses } from "./redirect.js";
import { retryAfterMs } from "./retry-timing.js";

/**
 * How one API (or one endpoint of it) words its failures: how its error bodies read, which class
 * each status maps to, and what to do where the status alone does not say.
 */
export interface ErrorDialect {
  /** The server's messages in a parsed error body (it may be text, empty or unexpected). */
  details(body: unknown): ErrorDetail[];
  /** The class a failed status maps to. */
  errorClass(status: number): typeof ApiError;
  /** What to do about this failure, or undefined for the advice every API shares (see `sharedHint`). */
  hint(failure: Failure): string | undefined;
}

/** A failed answer as a dialect reads it: the body is already redacted, the details already parsed. */
export interface Failure {
  status: number;
  response: Response;
  body: unknown;
  details: ErrorDetail[];
}

/** Reason phrases of the statuses both APIs use, since HTTP/2 and some servers send none. */
export const reasons: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export interface FailedCall {
  method: string;
  response: Response;
  /** The body as openapi-fetch parsed it: JSON, else text, else undefined. */
  body: unknown;
}

/**
 * The typed error for a response that is not ok. Decided on the status alone, so a body that is
 * empty or not JSON still yields the right class. Message, URL and body are redacted.
 */
export function apiError(dialect: ErrorDialect, redactor: Redactor, call: FailedCall, now: number): ApiError {
  const { response, method } = call;
  const { status } = response;
  const url = redactor.url(response.url);
  const body = redactor.value(call.body);
  const details = dialect.details(body).map((detail) => ({ ...detail, message: redactor.text(detail.message) }));
  const retryAfter = retryAfterMs(response.headers, now);
  // The hint may name a redirect's target and the reason may be the server's own words: both are masked.
  const hint = redactor.text(
    dialect.hint({ status, response, body, details }) ?? sharedHint(status, response, url, retryAfter),
  );
  const reason = reasons[status] ?? redactor.text(response.statusText);
  const said =
    details.map(({ code, message }) => (code && code !== message ? `${code}: ${message}` : message)).join("; ") || hint;
  const ErrorClass = dialect.errorClass(status);
  return new ErrorClass({
    status,
    method,
    url,
    requestId: requestIdOf(response, redactor),
    body,
    details,
    hint,
    retryAfterMs: retryAfter,
    message: `${status}${reason ? ` ${reason}` : ""}: ${method} ${url}: ${said}`,
  });
}

/** The class of each failed status, for an API that answers as HTTP means. */
export function statusClass(status: number): typeof ApiError {
  if (status === 400 || status === 422) return BadRequestError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return ApiError;
}

/** What to do about a failed status, said the same for every API; the credentials refused (401) are each dialect's to explain. */
function sharedHint(status: number, response: Response, url: string, retryAfter: number | undefined): string {
  if (status >= 300 && status < 400) return redirectHint(status, response);
  if (status === 400 || status === 422) return "Fix the request as the details say.";
  if (status === 403) return "These credentials may not do this; check their scope or permissions.";
  if (status === 404) return "Check the id: the resource does not exist or these credentials may not see it.";
  if (status === 409) return "The resource changed; reload it and try again.";
  if (status === 429) {
    return retryAfter === undefined
      ? "Slow down and try again later."
      : `Slow down: the server asked to wait ${Math.ceil(retryAfter / 1000)} s.`;
  }
  if (status >= 500)
    return `The server failed; try again later, and quote the request id to its support if it persists.`;
  return `Unexpected status from ${url}.`;
}

/** Why a 3xx came back rather than being followed (see redirect.ts), and what to do. */
function redirectHint(status: number, response: Response): string {
  const location = response.headers.get("location");
  const target =
    location === null || !URL.canParse(location, response.url) ? undefined : new URL(location, response.url);
  if (!redirectStatuses.has(status))
    return `orgkit follows only the redirects 301, 302, 303, 307 and 308; check baseUrl.`;
  if (!target) return "The server redirected without a valid Location; check baseUrl.";
  // Neither the user name nor the password is quoted: they may be credentials.
  if (hasUserInfo(target)) {
    return "The server redirected to a URL with a user name and password, which orgkit does not follow; check baseUrl.";
  }
  if (target.origin === new URL(response.url).origin) return "The server kept redirecting; check baseUrl.";
  return `The server redirected to ${target.origin}; orgkit does not send credentials to another origin. Set baseUrl to ${target.origin} if you trust it.`;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface UnexpectedAnswer {
  method: string;
  response: Response;
  /** The parsed body, when it was JSON. */
  body?: unknown;
  /** How the body departs from the spec; none when it is not JSON at all. */
  issues: ValidationIssue[];
  /** What is wrong when there are no issues. @default "the answer is not JSON (...)" */
  problem?: string;
}

/** The typed error for a success status whose body is not JSON, or not of the shape the spec gives. */
export function unexpectedResponse(redactor: Redactor, answer: UnexpectedAnswer): UnexpectedResponseError {
  const { method, response, issues } = answer;
  const { status } = response;
  const url = redactor.url(response.url);
  const contentType = response.headers.get("content-type") ?? undefined;
  const listed = issues.slice(0, 5).map((issue) => `${issue.field} ${issue.message}`);
  if (issues.length > listed.length) listed.push(`${issues.length - listed.length} more`);
  const what =
    issues.length > 0
      ? `the answer does not match the spec: ${listed.join("; ")}`
      : `${answer.problem ?? "the answer is not JSON"} (${contentType === undefined ? "no content-type" : `content-type ${redactor.text(contentType)}`})`;
  const cause =
    issues.length === 0
      ? "A proxy, gateway or captive portal may have answered in the API's place, or the body was cut short: check baseUrl and the network path."
      : "The API answered in a form its spec does not describe: check baseUrl; if it persists, the API may have changed.";
  const hint = safeMethods.has(method)
    ? cause
    : `${cause} The ${method} may have taken effect: check before repeating it.`;
  return new UnexpectedResponseError({
    status,
    method,
    url,
    requestId: requestIdOf(response, redactor),
    contentType: contentType === undefined ? undefined : redactor.text(contentType),
    body: redactor.value(answer.body),
    issues,
    hint,
    message: `${status}${reasons[status] ? ` ${reasons[status]}` : ""}: ${method} ${url}: ${what}.`,
  });
}

// A server may echo anything in its request id header, a key included.
function requestIdOf(response: Response, redactor: Redactor): string | undefined {
  const id = response.headers.get("x-request-id") ?? response.headers.get("request-id");
  return id === null ? undefined : redactor.text(id);
}

/**
 * Details from a body neither API documents: a flat `{ message }` or `{ error: "..." }` (some
 * gateways), or a short plain-text body. An HTML error page says nothing useful and is skipped.
 */
export function fallbackDetails(body: unknown): ErrorDetail[] {
  if (typeof body === "string") {
    const text = body.trim();
    return text && !text.startsWith("<") && text.length <= 500 ? [{ message: text }] : [];
  }
  if (isRecord(body)) {
    if (typeof body["message"] === "string") return [{ message: body["message"] }];
    if (typeof body["error"] === "string") return [{ message: body["error"] }];
  }
  return [];
}

/** A JSON value as short text for a message: at most 500 characters, and never a throw. */
export function jsonText(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "(unprintable)";
  }
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}
