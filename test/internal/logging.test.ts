import { afterEach, describe, expect, test, vi } from "vitest";
import { type AttemptRecord, logAttempt, loggerFor } from "../../src/internal/logging.js";
import { spyLogger } from "../support/logger.js";
import { naming } from "../support/messages.js";

const attempt = {
  method: "GET",
  url: "https://api.example.test/orgs",
  attempt: 1,
  durationMs: 12.4,
} satisfies AttemptRecord;

describe("logAttempt", () => {
  test.each([
    { case: "a success", record: { ...attempt, status: 200 }, level: "debug" },
    { case: "the highest status below 400", record: { ...attempt, status: 399 }, level: "debug" },
    { case: "status 400", record: { ...attempt, status: 400 }, level: "warn" },
    { case: "a failed status about to be retried", record: { ...attempt, status: 503, retryInMs: 500 }, level: "warn" },
    {
      case: "no answer, about to be retried",
      record: { ...attempt, error: "ECONNRESET", retryInMs: 500 },
      level: "warn",
    },
    { case: "no answer, not retried", record: { ...attempt, error: "ECONNRESET" }, level: "error" },
  ] satisfies { case: string; record: AttemptRecord; level: string }[])(
    "logs $case at $level, and nowhere else",
    ({ record, level }) => {
      const log = spyLogger();

      logAttempt(log, record);

      for (const [name, method] of Object.entries(log)) expect(method).toHaveBeenCalledTimes(name === level ? 1 : 0);
    },
  );

  test("writes one line with the outcome, the attempt, the rounded duration and the retry delay, and the same rounded figures as fields", () => {
    const log = spyLogger();

    logAttempt(log, { ...attempt, status: 503, retryInMs: 499.6 });
    logAttempt(log, { ...attempt, attempt: 3, error: "ECONNRESET" });

    expect(log.warn).toHaveBeenCalledWith(
      naming("GET https://api.example.test/orgs", "503", "attempt 1", "12 ms", "500 ms"),
      {
        ...attempt,
        durationMs: 12,
        status: 503,
        retryInMs: 500,
      },
    );
    expect(log.error).toHaveBeenCalledWith(
      naming("GET https://api.example.test/orgs", "ECONNRESET", "attempt 3", "12 ms"),
      {
        ...attempt,
        durationMs: 12,
        attempt: 3,
        error: "ECONNRESET",
      },
    );
    for (const [line] of [...log.warn.mock.calls, ...log.error.mock.calls]) expect(line).not.toMatch(/12\.4|499\.6/);
  });
});

describe("loggerFor", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  function consoleSpies() {
    const spy = (level: "debug" | "info" | "warn" | "error") => vi.spyOn(console, level).mockImplementation(() => {});
    return { debug: spy("debug"), info: spy("info"), warn: spy("warn"), error: spy("error") };
  }

  test("gives back a logger of the application's own, whatever ORGKIT_LOG says", () => {
    vi.stubEnv("ORGKIT_LOG", "warn");
    const own = spyLogger();

    expect(loggerFor(own)).toBe(own);
  });

  test("writes each line alone to the console when the console is given", () => {
    const spies = consoleSpies();
    const log = loggerFor(console)!;

    logAttempt(log, { ...attempt, status: 200 });
    logAttempt(log, { ...attempt, status: 503, retryInMs: 250 });

    expect(spies.debug).toHaveBeenCalledWith(naming("GET https://api.example.test/orgs", "200", "attempt 1", "12 ms"));
    expect(spies.warn).toHaveBeenCalledWith(naming("GET https://api.example.test/orgs", "503", "250 ms"));
    for (const spy of Object.values(spies)) for (const call of spy.mock.calls) expect(call).toHaveLength(1);
  });

  test("logs nothing when no logger is given and ORGKIT_LOG is unset or empty", () => {
    vi.stubEnv("ORGKIT_LOG", undefined);
    expect(loggerFor(undefined)).toBeUndefined();
    vi.stubEnv("ORGKIT_LOG", "");
    expect(loggerFor(undefined)).toBeUndefined();
  });

  test.each([
    { level: "debug", written: ["debug", "info", "warn", "error"] },
    { level: "info", written: ["info", "warn", "error"] },
    { level: " WARN ", written: ["warn", "error"] },
    { level: "error", written: ["error"] },
  ])("ORGKIT_LOG=$level turns the console on from that level up", ({ level, written }) => {
    vi.stubEnv("ORGKIT_LOG", level);
    const spies = consoleSpies();
    const log = loggerFor(undefined)!;

    for (const name of ["debug", "info", "warn", "error"] as const) log[name](`a line at ${name}`, { field: 1 });

    for (const [name, spy] of Object.entries(spies)) {
      expect(spy.mock.calls).toEqual(written.includes(name) ? [[`a line at ${name}`]] : []);
    }
  });

  test("an ORGKIT_LOG that names no level turns nothing on and says so once", () => {
    vi.stubEnv("ORGKIT_LOG", "verbose");
    const spies = consoleSpies();

    expect(loggerFor(undefined)).toBeUndefined();
    expect(spies.warn.mock.calls).toEqual([[naming("ORGKIT_LOG", '"verbose"', "debug", "info", "warn", "error")]]);
    expect(loggerFor(undefined)).toBeUndefined();
    expect(spies.warn).toHaveBeenCalledTimes(1);
  });

  test.each([
    { where: "there is no process (browsers, workers)", process: undefined },
    { where: "the process has no environment", process: {} },
    {
      where: "reading the environment throws (Deno without --allow-env)",
      process: {
        get env(): never {
          throw new Error("Requires env access");
        },
      },
    },
  ])("logs nothing, and throws nothing, where $where", ({ process }) => {
    vi.stubGlobal("process", process);
    try {
      expect(loggerFor(undefined)).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
