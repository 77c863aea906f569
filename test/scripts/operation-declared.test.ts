import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

interface Problem {
  ruleId: string;
  message: string;
  location: Array<{ source: { ref: string }; start: { line: number } }>;
}

const root = process.cwd();
const cli = join(root, "node_modules/@redocly/cli/bin/cli.js");
let scratch: string;

/** Lints the Blynk spec of a scratch copy after `edit`, with orgkit's config and plugin; the rule's problems. */
async function lintAfter(file: string, edit: (text: string) => string): Promise<Problem[]> {
  const path = join(scratch, "openapi/blynk/paths", file);
  const original = await readFile(path, "utf8");
  await writeFile(path, edit(original));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "lint", "blynk", "--format", "json"], {
      cwd: scratch,
    }).catch((failed: { stdout: string }) => failed); // lint exits 1 on a problem
    const { problems } = JSON.parse(stdout) as { problems: Problem[] };
    return problems.filter((problem) => problem.ruleId === "orgkit/operation-declared");
  } finally {
    await writeFile(path, original);
  }
}

describe("the lint rule orgkit/operation-declared", () => {
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "orgkit-lint-"));
    await cp(join(root, "openapi"), join(scratch, "openapi"), { recursive: true });
    await cp(join(root, "scripts/redocly"), join(scratch, "scripts/redocly"), { recursive: true });
    await cp(join(root, "redocly.yaml"), join(scratch, "redocly.yaml"));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  test("passes the specs as they are", async () => {
    expect(await lintAfter("api_v1_organization.yaml", (text) => text)).toEqual([]);
  });

  test("refuses an operation without x-orgkit, naming it, at its file and line", async () => {
    const problems = await lintAfter("api_v1_organization_profile.yaml", (text) =>
      text.replace("  x-orgkit:\n    method: organizations.profile\n", ""),
    );

    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("getOrganizationProfile has no x-orgkit");
    expect(problems[0]?.location[0]?.source.ref).toBe("openapi/blynk/paths/api_v1_organization_profile.yaml");
    expect(problems[0]?.location[0]?.start.line).toBe(1);
  });

  test("refuses a malformed declaration, each problem at its own line", async () => {
    const problems = await lintAfter("api_v1_organization.yaml", (text) =>
      text.replace(
        "    method: organizations.get\n    args: [query.orgId]\n",
        "    method: get\n    args: [query.orgId, header.x]\n    colour: red\n",
      ),
    );

    expect(problems.map((problem) => [problem.location[0]?.start.line, problem.message]).sort()).toEqual([
      [13, expect.stringContaining("method must be <group>.<name>")],
      [14, expect.stringContaining("args[1] must be")],
      [15, expect.stringContaining("no member colour")],
    ]);
  });

  test("refuses paging without where the pages end, and a raw-only operation without its reason", async () => {
    const paging = await lintAfter("api_v1_organization_search.yaml", (text) =>
      text.replace("      total: totalElements\n", ""),
    );
    const raw = await lintAfter("api_v1_organization.yaml", (text) =>
      text.replace("    method: organizations.get\n    args: [query.orgId]\n", "    raw: ''\n"),
    );

    expect(paging.map((problem) => problem.message)).toEqual([expect.stringContaining("total")]);
    expect(raw.map((problem) => problem.message)).toEqual([expect.stringContaining("raw says why")]);
  });

  test("refuses an import declaration without the method that finds a row, or with members not mapped to fields", async () => {
    const problems = await lintAfter("api_v1_organization_create.yaml", (text) =>
      text
        .replace("      find: organizations.search\n", "      find: search\n")
        .replace("      by: { query: name }\n", "      by: [query]\n")
        .replace("      id: id\n", "      id: id\n      key: name\n"),
    );

    expect(problems.map((problem) => problem.message).sort()).toEqual([
      expect.stringContaining("import has no member key"),
      expect.stringContaining("import.by must map members to the row's fields"),
      expect.stringContaining("import.find must name the paged method"),
    ]);
  });
});
