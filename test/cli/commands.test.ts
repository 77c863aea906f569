import { describe, expect, test } from "vitest";
import { cliCommand, cliCommands, findMethod, kebab, typeOf } from "../../cli/commands.js";
import { apis } from "../../cli/runtime.js";

describe("commands", () => {
  test("one per generated command, its method in kebab case", () => {
    const calls = cliCommands.filter((each) => each.use !== "import");
    expect(calls.map((each) => each.command)).toEqual([...apis.recrubo.commands, ...apis.blynk.commands]);
    // An import for each create that declares one, after it.
    const imports = cliCommands.filter((each) => each.use === "import");
    expect(imports.map((each) => each.command)).toEqual(
      [...apis.recrubo.commands, ...apis.blynk.commands].filter((command) => command.import),
    );
    expect(imports.map((each) => `${each.api} ${each.resource} ${each.method}`)).toContain(
      "blynk organizations import",
    );
    expect(findMethod("blynk", "organizations", "import")?.use).toBe("import");
    expect(kebab("refreshToken")).toBe("refresh-token");
    expect(findMethod("recrubo", "organizations", "refresh-token")?.command.method).toBe("refreshToken");
    expect(findMethod("recrubo", "organizations", "refreshToken")?.method).toBe("refresh-token");
    expect(findMethod("recrubo", "organizations", "nope")).toBeUndefined();
  });

  test("positionals are the method's single-field arguments; flags every field, nested objects flattened", () => {
    const get = findMethod("blynk", "organizations", "get")!;
    expect(get.positionals.map((flag) => flag.name)).toEqual(["orgId"]);
    const update = findMethod("recrubo", "organizations", "update")!;
    expect(update.positionals.map((flag) => flag.name)).toEqual(["id"]);
    // The own organization's id is an option of the method, so a flag.
    expect(findMethod("recrubo", "organization", "update")!.positionals).toEqual([]);
    const list = findMethod("recrubo", "organizations", "list")!;
    expect(list.flags.map((flag) => [flag.name, flag.type, flag.itemType])).toEqual([
      ["page.number", "integer", undefined],
      ["page.size", "integer", undefined],
      ["filter.name", "string", undefined],
      ["filter.webhookUrl", "string", undefined],
      ["filter.createdAt", "string", undefined],
      ["filter.updatedAt", "string", undefined],
      ["sort", "array", "string"],
    ]);
    const create = findMethod("blynk", "organizations", "create")!;
    expect(create.flags.find((flag) => flag.name === "parentId")).toMatchObject({ type: "integer", required: false });
    expect(create.flags.find((flag) => flag.name === "name")).toMatchObject({ type: "string", required: true });
  });

  test("a field's type through allOf, oneOf and a nullable type list", () => {
    expect(typeOf({ allOf: [{ type: "integer" }] })).toEqual({ type: "integer", nullable: false });
    expect(typeOf({ type: ["string", "null"] })).toEqual({ type: "string", nullable: true });
    expect(typeOf({ oneOf: [{ type: "object", properties: {} }, { type: "null" }] })).toEqual({
      type: "object",
      nullable: true,
    });
    expect(typeOf({ oneOf: [{ type: "integer" }, { type: "string" }] }).type).toBe("string");
  });

  test("an object without declared members is one JSON flag", () => {
    const command = { ...apis.blynk.commands[0]!, input: { type: "object", properties: { meta: { type: "object" } } } };
    expect(cliCommand("blynk", command).flags.map((flag) => [flag.name, flag.type])).toEqual([["meta", "object"]]);
  });
});
