// `orgkit mcp ...` belongs to the MCP server: its module's main() when the build has it; until then
// the command says it is not available, and a module it cannot load for another reason still fails
// loudly.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exitCodes } from "../../cli/exit.js";
import { orgkit, root } from "./support.js";

const hasServer = existsSync(join(root, "cli/mcp/server.ts"));

describe("orgkit mcp", () => {
  test.skipIf(hasServer)("without the MCP server's module: not available in this build, exit 1", async () => {
    const run = await orgkit(["mcp", "--help"]);
    expect(run).toMatchObject({
      code: exitCodes.failure,
      stdout: "",
      stderr: "orgkit mcp: not available in this build\n",
    });
  });

  test.runIf(hasServer)("with it: its main() gets the arguments after mcp and gives the exit code", async () => {
    const run = await orgkit(["mcp", "--help"]);
    expect(run.code).toBe(exitCodes.ok);
    expect(run.stdout + run.stderr).toContain("orgkit mcp");
  });
});
