import type { Logger } from "../options.js";

/** One attempt, as logged. The URL is already redacted. */
export interface AttemptRecord {
  method: string;
  url: string;
  attempt: number;
  durationMs: number;
  status?: number;
  error?: string;
  retryInMs?: number;
}

/**
 * Logs one line per attempt: successes at `debug`, failed statuses and anything about to be
 * retried at `warn`, an attempt that got no answer at all and will not be retried at `error`.
 */
export function logAttempt(logger: Logger, record: AttemptRecord): void {
  const outcome = record.status === undefined ? `failed: ${record.error}` : `${record.status}`;
  const retry = record.retryInMs === undefined ? "" : `, retrying in ${Math.round(record.retryInMs)} ms`;
  const message = `orgkit: ${record.method} ${record.url} -> ${outcome} (attempt ${record.attempt}, ${Math.round(record.durationMs)} ms${retry})`;
  const level =
    record.status !== undefined && record.status < 400 ? "debug" : record.status === undefined && record.retryInMs === undefined ? "error" : "warn";
  logger[level](message, { ...record });
}
