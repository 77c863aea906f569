import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { credentialVariables } from "../../cli/runtime.js";
import { commands } from "./expected.js";
import { connectTo } from "./session.js";

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

interface Manifest {
  version: string;
  devDependencies: Record<string, string>;
}

const manifest = async () => JSON.parse(await readFile(`${root}package.json`, "utf8")) as Manifest;

/** The SDK as the block must have npx install it beside orgkit: the version orgkit's own tests run. */
export async function sdkSpec(): Promise<string> {
  const name = "@modelcontextprotocol/sdk";
  return `${name}@${(await manifest()).devDependencies[name]}`;
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

/**
 * Runs the block as written, its `command` and `args` untouched and its `env` with npm's settings
 * added, from `project`, where orgkit's tarball and the SDK are installed; `scratch` is an empty
 * directory for npm's cache and settings. npm is kept from every registry: offline, with an empty
 * cache, and with a registry on loopback that answers 404 and records what it is asked, so a spec
 * that the project's own install does not satisfy fails rather than fetch, and a package named
 * orgkit can only come from the project. Gives what is wrong, one line each, and the tools listed.
 */
export async function runAsWritten(
  config: ServerConfig,
  project: string,
  scratch: string,
): Promise<{ listed: string[]; problems: string[] }> {
  const asked: string[] = [];
  const registry = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  const cache = join(scratch, "cache");
  await mkdir(cache, { recursive: true });
  // A scoped registry in the user's or the global npmrc would not follow npm_config_registry.
  await writeFile(join(scratch, "user.npmrc"), "");
  await writeFile(join(scratch, "global.npmrc"), "");
  const npm = {
    npm_config_offline: "true",
    npm_config_cache: cache,
    npm_config_registry: `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`,
    npm_config_userconfig: join(scratch, "user.npmrc"),
    npm_config_globalconfig: join(scratch, "global.npmrc"),
    npm_config_update_notifier: "false",
  };
  const problems: string[] = [];
  let listed: string[] = [];
  try {
    const session = await connectTo({ ...config, env: { ...config.env, ...npm }, cwd: project });
    try {
      listed = (await session.client.listTools()).tools.map((tool) => tool.name).sort();
      const server = session.client.getServerVersion();
      const { version } = await manifest();
      if (server?.name !== "orgkit" || server.version !== version)
        problems.push(`the server is ${JSON.stringify(server)}, not orgkit ${version} from the tarball`);
    } finally {
      await session.close();
    }
  } finally {
    registry.close();
  }
  const expected = expectedTools(config);
  if (listed.length === 0 || listed.join() !== expected.join())
    problems.push(`it listed ${listed.join(", ") || "no tool"}; the block's env and flags give ${expected.join(", ")}`);
  if (asked.length > 0) problems.push(`npm asked the registry for ${asked.join(", ")}`);
  // npx keeps what it installs under _npx in the cache; _logs is its debug log.
  const kept = (await readdir(cache)).filter((name) => name !== "_logs");
  if (kept.length > 0)
    problems.push(`npm's cache holds ${kept.join(", ")}: npx installed rather than ran the project's`);
  return { listed, problems };
}
