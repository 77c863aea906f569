import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { credentialVariables } from "../../cli/runtime.js";
import { commands } from "./expected.js";
import { connect, entry, root } from "./session.js";

// The configuration block of the README's "Assistants (MCP)" section, as a user pastes it into
// Claude Desktop or Cursor: its `env` as written, its `args` with `npx ... orgkit mcp` replaced by
// the source entry (the published command runs the same main).

interface ServerConfig {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

async function configuration(): Promise<ServerConfig> {
  const readme = await readFile(`${root}README.md`, "utf8");
  const section = readme.slice(readme.indexOf("\n## Assistants (MCP)\n"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section.slice(0, section.indexOf("\n## ", 1)))?.[1];
  expect(block, "a json block in the Assistants (MCP) section").toBeDefined();
  const { mcpServers } = JSON.parse(block!) as { mcpServers: Record<string, ServerConfig> };
  return mcpServers["orgkit"]!;
}

test("the README's configuration starts the server and lists its tools", async () => {
  const config = await configuration();
  expect(config.command).toBe("npx");
  const at = config.args.indexOf("mcp");
  expect(config.args.slice(at - 1, at + 1)).toEqual(["orgkit", "mcp"]);
  // npx is told to install the SDK beside orgkit, which does not bring it.
  expect(config.args).toContain("@modelcontextprotocol/sdk@1.32.2");

  const session = await connect([...entry, ...config.args.slice(at + 1)], config.env ?? {});
  try {
    const { tools } = await session.client.listTools();
    const readOnly = config.args.includes("--read-only");
    // A command is served when one of its ways in has every variable it names in `env`.
    const present = Object.keys(config.env ?? {});
    const expected = commands.filter(
      ({ api, command }) =>
        credentialVariables(api, command).some((way) => way.split(" and ").every((name) => present.includes(name))) &&
        (!readOnly || command.readOnly),
    );
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.map((entry) => entry.name).sort());
    expect(tools.length).toBeGreaterThan(0);
  } finally {
    await session.close();
  }
});
