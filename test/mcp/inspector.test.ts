import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { commands } from "./expected.js";
import { bin, root } from "./session.js";

// The MCP Inspector's CLI mode, a client no one here wrote, against the built server on its sandbox.

const run = promisify(execFile);

async function inspector(...args: string[]) {
  const directory = join(root, "node_modules/@modelcontextprotocol/inspector");
  const manifest = JSON.parse(await readFile(join(directory, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  const launcher = join(directory, manifest.bin["mcp-inspector"]!);
  return run(process.execPath, [launcher, "--cli", process.execPath, bin, "mcp", "--sandbox", ...args], {
    cwd: root,
    // Its catalog of servers would otherwise go to ~/.mcp-inspector.
    env: { PATH: process.env["PATH"], MCP_CATALOG_PATH: join(root, "node_modules/.cache/mcp-inspector.json") },
  });
}

describe("MCP Inspector CLI", () => {
  test("tools/list --strict lists every tool and finds no schema portability error", async () => {
    const { stdout, stderr } = await inspector("--method", "tools/list", "--strict");
    const { tools } = JSON.parse(stdout) as { tools: Array<{ name: string }> };
    expect(tools.map((tool) => tool.name).sort()).toEqual(commands.map((entry) => entry.name).sort());
    expect(stderr).toContain("orgkit mcp: serving");
  });

  test("tools/call gives the tool's structured content", async () => {
    const { stdout } = await inspector(
      "--method",
      "tools/call",
      "--tool-name",
      "blynk_search_organizations",
      "--tool-arg",
      "query=Branch 00",
      "maxItems=2",
    );
    const result = JSON.parse(stdout) as { structuredContent: { items: Array<{ name: string }>; more: boolean } };
    expect(result.structuredContent.items.map((item) => item.name)).toEqual(["Acme Branch 001", "Acme Branch 002"]);
    expect(result.structuredContent.more).toBe(true);
  });
});
