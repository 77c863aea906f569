import { describe, expect, test } from "vitest";
import { cliCommands, findMethod } from "../../cli/commands.js";
import { apiHelp, describeSchema, methodHelp, resourceHelp, rootHelp, wrap } from "../../cli/help.js";
import { orgkitInProcess } from "./support.js";

describe("help", () => {
  test("a field's rules in words: enum, default, limits, format, pattern, nullable", () => {
    expect(describeSchema({ type: "integer", minimum: 1, maximum: 1000, default: 50 })).toBe(
      "integer; at least 1; at most 1000; default 50",
    );
    expect(describeSchema({ type: "string", enum: ["ASC", "DESC"], default: "ASC" })).toBe(
      "one of ASC, DESC; default ASC",
    );
    expect(describeSchema({ type: "string", enum: ["Organization Id", "Name"] })).toBe(
      'one of "Organization Id", Name',
    );
    expect(describeSchema({ type: "string", minLength: 3, maxLength: 100, pattern: "^x$" })).toBe(
      "string; at least 3 characters; at most 100 characters; pattern ^x$",
    );
    expect(describeSchema({ type: ["string", "null"], format: "uri" })).toBe("string; format uri; null clears it");
    expect(describeSchema({ type: "array", minItems: 1, items: { type: "string", enum: ["a", "-a"] } })).toBe(
      "one of a, -a; repeat the flag or separate with commas; at least 1 item",
    );
    expect(describeSchema({ allOf: [{ type: "integer", minimum: 1, format: "int32" }] })).toBe("integer; at least 1");
  });

  test("every command's help has its summary, description, evidence, route, usage and every field with its rules", () => {
    for (const each of cliCommands.filter((one) => one.use !== "import")) {
      const help = methodHelp(each, 100);
      const { command } = each;
      expect(help).toContain(`orgkit ${each.api} ${each.resource} ${each.method}: ${command.summary}`);
      expect(help).toContain(`evidence: ${command.evidence}`);
      expect(help).toContain(`${command.http.method} ${command.http.path}`);
      expect(help).toContain(wrap(command.description, 100, "  ").split("\n")[0]!);
      for (const flag of each.flags) expect(help).toMatch(new RegExp(`(--|<)${flag.name.replace(".", "\\.")}[ >]`));
      expect(help.includes("--all"), command.name).toBe(command.paging !== undefined);
    }
    const search = methodHelp(findMethod("blynk", "organizations", "search")!, 100);
    expect(search).toContain(
      "--size <integer>      integer; at least 1; at most 1000; default 50. Page size, at most 1000.",
    );
    expect(search).toContain("Usage:\n  orgkit blynk organizations search --query <string> [flags]");
    const list = methodHelp(findMethod("recrubo", "organizations", "list")!, 100);
    expect(list).toContain("--page.number or --page[number]=VALUE");
    expect(list).toMatch(/--page\.\* +Which page to return/);
  });

  test("an import's help lists the create's fields as its columns, how rows are found again, and its flags", () => {
    for (const each of cliCommands.filter((one) => one.use === "import")) {
      const help = methodHelp(each, 100);
      const create = findMethod(each.api, each.resource, each.command.method)!;
      expect(help).toContain(`Usage:\n  orgkit ${each.api} ${each.resource} import FILE [flags]`);
      for (const flag of create.flags) expect(help).toMatch(new RegExp(`\n  ${flag.name.replace(".", "\\.")} +`));
      const [group, method] = each.command.import!.find.split(".");
      expect(help.replace(/\s+/g, " ")).toContain(`looked up with ${group} ${method}`);
      for (const flag of ["--validate-only", "--skip-invalid", "--tokens FILE", "--env-file"])
        expect(help).toContain(flag);
      for (const flag of ["--all", "--dry-run", "--input", "--fields"]) expect(help).not.toContain(flag);
    }
  });

  test("the root, an API and a resource list what is under them", () => {
    const root = rootHelp(100);
    for (const code of ["2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 ", "130"]) expect(root).toContain(`\n  ${code}`);
    expect(root).toContain("RECRUBO_API_KEY");
    expect(apiHelp("blynk", 100)).toContain("organizations search   Search organizations");
    expect(resourceHelp("recrubo", "organizations", 100)).toContain(
      "refresh-token  Regenerate an organization's token",
    );
  });

  test("--help at every level, on stdout; a missing word prints the level's help on stderr with exit 2", async () => {
    expect(await orgkitInProcess(["--help"])).toEqual({ code: 0, stdout: rootHelp(100), stderr: "" });
    expect(await orgkitInProcess(["blynk", "--help"])).toEqual({ code: 0, stdout: apiHelp("blynk", 100), stderr: "" });
    expect(await orgkitInProcess(["help", "blynk", "organizations"])).toEqual({
      code: 0,
      stdout: resourceHelp("blynk", "organizations", 100),
      stderr: "",
    });
    const get = findMethod("blynk", "organizations", "get")!;
    expect((await orgkitInProcess(["blynk", "organizations", "get", "-h"])).stdout).toBe(methodHelp(get, 100));
    const missing = await orgkitInProcess(["blynk", "organizations"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.startsWith("orgkit blynk organizations: which method?\n")).toBe(true);
    expect(await orgkitInProcess([])).toMatchObject({ code: 2, stdout: "" });
  });
});
