import { describe, expect, test } from "vitest";
import { findMethod } from "../../cli/commands.js";
import {
  csvField,
  fitWidths,
  issuedSecrets,
  leafPaths,
  listWriter,
  maskWithheld,
  objectText,
  project,
  schemaAt,
  secretNames,
  valuePaths,
} from "../../cli/output.js";
import { apis } from "../../cli/runtime.js";

const recruboCreate = findMethod("recrubo", "organizations", "create")!.command;
const recruboList = findMethod("recrubo", "organizations", "list")!.command;
const blynkSearch = findMethod("blynk", "organizations", "search")!.command;
const organization = {
  id: "6e6816eb-fc1d-42bd-bb00-eff973ad207d",
  type: "organizations",
  attributes: { name: "Acme", webhookUrl: "https://h.example/x", webhookSecret: "whsec_1", token: "tok_123456789" },
};

describe("secrets the spec marks", () => {
  test("withheld ones are masked wherever the schema puts them; null stays null", () => {
    expect(maskWithheld(organization, recruboCreate.output)).toEqual({
      ...organization,
      attributes: { ...organization.attributes, webhookSecret: "[REDACTED]" },
    });
    const page = {
      data: [organization, { ...organization, attributes: { ...organization.attributes, webhookSecret: null } }],
    };
    const masked = maskWithheld(page, recruboList.output) as typeof page;
    expect(masked.data.map((item) => item.attributes.webhookSecret)).toEqual(["[REDACTED]", null]);
    expect(page.data[0]!.attributes.webhookSecret).toBe("whsec_1");
  });

  test("issued ones are found where they hold a value", () => {
    expect(issuedSecrets(organization, recruboCreate.output)).toEqual(["attributes.token"]);
    expect(issuedSecrets({ ...organization, attributes: { token: null } }, recruboCreate.output)).toEqual([]);
  });

  test("the names of every marked member, for a dry run's body", () => {
    expect([...secretNames(apis.recrubo.commands.map((each) => each.output))].sort()).toEqual([
      "token",
      "webhookSecret",
    ]);
    expect([...secretNames(apis.blynk.commands.map((each) => each.output))]).toEqual([]);
  });
});

describe("columns", () => {
  test("from the schema: every scalar member, or a table's default (required, not constant, not withheld)", () => {
    const item = schemaAt(recruboList.output, ["data", 0]);
    expect(leafPaths(item)).toEqual([
      "id",
      "type",
      "attributes.createdAt",
      "attributes.updatedAt",
      "attributes.name",
      "attributes.webhookUrl",
      "attributes.webhookSecret",
      "attributes.token",
      "relationships.users.links.related",
    ]);
    expect(leafPaths(item, true)).toEqual([
      "id",
      "attributes.createdAt",
      "attributes.updatedAt",
      "attributes.name",
      "attributes.webhookUrl",
    ]);
    expect(leafPaths(schemaAt(blynkSearch.output, ["content", 0]), true)).toEqual([
      "id",
      "name",
      "tz",
      "lastModifiedTs",
    ]);
  });

  test("from a value, and a value cut to some of them", () => {
    expect(valuePaths({ a: 1, b: { c: null, d: [1] }, e: {} })).toEqual(["a", "b.c", "b.d", "e"]);
    expect(project(organization, ["id", "attributes.name", "missing.path"])).toEqual({
      id: organization.id,
      attributes: { name: "Acme" },
    });
  });

  test("widths fit the terminal, the first column narrowed last", () => {
    expect(fitWidths([36, 25, 25], 200)).toEqual([36, 25, 25]);
    expect(fitWidths([36, 25, 25], 70)).toEqual([36, 15, 15]);
    expect(fitWidths([36, 9, 9], 40)).toEqual([20, 8, 8]);
  });
});

describe("writers", () => {
  const rows = [
    { id: 1, name: "Acme, Inc.", address: null },
    { id: 22, name: 'Say "hi"\nthere', address: { city: "Kyiv" } },
  ];

  test("csv: RFC 4180 quoting, objects as JSON, nothing for null", () => {
    expect(csvField('a "b"')).toBe('"a ""b"""');
    const writer = listWriter("csv", ["id", "name", "address"], Infinity);
    expect(writer.rows(rows) + writer.end()).toBe(
      'id,name,address\r\n1,"Acme, Inc.",\r\n22,"Say ""hi""\nthere","{""city"":""Kyiv""}"\r\n',
    );
    const empty = listWriter("csv", ["id"], Infinity);
    expect(empty.end()).toBe("id\r\n");
  });

  test("json: one array, written as the items come", () => {
    const writer = listWriter("json", [], Infinity);
    const text = writer.rows(rows.slice(0, 1)) + writer.rows(rows.slice(1)) + writer.end();
    expect(JSON.parse(text)).toEqual(rows);
    expect(listWriter("json", [], Infinity).end()).toBe("[]\n");
  });

  test("table: widths from the first page, later cells cut to them, control characters as spaces", () => {
    const writer = listWriter("table", ["id", "name"], Infinity);
    const first = writer.rows([{ id: 1, name: "Acme" }]);
    const later = writer.rows([{ id: 22, name: "Longer\tname" }]);
    expect(first).toBe("id  name\n--  ----\n1   Acme\n");
    expect(later).toBe("22  Lon…\n");
    expect(listWriter("table", ["id"], Infinity).end()).toBe("id\n(none)\n");
  });

  test("ndjson: one object a line", () => {
    const writer = listWriter("ndjson", [], Infinity);
    expect(
      writer
        .rows(rows)
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual(rows);
  });

  test("a single object", () => {
    expect(objectText({ id: 1, a: { b: "x" } }, "table", ["id", "a.b"])).toBe("id   1\na.b  x\n");
    expect(objectText({ id: 1 }, "ndjson", [])).toBe('{"id":1}\n');
    expect(objectText({ id: 1, a: { b: "x" } }, "csv", ["id", "a.b"])).toBe("id,a.b\r\n1,x\r\n");
  });
});
