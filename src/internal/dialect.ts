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
} from "../errors.js";
import { isRecord } from "./is-record.js";

/** How one API (or one endpoint of it) words its failures. */
export interface ErrorDialect {
  /** The server's messages in a parsed error body (it may be text, empty or unexpected). */
  details(body: unknown): ErrorDetail[];
  errorClass(status: number): typeof ApiError;
  /** What to do about this failure, or undefined for the advice every API shares. */
  hint(failure: Failure): string | undefined;
}

/** A failed response as a dialect reads it: the body is already redacted, the details already parsed. */
export type Failure = { status: number; response: Response; body: unknown; details: ErrorDetail[] };

/** The class of each failed status, for an API that responds as HTTP means. */
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
