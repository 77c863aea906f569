import { describe, expect, test } from "vitest";
import { cliCommands, findMethod } from "../../cli/commands.js";
import { UsageError } from "../../cli/exit.js";
import { coerce, globalFlags, normalizeBrackets, parseFlags } from "../../cli/flags.js";

const list = findMethod("recrubo", "organizations", "list")!;
const search = findMethod("blynk", "organizations", "search")!;
const create = findMethod("blynk", "organizations", "create")!;

describe("normalizeBrackets", () => {
  test("takes the JSON:API bracket spelling as the dotted one, value and all", () => {
    expect(normalizeBrackets("--page[size]=10")).toBe("--page.size=10");
    expect(normalizeBrackets("--page[size]")).toBe("--page.size");
    expect(normalizeBrackets("--filter[name]=a[b]")).toBe("--filter.name=a[b]");
    expect(normalizeBrackets("a[b]")).toBe("a[b]");
  });
});

describe("coerce", () => {
  test("reads a value in its field's JSON type, and leaves what does not read for validation to name", () => {
    expect(coerce({ type: "integer", nullable: false }, "42")).toBe(42);
    expect(coerce({ type: "integer", nullable: false }, "-1")).toBe(-1);
    expect(coerce({ type: "integer", nullable: false }, "4x")).toBe("4x");
    expect(coerce({ type: "number", nullable: false }, "1.5e2")).toBe(150);
    expect(coerce({ type: "boolean", nullable: false }, "false")).toBe(false);
    expect(coerce({ type: "boolean", nullable: false }, "no")).toBe("no");
    expect(coerce({ type: "object", nullable: false }, '{"a":1}')).toEqual({ a: 1 });
    expect(coerce({ type: "object", nullable: false }, "{a")).toBe("{a");
    expect(coerce({ type: "string", nullable: true }, "null")).toBeNull();
    expect(coerce({ type: "string", nullable: false }, "null")).toBe("null");
    expect(coerce({ type: "string", nullable: false }, "007")).toBe("007");
  });
});

describe("parseFlags", () => {
  test("nested flags dotted or bracketed, arrays repeated or comma-separated, values in their types", () => {
    const { fields, positionals } = parseFlags(
      [
        "--page.size",
        "10",
        "--page[number]=2",
        "--sort",
        "name",
        "--sort",
        "-createdAt,updatedAt",
        "--filter.name",
        "Acme",
      ],
      list,
    );
    expect(fields).toEqual({
      page: { size: 10, number: 2 },
      sort: ["name", "-createdAt", "updatedAt"],
      filter: { name: "Acme" },
    });
    expect(positionals).toEqual([]);
    expect(parseFlags(["--sort", '["name","-updatedAt"]'], list).fields).toEqual({ sort: ["name", "-updatedAt"] });
  });

  test("a value that starts with a single dash is a value", () => {
    expect(parseFlags(["--sort", "-name"], list).fields).toEqual({ sort: ["-name"] });
    expect(parseFlags(["--parentId", "-1"], create).fields).toEqual({ parentId: -1 });
  });

  test("the CLI's own flags", () => {
    const { globals } = parseFlags(
      ["--all", "--concurrency", "4", "--max-items=100", "--format", "csv", "--fields", "id, name", "--dry-run", "-h"],
      search,
    );
    expect(globals).toMatchObject({
      all: true,
      concurrency: 4,
      maxItems: 100,
      format: "csv",
      fields: ["id", "name"],
      dryRun: true,
      help: true,
      verbose: false,
    });
  });

  test.each([
    [["--qurey", "acme"], "unknown flag --qurey (did you mean --query?)"],
    [["--query"], "--query needs a value"],
    [["--query", "--all"], "--query needs a value (for one starting with --, write --query=--all)"],
    [["--size", "1", "--size", "2"], "--size is given twice"],
    [["--format", "yaml"], "--format takes json, ndjson, csv, table"],
    [["--format", "jsn"], "--format takes json, ndjson, csv, table (did you mean json?)"],
    [["--concurrency", "two"], '--concurrency takes a whole number, not "two"'],
    [["--all=maybe"], "--all takes no value other than true or false"],
  ])("refuses %j: %s", (args, message) => {
    expect(() => parseFlags(args, search)).toThrow(new UsageError(message));
  });

  test("no field of any command is spelled like one of the CLI's flags", () => {
    for (const each of cliCommands)
      for (const flag of each.flags) expect(Object.keys(globalFlags), each.command.name).not.toContain(flag.name);
    for (const each of cliCommands) expect(() => parseFlags([], each)).not.toThrow();
  });
});
