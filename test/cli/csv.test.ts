import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCsv } from "../../cli/csv.js";
import { csvField } from "../../cli/output.js";
import { runs, seed } from "../support/seeded.js";

describe("parseCsv", () => {
  test("reads quoted fields, doubled quotes, line breaks inside quotes, CRLF, a byte-order mark", () => {
    expect(parseCsv('\uFEFFname,tz\r\n"Acme, Kyiv","Europe/Kyiv"\r\n"Say ""hi""","two\nlines"\r\n')).toEqual([
      ["name", "tz"],
      ["Acme, Kyiv", "Europe/Kyiv"],
      ['Say "hi"', "two\nlines"],
    ]);
    expect(parseCsv("a,b\n1,\n,2")).toEqual([
      ["a", "b"],
      ["1", ""],
      ["", "2"],
    ]);
  });

  test("an unclosed quote is refused, naming the record", () => {
    expect(() => parseCsv('a\n"open\n')).toThrow("a quoted field is not closed (record 2)");
  });

  test("reads back what orgkit's own CSV output writes, whatever the fields hold", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é") });
    const records = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(records, (written) => {
        const text = written.map((record) => `${record.map(csvField).join(",")}\r\n`).join("");
        expect(parseCsv(text)).toEqual(written);
      }),
      { seed, numRuns: runs(500) },
    );
  });
});
