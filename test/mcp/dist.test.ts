// The server as users start it: the built bin, `orgkit mcp` (dist/cli.js), when `npm run
// build:package` has run, as it has in CI before the tests. The other suites run the source entry.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apis } from "../../cli/runtime.js";
import { connect, credentialValues, type RecordingSandbox, recordingSandbox, root, sandboxEnv } from "./session.js";

const bin = join(root, "dist/cli.js");

describe.runIf(existsSync(bin))("orgkit mcp, from dist/cli.js", () => {
  let target: RecordingSandbox;
  beforeAll(async () => {
    target = await recordingSandbox();
  });
  afterAll(() => target.close());

  test("serves a tool per command over stdio, and a call reaches the sandbox with no secret shown", async () => {
    const session = await connect([bin, "mcp"], sandboxEnv(target));
    try {
      const { tools } = await session.client.listTools();
      expect(tools).toHaveLength(apis.recrubo.commands.length + apis.blynk.commands.length);

      const result = await session.call("blynk_search_organizations", { query: "Branch", maxItems: 2 });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ more: true });
      expect(target.seen.some((seen) => seen.line.startsWith("GET /api/v1/organization/search"))).toBe(true);
      for (const secret of credentialValues(target)) {
        expect(JSON.stringify(result)).not.toContain(secret);
        expect(session.stderr()).not.toContain(secret);
      }
    } finally {
      await session.close();
    }
  });
});
