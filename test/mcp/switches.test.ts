import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main, type Sdk } from "../../cli/mcp/server.js";
import { environment } from "../../cli/runtime.js";
import { runNode } from "../cli/support.js";
import { commands } from "./expected.js";
import { bin, connect, type RecordingSandbox, recordingSandbox, sandboxEnv, textOf } from "./session.js";

// The safety switches and the ways the server refuses to start, each through the flags and
// variables a user sets, given to the built bin.

let target: RecordingSandbox;
beforeAll(async () => {
  target = await recordingSandbox();
});
afterAll(() => target?.close());

const names = (filter: (entry: (typeof commands)[number]) => boolean) =>
  commands
    .filter(filter)
    .map((entry) => entry.name)
    .sort();

async function listed(args: string[], env: Record<string, string>) {
  const session = await connect(args, env);
  try {
    const { tools } = await session.client.listTools();
    return { session, names: tools.map((tool) => tool.name).sort() };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** `orgkit mcp ...args` when it stops before serving: its exit code and what it wrote. */
const refused = (args: string[], env: Record<string, string>) => runNode([bin, "mcp", ...args], { env });

describe("--read-only", () => {
  test("lists only the tools that read, and a tool that writes cannot be called", async () => {
    const { session, names: shown } = await listed(["--read-only"], sandboxEnv(target));
    try {
      expect(shown).toEqual(names(({ command }) => command.readOnly));
      expect(shown.length).toBeGreaterThan(0);
      const before = target.seen.length;
      for (const name of names(({ command }) => !command.readOnly)) {
        await expect(session.call(name, {})).rejects.toThrow(/--read-only/);
      }
      expect(target.seen.slice(before)).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe("--tools", () => {
  const reading = names(({ command }) => command.readOnly)[0]!;
  const destroying = names(({ command }) => command.destructive)[0]!;

  test("lists only the tools named, and no other can be called", async () => {
    const { session, names: shown } = await listed(["--tools", `${reading},${destroying}`], sandboxEnv(target));
    try {
      expect(shown).toEqual([reading, destroying].sort());
      const other = names(({ name }) => name !== reading && name !== destroying)[0]!;
      await expect(session.call(other, {})).rejects.toThrow(/no tool has that name|not served/);
    } finally {
      await session.close();
    }
  });

  test("with --read-only, a tool named that writes is left out, and stderr says so", async () => {
    const { session, names: shown } = await listed(
      ["--read-only", "--tools", `${reading},${destroying}`],
      sandboxEnv(target),
    );
    try {
      expect(shown).toEqual([reading]);
      expect(session.stderr()).toContain(`not listed: ${destroying}: it writes, and the server is --read-only`);
    } finally {
      await session.close();
    }
  });

  test("a name no tool has stops the server with exit code 2, naming it", async () => {
    const { code, stdout, stderr } = await refused(["--tools", `${reading},launch_rockets`], sandboxEnv(target));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--tools names launch_rockets, which no tool is");
    expect(stderr).toContain(reading);
  });
});

describe("credentials", () => {
  test("tools whose credentials are absent are not listed, and stderr names the variables that would enable them", async () => {
    const env = sandboxEnv(target);
    const { recrubo } = environment;
    const { [recrubo.partnerKey]: _partner, [recrubo.organizationKey]: _own, ...blynkOnly } = env;
    const { session, names: shown } = await listed([], { ...blynkOnly, ORGKIT_LOG: "loud" });
    try {
      expect(shown).toEqual(names(({ api }) => api === "blynk"));
      const stderr = session.stderr();
      expect(stderr).toMatch(new RegExp(`not listed: recrubo_list_organizations.*${recrubo.partnerKey}`));
      expect(stderr).toMatch(new RegExp(`not listed: recrubo_list_own_organizations.*${recrubo.organizationKey}`));
      expect(stderr).toContain('ORGKIT_LOG="loud" is not a level');
    } finally {
      await session.close();
    }
  });

  test("--env-file supplies them, the environment's values winning", async () => {
    const directory = await mkdtemp(join(tmpdir(), "orgkit-mcp-"));
    try {
      const env = sandboxEnv(target);
      const file = join(directory, ".env");
      const { recrubo } = environment;
      await writeFile(
        file,
        `${Object.entries(env)
          .map(([name, value]) => `${name}=${name === recrubo.baseUrl ? "http://127.0.0.1:9" : value}`)
          .join("\n")}\n`,
      );
      const session = await connect(["--env-file", file], { [recrubo.baseUrl]: target.url });
      try {
        const result = await session.call("recrubo_list_organizations", { maxItems: 1 });
        expect(result.isError, textOf(result)).toBeFalsy();
      } finally {
        await session.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test("an --env-file that cannot be read stops the server with exit code 2, quoting nothing of it", async () => {
    let stderr = "";
    const code = await main(["--env-file", "/nonexistent/orgkit.env"], { stderr: (text) => (stderr += text) });
    expect(code).toBe(2);
    expect(stderr).toBe("orgkit mcp: cannot read --env-file /nonexistent/orgkit.env: ENOENT\n");
  });

  // Node itself takes `--env-file` from a script's arguments when the file is missing: it exits with
  // code 9 and `node: <path>: not found` before the bin runs (nodejs/node#54232, Node 20 to 26), so
  // the bin's own answer above is never seen. Marked as failing until the flag is out of Node's way.
  test.fails("from the bin, an --env-file that cannot be read also exits with code 2 and orgkit's message", async () => {
    const { code, stderr } = await refused(["--env-file", "/nonexistent/orgkit.env"], sandboxEnv(target));
    expect(stderr).toBe("orgkit mcp: cannot read --env-file /nonexistent/orgkit.env: ENOENT\n");
    expect(code).toBe(2);
  });

  test("with no credentials at all, the server does not start (exit code 1) and suggests --sandbox", async () => {
    const { code, stderr } = await refused([], {});
    expect(code).toBe(1);
    expect(stderr).toContain("no tool to serve");
    expect(stderr).toContain("--sandbox");
  });
});

describe("--reveal-secrets", () => {
  test("shows a new organization's token, and only in the result: the log masks it", async () => {
    const session = await connect(["--reveal-secrets"], { ...sandboxEnv(target), ORGKIT_LOG: "debug" });
    try {
      const result = await session.call("recrubo_create_organization", {
        name: "Revealed Org",
        webhookUrl: "https://hooks.example.com/revealed",
        webhookSecret: "whsec_revealed_never",
      });
      const created = result.structuredContent as { id: string; attributes: Record<string, unknown> };
      const record = target.sandbox.recrubo.organizations().find((organization) => organization.id === created.id)!;
      expect(created.attributes["token"]).toBe(record.token);
      expect(created.attributes).not.toHaveProperty("webhookSecret");
      expect(JSON.stringify(result)).not.toContain("whsec_revealed_never");
      expect(session.stderr()).toMatch(
        /orgkit: POST http:\/\/127\.0\.0\.1:\d+\/public\/v2\/management\/organizations\//,
      );
      expect(session.stderr()).not.toContain(record.token);
    } finally {
      await session.close();
    }
  });
});

describe("--sandbox", () => {
  test("serves every tool with no credentials in the environment", async () => {
    const { session, names: shown } = await listed(["--sandbox"], {});
    try {
      expect(shown).toEqual(names(() => true));
      const result = await session.call("blynk_get_organization_profile");
      expect(result.structuredContent).toMatchObject({ id: 1 });
    } finally {
      await session.close();
    }
  });
});

describe("usage", () => {
  test("an unknown flag stops the server with exit code 2 and the usage", async () => {
    const { code, stdout, stderr } = await refused(["--writeable"], sandboxEnv(target));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--writeable");
    expect(stderr).toContain("Usage: orgkit mcp");
  });

  // The repository's node_modules has the SDK, so the bin here always finds it: these two give main()
  // the loader that fails. npm run check:package runs `npx orgkit mcp` in a project without the SDK.
  test("without the MCP SDK, it says which package to install and exits with code 1", async () => {
    let stderr = "";
    // A package that is not installed, imported as the SDK is: the same failure a user without it gets.
    const missing = "@modelcontextprotocol/sdk-not-installed/server/index.js";
    const loadSdk = () => import(/* @vite-ignore */ missing) as Promise<Sdk>;
    expect(await main(["--sandbox"], { loadSdk, stderr: (text) => (stderr += text) })).toBe(1);
    expect(stderr).toBe("orgkit mcp needs @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk@1.32.2\n");
  });

  test("an SDK that fails otherwise is not taken for a missing one", async () => {
    const broken = Object.assign(new Error("the SDK failed to load"), { code: "ERR_REQUIRE_ESM" });
    await expect(main(["--sandbox"], { loadSdk: () => Promise.reject(broken), stderr: () => {} })).rejects.toBe(broken);
  });
});
