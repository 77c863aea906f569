/** One problem the server reported, normalised across both APIs. */
export interface ErrorDetail {
  /** What went wrong, for a person to read. */
  message: string;
  /** The server's machine-readable code, when it sends one (`not_found`, `invalid_client`, ...). */
  code?: string;
  /** The server's short title, when it sends one (Recrubo). */
  title?: string;
}

/** One argument that breaks a rule of the spec. */
export interface ValidationIssue {
  /** The argument, as the caller spelled it (`name`, `page.size`). */
  field: string;
  /** The JSON Schema keyword it breaks (`maxLength`, `pattern`, `required`, ...). */
  rule: string;
  /** The rule in words. Never contains the value, which may be a secret. */
  message: string;
}

/** Base class of every error orgkit throws. */
export class OrgkitError extends Error {
  override name = "OrgkitError";
}

/** What every error about a response holds. */
export interface ResponseFields {
  /** HTTP status code. */
  status: number;
  /** HTTP method of the request. */
  method: string;
  /** URL of the request, with credentials in its query removed. */
  url: string;
  /** The server's request id (`x-request-id`), to quote to its support. */
  requestId: string | undefined;
  /** The parsed response body (text when it is not JSON), with secrets masked. */
  body: unknown;
  /** What to do about it. */
  hint: string;
}

/** What an `ApiError` holds; orgkit builds them. */
export interface ApiErrorInit extends ResponseFields {
  /** The server's messages, normalised. */
  details: ErrorDetail[];
  /** How long the server asked to wait before trying again (`Retry-After`), when it did. */
  retryAfterMs: number | undefined;
  message: string;
}

export interface ApiError extends Readonly<Omit<ApiErrorInit, "message">> {}

/** The server responded with a status that is not a success. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the fields the constructor assigns
export class ApiError extends OrgkitError {
  override name = "ApiError";
  constructor({ message, ...fields }: ApiErrorInit) {
    super(message);
    Object.assign(this, fields);
  }
}

/** 400 or 422: the server refused the request as malformed or invalid. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}

/** 401, or any 4xx but 429 from the OAuth2 token endpoint: the credentials were refused. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}

/** 403: the credentials are valid but may not do this. */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}

/** 404: no such resource, or one the credentials may not see. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}

/** 429: too many requests. `retryAfterMs` says how long the server asked to wait, when it did. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}

/** 5xx: the server failed. */
export class ServerError extends ApiError {
  override name = "ServerError";
}

/** What an `UnexpectedResponseError` holds; orgkit builds them. */
export interface UnexpectedResponseInit extends ResponseFields {
  /** The response's `Content-Type`, when it had one. */
  contentType: string | undefined;
  /** Where the body departs from the spec's response schema; empty when it is not JSON at all. */
  issues: ValidationIssue[];
  message: string;
}

export interface UnexpectedResponseError extends Readonly<Omit<UnexpectedResponseInit, "message">> {}

/**
 * A success status, but not what the spec promises: a body that is not JSON (a proxy's HTML page, a
 * truncated body), or JSON without the members the client relies on. The request may have taken effect.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the fields the constructor assigns
export class UnexpectedResponseError extends OrgkitError {
  override name = "UnexpectedResponseError";
  constructor({ message, ...fields }: UnexpectedResponseInit) {
    super(message);
    Object.assign(this, fields);
  }
}

/** The request never got a response: DNS, refused or dropped connection, TLS. `cause` has the reason. */
export class ConnectionError extends OrgkitError {
  override name = "ConnectionError";
}

/** An attempt took longer than `timeoutMs`. */
export class TimeoutError extends OrgkitError {
  override name = "TimeoutError";
  constructor(
    message: string,
    /** The limit that ran out, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** Arguments break the spec's rules; nothing was sent. `issues` lists every violation. */
export class ValidationError extends OrgkitError {
  override name = "ValidationError";
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `${issues.length} invalid argument${issues.length === 1 ? "" : "s"}, nothing was sent: ` +
        issues.map((issue) => `${issue.field} ${issue.message}`).join("; "),
    );
  }
}

/** Why a webhook delivery was refused: its secret, or its body. */
export type WebhookVerificationReason = "secret" | "body";

/**
 * A webhook delivery was refused: its secret header is missing or wrong (`reason: "secret"`), or its body is too
 * large, not JSON, or not what the spec says the API sends (`reason: "body"`). No secret is ever shown.
 */
export class WebhookVerificationError extends OrgkitError {
  override name = "WebhookVerificationError";
  constructor(
    /** Whether the secret or the body was refused. */
    readonly reason: WebhookVerificationReason,
    message: string,
    /** Where the body departs from the spec's payload schema; empty otherwise. */
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}
