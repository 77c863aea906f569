import { type ApiError, type ResponseFields, UnexpectedResponseError, type ValidationIssue } from "../errors.js";
import type { ErrorDialect } from "./dialect.js";
import { reasons } from "./reasons.js";
import type { Redactor } from "./redact.js";
import { hasUserInfo, redirectStatuses } from "./redirect.js";
import { retryAfterMs } from "./retry-timing.js";

/** A response as the errors read it: the request's method and URL (a custom fetch may leave `response.url` empty). */
export type Responded = { method: string; url: string; response: Response };

/** The fields every error about a response holds, secrets masked (a request id may hold any); `body` comes masked. */
export function responseFields(redactor: Redactor, responded: Responded, body: unknown, hint: string): ResponseFields {
  const { response, method } = responded;
  const id = response.headers.get("x-request-id") ?? response.headers.get("request-id");
  return {
    status: response.status,
    method,
    url: redactor.url(responded.url),
    requestId: id === null ? undefined : redactor.text(id),
    body,
    hint: redactor.text(hint),
  };
}

/** The typed error for a response that is not ok, its class decided on the status alone (whatever the body). */
export function apiError(
  dialect: ErrorDialect,
  redactor: Redactor,
  failed: Responded & { body: unknown },
  now: number,
): ApiError {
  const { response } = failed;
  const { status } = response;
  const body = redactor.value(failed.body);
  const details = dialect.details(body).map((detail) => ({ ...detail, message: redactor.text(detail.message) }));
  const retryAfter = retryAfterMs(response.headers, now);
  const hint = dialect.hint({ status, response, body, details }) ?? sharedHint(failed, retryAfter);
  const fields = responseFields(redactor, failed, body, hint);
  const reason = reasons[status] ?? redactor.text(response.statusText);
  const said =
    details.map(({ code, message }) => (code && code !== message ? `${code}: ${message}` : message)).join("; ") ||
    fields.hint;
  const ErrorClass = dialect.errorClass(status);
  return new ErrorClass({
    ...fields,
    details,
    retryAfterMs: retryAfter,
    message: `${status}${reason ? ` ${reason}` : ""}: ${failed.method} ${fields.url}: ${said}`,
  });
}

/** What to do about a failed status, said the same for every API; the credentials refused (401) are each dialect's to explain. */
function sharedHint({ response, url }: Responded, retryAfter: number | undefined): string {
  const { status } = response;
  if (status >= 300 && status < 400) return redirectHint(status, response, url);
  if (status === 400 || status === 422) return "Fix the request as the details say.";
  if (status === 403) return "These credentials may not do this; check their scope or permissions.";
  if (status === 404) return "Check the id: the resource does not exist or these credentials may not see it.";
  if (status === 409) return "The resource changed; reload it and try again.";
  if (status === 429)
    return retryAfter === undefined
      ? "Slow down and try again later."
      : `Slow down: the server asked to wait ${Math.ceil(retryAfter / 1000)} s.`;
  if (status >= 500)
    return "The server failed; try again later, and quote the request id to its support if it persists.";
  return `Unexpected status from ${url}.`;
}

/** Why a 3xx came back rather than being followed (see redirect.ts), and what to do. */
function redirectHint(status: number, response: Response, url: string): string {
  const location = response.headers.get("location");
  const target = location === null || !URL.canParse(location, url) ? undefined : new URL(location, url);
  if (!redirectStatuses.has(status))
    return "orgkit follows only the redirects 301, 302, 303, 307 and 308; check baseUrl.";
  if (!target) return "The server redirected without a valid Location; check baseUrl.";
  // Neither the user name nor the password is quoted: they may be credentials.
  if (hasUserInfo(target))
    return "The server redirected to a URL with a user name and password, which orgkit does not follow; check baseUrl.";
  if (target.origin === new URL(url).origin) return "The server kept redirecting; check baseUrl.";
  return `The server redirected to ${target.origin}; orgkit does not send credentials to another origin. Set baseUrl to ${target.origin} if you trust it.`;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** A success whose body is not what the spec promises. */
export interface Unexpected extends Responded {
  body?: unknown;
  issues: ValidationIssue[];
  /** What is wrong when there are no issues. @default "the response is not JSON (...)" */
  problem?: string;
}

/** The typed error for a success status whose body is not JSON, or not of the shape the spec gives. */
export function unexpectedResponse(redactor: Redactor, unexpected: Unexpected): UnexpectedResponseError {
  const { method, response, issues } = unexpected;
  const { status } = response;
  const type = response.headers.get("content-type");
  const contentType = type === null ? undefined : redactor.text(type);
  const listed = issues.slice(0, 5).map((issue) => `${issue.field} ${issue.message}`);
  if (issues.length > listed.length) listed.push(`${issues.length - listed.length} more`);
  const what =
    issues.length > 0
      ? `the response does not match the spec: ${listed.join("; ")}`
      : `${unexpected.problem ?? "the response is not JSON"} (${contentType === undefined ? "no content-type" : `content-type ${contentType}`})`;
  const cause =
    issues.length === 0
      ? "A proxy, gateway or captive portal may have answered in the API's place, or the body was cut short: check baseUrl and the network path."
      : "The API answered in a form its spec does not describe: check baseUrl; if it persists, the API may have changed.";
  const effect = safeMethods.has(method) ? "" : ` The ${method} may have taken effect: check before repeating it.`;
  const fields = responseFields(redactor, unexpected, redactor.value(unexpected.body), cause + effect);
  return new UnexpectedResponseError({
    ...fields,
    contentType,
    issues,
    message: `${status}${reasons[status] ? ` ${reasons[status]}` : ""}: ${method} ${fields.url}: ${what}.`,
  });
}
