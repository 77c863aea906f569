// What the command line exits with, per class of failure, and the one line it prints on stderr.
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "../src/index.js";
import { MissingCredentialError } from "./runtime.js";

/** The exit codes, one per class of failure; the README's table is this one. */
export const exitCodes = {
  ok: 0,
  /** Anything not below: a 400 or 409 from the server, an unknown failure. */
  failure: 1,
  /** A command, flag or value the command line refuses, or arguments that break the spec's rules: nothing was sent. */
  usage: 2,
  /** No credentials in the environment, or the server refused them (401, 403, the token endpoint). */
  authentication: 3,
  notFound: 4,
  rateLimit: 5,
  /** A 5xx, or a success whose body is not what the spec promises. */
  server: 6,
  /** No answer: the connection failed or dropped. */
  network: 7,
  timeout: 8,
  /** Ctrl-C (SIGINT), as shells count it: 128 + 2. */
  interrupted: 130,
} as const;

/** A command line the CLI refuses before anything is built: an unknown command or flag, a value it cannot read. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The exit code of a failure. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError) return exitCodes.usage;
  if (
    error instanceof MissingCredentialError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError
  )
    return exitCodes.authentication;
  if (error instanceof NotFoundError) return exitCodes.notFound;
  if (error instanceof RateLimitError) return exitCodes.rateLimit;
  if (error instanceof ServerError || error instanceof UnexpectedResponseError) return exitCodes.server;
  if (error instanceof ConnectionError) return exitCodes.network;
  if (error instanceof TimeoutError) return exitCodes.timeout;
  return exitCodes.failure;
}

/**
 * The failure as one line for stderr: what happened (the status and message the library wrote,
 * which never holds a secret) and what to do (its hint). Validation names every issue by the flag
 * it came from and the rule it breaks.
 */
export function errorLine(error: unknown, flagOf: (field: string) => string = (field) => field): string {
  let line: string;
  if (error instanceof ValidationError) {
    const issues = error.issues.map((issue) => `${flagOf(issue.field)} [${issue.rule}] ${issue.message}`);
    line = `${issues.length === 1 ? "invalid argument" : `${issues.length} invalid arguments`}, nothing was sent: ${issues.join("; ")}`;
  } else if (error instanceof MissingCredentialError) {
    line = `missing credentials: ${error.message}`;
  } else if (error instanceof ApiError || error instanceof UnexpectedResponseError) {
    line = `${error.message}${error.hint ? ` (${error.hint.replace(/\.$/, "")})` : ""}`;
  } else if (error instanceof Error) {
    const cause =
      error.cause instanceof Error && !error.message.includes(error.cause.message) ? error.cause : undefined;
    line = `${error.message}${cause ? `: ${cause.message}` : ""}`;
  } else {
    line = String(error);
  }
  return `orgkit: ${line.replace(/\s*[\r\n]+\s*/g, " ")}`;
}
