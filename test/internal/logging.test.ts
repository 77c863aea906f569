import { describe, expect, test, vi } from "vitest";
import { type AttemptRecord, logAttempt } from "../../src/internal/logging.js";

function logger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

const attempt = { method: "GET", url: "https://api.example.test/orgs", attempt: 1, durationMs: 12.4 } satisfies AttemptRecord;

describe("logAttempt", () => {
  test.each([
    { case: "a success", record: { ...attempt, status: 200 }, level: "debug" },
    { case: "the highest status below 400", record: { ...attempt, status: 399 }, level: "debug" },
    { case: "status 400", record: { ...attempt, status: 400 }, level: "warn" },
    { case: "a failed status about to be retried", record: { ...attempt, status: 503, retryInMs: 500 }, level: "warn" },
    { case: "no answer, about to be retried", record: { ...attempt, error: "ECONNRESET", retryInMs: 500 }, level: "warn" },
    { case: "no answer, not retried", record: { ...attempt, error: "ECONNRESET" }, level: "error" },
  ] satisfies { case: string; record: AttemptRecord; level: string }[])("logs $case at $level, and nowhere else", ({ record, level }) => {
    const log = logger();

    logAttempt(log, record);

    for (const [name, method] of Object.entries(log)) expect(method).toHaveBeenCalledTimes(name === level ? 1 : 0);
  });

  test("writes one line with the outcome, the attempt, the rounded duration and the retry delay", () => {
    const log = logger();

    logAttempt(log, { ...attempt, status: 503, retryInMs: 499.6 });
    logAttempt(log, { ...attempt, attempt: 3, error: "ECONNRESET" });

    expect(log.warn).toHaveBeenCalledWith("orgkit: GET https://api.example.test/orgs -> 503 (attempt 1, 12 ms, retrying in 500 ms)", {
      ...attempt,
      status: 503,
      retryInMs: 499.6,
    });
    expect(log.error).toHaveBeenCalledWith("orgkit: GET https://api.example.test/orgs -> failed: ECONNRESET (attempt 3, 12 ms)", {
      ...attempt,
      attempt: 3,
      error: "ECONNRESET",
    });
  });
});
