import { describe, expect, test } from "vitest";
import { basicSecret, basicUserId, credentialIssues } from "../../src/internal/secret.js";

describe("credentialIssues", () => {
  const headerMessage =
    "must be printable ASCII without leading or trailing spaces: it is sent in an HTTP header, which cannot carry line breaks, NUL or other control characters";
  const pattern = (message: string) => [{ field: "apiKey", rule: "pattern", message }];

  test.each([undefined, null, 42, { length: 3 }])("refuses %o as not a string", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([
      { field: "apiKey", rule: "type", message: "must be a string" },
    ]);
  });

  test("refuses an empty value as empty, whatever the rule", () => {
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("", "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "minLength", message: "must not be empty" },
      ]);
    }
  });

  test("accepts 4096 characters and refuses 4097 as too long, whatever the rule", () => {
    expect(credentialIssues("x".repeat(4096), "apiKey")).toStrictEqual([]);
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("x".repeat(4097), "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "maxLength", message: "must be at most 4096 characters" },
      ]);
    }
  });

  test.each(["a", "!", "~", "ab", "rk live key", "a  b"])("accepts %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([]);
  });

  test.each([" ", " a", "a ", "\u0000a", "a\u0000", "a\tb", "a\u007f", "\u00e9"])("refuses %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual(pattern(headerMessage));
  });

  test("accepts any text without control characters as a Basic secret", () => {
    for (const value of [" ", "s", "sécret ✓", "a:b"])
      expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual([]);
  });

  test.each(["\u0000abc", "\nabc", "ab\rc", "abc\u0000"])("refuses %j as a Basic secret", (value) => {
    expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual(
      pattern("must not contain line breaks, NUL or other control characters"),
    );
  });

  test("accepts any text without a colon or control characters as a Basic user id", () => {
    for (const value of [" ", "i", "oa2-client-id_ü"])
      expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual([]);
  });

  test.each([":", "id:x", "\u0000id", "id\n"])("refuses %j as a Basic user id", (value) => {
    expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual(
      pattern(
        'must not contain ":" (HTTP Basic separates the id from the secret with it, RFC 7617), line breaks or other control characters',
      ),
    );
  });
});
