import { expect, test } from "vitest";
import { expectedTools, readmeConfiguration, sdkSpec } from "./readme.js";
import { connect } from "./session.js";

// The README's configuration block: its flags after `orgkit mcp` and its `env` as written, given to
// the built bin (dist/cli.js, what npx runs of the package). npm run check:package runs the block
// whole, its `npx` and `args` as written, in a project where the packed tarball is installed: that
// install needs the registry, which no test here may reach.

test("the README's configuration starts the server and lists its tools", async () => {
  const config = await readmeConfiguration();
  expect(config.command).toBe("npx");
  const at = config.args.indexOf("mcp");
  expect(config.args.slice(at - 1, at + 1)).toEqual(["orgkit", "mcp"]);
  // npx is told to install the SDK beside orgkit, which does not bring it.
  expect(config.args).toContain(await sdkSpec());

  const session = await connect(config.args.slice(at + 1), config.env ?? {});
  try {
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(expectedTools(config));
    expect(tools.length).toBeGreaterThan(0);
  } finally {
    await session.close();
  }
});
