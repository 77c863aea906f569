import { describe, expect, test } from "vitest";
import { parseEnvFile } from "../../cli/env-file.js";
import { UsageError } from "../../cli/exit.js";

describe("parseEnvFile", () => {
  test("KEY=value lines, export, comments, quotes and escapes", () => {
    const text = [
      "\uFEFF# credentials",
      "",
      "PLAIN=value # a comment",
      "export SPACED = with spaces  ",
      "SINGLE='a #b $c \\n'",
      'DOUBLE="line\\nnext \\"quoted\\" \\\\"',
      "EMPTY=",
      "HASH=a#b",
      "WINDOWS=crlf\r",
    ].join("\n");
    expect(parseEnvFile(text, ".env")).toEqual({
      PLAIN: "value",
      SPACED: "with spaces",
      SINGLE: "a #b $c \\n",
      DOUBLE: 'line\nnext "quoted" \\',
      EMPTY: "",
      HASH: "a#b",
      WINDOWS: "crlf",
    });
  });

  test.each([
    ["not a pair", ".env, line 1: not a KEY=value line"],
    ['KEY="open', ".env, line 1: the value's quote is not closed"],
    ["KEY='a' b", ".env, line 1: text after the closing quote"],
    ["1KEY=x", ".env, line 1: not a KEY=value line"],
  ])("refuses %j by its line, never showing it", (line, message) => {
    expect(() => parseEnvFile(line, ".env")).toThrow(new UsageError(message));
  });
});
