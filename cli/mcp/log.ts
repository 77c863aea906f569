import type { Logger } from "../../src/index.js";

const levels: readonly string[] = ["debug", "info", "warn", "error"];

/**
 * The clients' logger: every line at `ORGKIT_LOG`'s level and above goes to stderr, never stdout,
 * which carries the protocol. Without a level nothing is logged; the client's own default would
 * log to the console, whose `debug` and `info` write to stdout.
 */
export function stderrLogger(
  level: string | undefined,
  write: (line: string) => void,
): { logger: Logger; problem?: string } {
  const wanted = level?.trim().toLowerCase();
  const lowest = wanted === undefined ? -1 : levels.indexOf(wanted);
  const at = (index: number) => (lowest >= 0 && index >= lowest ? (message: string) => write(message) : () => {});
  const logger = { debug: at(0), info: at(1), warn: at(2), error: at(3) };
  return wanted && lowest < 0
    ? {
        logger,
        problem: `ORGKIT_LOG=${JSON.stringify(level)} is not a level (${levels.join(", ")}); nothing is logged`,
      }
    : { logger };
}
