import { describe, expect, test } from "vitest";
import { basicSecret, basicUserId, credentialIssues } from "../../src/internal/secret.js";
import { naming } from "../support/messages.js";

describe("credentialIssues", () => {
  const pattern = (message: unknown) => [{ field: "apiKey", rule: "pattern", message }];

  test.each([undefined, null, 42, { length: 3 }])("refuses %o as not a string", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([
      { field: "apiKey", rule: "type", message: naming("string") },
    ]);
  });

  test("refuses an empty value as empty, whatever the rule", () => {
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("", "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "minLength", message: naming() },
      ]);
    }
  });

  test("accepts 4096 characters and refuses 4097 as too long, whatever the rule", () => {
    expect(credentialIssues("x".repeat(4096), "apiKey")).toStrictEqual([]);
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("x".repeat(4097), "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "maxLength", message: naming("4096") },
      ]);
    }
  });

  test.each(["a", "!", "~", "ab", "rk live key", "a  b"])("accepts %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([]);
  });

  test.each([" ", " a", "a ", "\u0000a", "a\u0000", "a\tb", "a\u007f", "\u00e9"])("refuses %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual(pattern(naming("ASCII", "HTTP header")));
  });

  test("accepts any text without control characters as a Basic secret", () => {
    for (const value of [" ", "s", "sécret ✓", "a:b"])
      expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual([]);
  });

  test.each(["\u0000abc", "\nabc", "ab\rc", "abc\u0000"])("refuses %j as a Basic secret", (value) => {
    expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual(pattern(naming("line breaks")));
  });

  test("accepts any text without a colon or control characters as a Basic user id", () => {
    for (const value of [" ", "i", "oa2-client-id_ü"])
      expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual([]);
  });

  test.each([":", "id:x", "\u0000id", "id\n"])("refuses %j as a Basic user id", (value) => {
    expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual(pattern(naming('":"', "line breaks")));
  });
});
