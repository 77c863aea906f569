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

/** Logs one line per attempt, with its fields rounded as in the line. */
export function logAttempt(logger: Logger, record: AttemptRecord): void {
  const durationMs = Math.round(record.durationMs);
  const retryInMs = record.retryInMs === undefined ? undefined : Math.round(record.retryInMs);
  const outcome = record.status === undefined ? `failed: ${record.error}` : `${record.status}`;
  const retry = retryInMs === undefined ? "" : `, retrying in ${retryInMs} ms`;
  const message = `orgkit: ${record.method} ${record.url} -> ${outcome} (attempt ${record.attempt}, ${durationMs} ms${retry})`;
  const level =
    record.status === undefined ? (retryInMs === undefined ? "error" : "warn") : record.status < 400 ? "debug" : "warn";
  logger[level](message, { ...record, durationMs, ...(retryInMs === undefined ? {} : { retryInMs }) });
}

const levels = ["debug", "info", "warn", "error"] as const;
type Level = (typeof levels)[number];

/** The logger given or, so that logging turns on without a code change, the console at the `ORGKIT_LOG` level. */
export function loggerFor(given: Logger | undefined): Logger | undefined {
  // Stryker disable next-line StringLiteral: debug is the lowest level; an unlisted one lets every level through too.
  if (given === globalThis.console) return consoleFrom("debug");
  if (given) return given;
  const wanted = environmentVariable("ORGKIT_LOG");
  if (!wanted) return undefined;
  const level = levels.find((name) => name === wanted.trim().toLowerCase());
  if (level) return consoleFrom(level);
  if (!refused.has(wanted))
    console.warn(
      `orgkit: ORGKIT_LOG=${JSON.stringify(wanted)} is not a level (${levels.join(", ")}); nothing is logged`,
    );
  refused.add(wanted);
  return undefined;
}

// Each wrong value is reported once per process, not once per client.
const refused = new Set<string>();

// The console gets each line alone: it would print the fields over several lines.
function consoleFrom(lowest: Level): Logger {
  const at = (level: Level) =>
    levels.indexOf(level) < levels.indexOf(lowest) ? () => {} : (message: string) => console[level](message);
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function environmentVariable(name: string): string | undefined {
  try {
    return globalThis.process.env[name];
  } catch {
    // No process (browsers, workers), or Deno without --allow-env, which throws: no variable then.
  }
  return undefined;
}
