import { readFile } from "node:fs/promises";
import { credentialVariables } from "../../cli/runtime.js";
import { commands } from "./expected.js";

// The configuration block of the README's "Assistants (MCP)" section, as a user pastes it into
// Claude Desktop or Cursor, and the tools it must list. readme.test.ts gives its flags and `env` to
// the built bin; npm run check:package runs it as written, npx included, where the packed tarball
// is installed.

const root = new URL("../../", import.meta.url).pathname;

export interface ServerConfig {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** The block's `mcpServers.orgkit`; throws when the section has no json block or the block no such server. */
export async function readmeConfiguration(): Promise<ServerConfig> {
  const readme = await readFile(`${root}README.md`, "utf8");
  const section = readme.slice(readme.indexOf("\n## Assistants (MCP)\n"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section.slice(0, section.indexOf("\n## ", 1)))?.[1];
  if (block === undefined) throw new Error("README.md: no json block in the Assistants (MCP) section");
  const { mcpServers } = JSON.parse(block) as { mcpServers?: Record<string, ServerConfig> };
  const config = mcpServers?.["orgkit"];
  if (!config) throw new Error("README.md: the Assistants (MCP) block has no mcpServers.orgkit");
  return config;
}

/** The SDK as the block must have npx install it beside orgkit: the version orgkit's own tests run. */
export async function sdkSpec(): Promise<string> {
  const name = "@modelcontextprotocol/sdk";
  const manifest = JSON.parse(await readFile(`${root}package.json`, "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return `${name}@${manifest.devDependencies[name]}`;
}

/**
 * The tools the server must list for the block, sorted: a command is served when one of its ways in
 * has every variable it names in `env`, and only if it reads when the block says --read-only.
 */
export function expectedTools(config: ServerConfig): string[] {
  const present = Object.keys(config.env ?? {});
  const readOnly = config.args.includes("--read-only");
  return commands
    .filter(
      ({ api, command }) =>
        credentialVariables(api, command).some((way) => way.split(" and ").every((name) => present.includes(name))) &&
        (!readOnly || command.readOnly),
    )
    .map((entry) => entry.name)
    .sort();
}
