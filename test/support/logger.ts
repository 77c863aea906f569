import { vi } from "vitest";
import type { Logger } from "../../src/index.js";

/** A logger whose four levels are spies, and nothing else (a test may walk its members). */
export function spyLogger() {
  return {
    debug: vi.fn<Logger["debug"]>(),
    info: vi.fn<Logger["info"]>(),
    warn: vi.fn<Logger["warn"]>(),
    error: vi.fn<Logger["error"]>(),
  } satisfies Logger;
}

export type SpyLogger = ReturnType<typeof spyLogger>;

const levels = ["debug", "info", "warn", "error"] as const;

/** Every line a spy logger got, in the order logged, as `[level, message, fields?]`. */
export function logged(logger: SpyLogger) {
  return levels
    .flatMap((level) =>
      logger[level].mock.calls.map((args, index) => ({
        level,
        args,
        order: logger[level].mock.invocationCallOrder[index] ?? 0,
      })),
    )
    .sort((a, b) => a.order - b.order)
    .map(({ level, args }) => [level, ...args] as const);
}
