import { describe, expect, test } from "vitest";
import { callOptionIssues, clientOptionIssues, longestTimerMs } from "../../src/internal/option-rules.js";

describe("callOptionIssues", () => {
  test("refuses a signal that is not an AbortSignal, by field", () => {
    expect(callOptionIssues({ signal: { aborted: false } as unknown as AbortSignal })).toEqual([
      { field: "signal", rule: "type", message: expect.any(String) },
    ]);
    expect(callOptionIssues({ signal: new AbortController().signal })).toEqual([]);
  });

  test("refuses the headers orgkit sets, in any case, and only those", () => {
    const headers = {
      "Content-Type": "text/plain",
      authorization: "Bearer x",
      "x-content-type": "a",
      "content-type-hint": "b",
      "x-authorization-id": "c",
    };
    expect(callOptionIssues({ headers })).toEqual([
      { field: "headers.Content-Type", rule: "reserved", message: expect.stringContaining("set by orgkit") },
      { field: "headers.authorization", rule: "reserved", message: expect.stringContaining("set by orgkit") },
    ]);
  });

  test("refuses a time limit no timer holds, and none at all, and takes the longest one there is", () => {
    expect(callOptionIssues({ timeoutMs: longestTimerMs, deadlineMs: longestTimerMs })).toEqual([]);
    expect(callOptionIssues({ timeoutMs: longestTimerMs + 1, deadlineMs: 0 })).toEqual([
      expect.objectContaining({ field: "timeoutMs", rule: "maximum" }),
      expect.objectContaining({ field: "deadlineMs", rule: "exclusiveMinimum" }),
    ]);
  });

  test("checks retry options field by field, and takes false", () => {
    expect(callOptionIssues({ retry: false })).toEqual([]);
    expect(callOptionIssues({ retry: { maxRetries: -1, statuses: [700] } })).toEqual([
      expect.objectContaining({ field: "retry.maxRetries", rule: "minimum" }),
      expect.objectContaining({ field: "retry.statuses[0]", rule: "maximum" }),
    ]);
  });
});

describe("clientOptionIssues", () => {
  test("names each option that breaks a rule, and only those", () => {
    expect(clientOptionIssues({ timeoutMs: 30_000, userAgent: "acme/1.0" })).toEqual([]);
    expect(clientOptionIssues({ timeoutMs: -1, retry: { bogus: 1 }, userAgent: "a\nb" })).toEqual([
      expect.objectContaining({ field: "timeoutMs", rule: "exclusiveMinimum" }),
      expect.objectContaining({ field: "retry.bogus", rule: "additionalProperties" }),
      expect.objectContaining({ field: "userAgent", rule: "pattern" }),
    ]);
  });
});
