import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { apis } from "../../scripts/lib/apis.js";
import { writeGenerated } from "../../scripts/lib/codegen.js";
import { connectTo, root } from "./session.js";

// An operation added to a scratch copy of the spec becomes a tool once generated/ is written from
// it, with no code of the server's touched: the server in the copy lists it. The copy's server runs
// from its source entry (cli/mcp/main.ts), the one suite that does not run dist/cli.js: building the
// copy would add a second full build (about 7 s, most of it tsc's declarations) to show what the
// other suites already show of the repository's build, that the bundle serves generated/ as it is.

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "orgkit-mcp-spec-"));
  for (const path of ["openapi", "generated", "src", "cli", "package.json", "tsconfig.json"])
    await cp(join(root, path), join(scratch, path), { recursive: true });
  await symlink(join(root, "node_modules"), join(scratch, "node_modules"));

  // A copy of the profile operation under a new path, operationId and facade method.
  const spec = join(scratch, "openapi/blynk");
  const profile = await readFile(join(spec, "paths/api_v1_organization_profile.yaml"), "utf8");
  await writeFile(
    join(spec, "paths/api_v1_organization_parent.yaml"),
    profile
      .replace("operationId: getOrganizationProfile", "operationId: getParentOrganization")
      .replace("summary: Get the current organization", "summary: Get the parent organization")
      .replace("method: organizations.profile", "method: organizations.parent"),
  );
  const index = await readFile(join(spec, "openapi.yaml"), "utf8");
  await writeFile(
    join(spec, "openapi.yaml"),
    index.replace(
      "  /api/v1/organization/profile:\n",
      "  /api/v1/organization/parent:\n    $ref: paths/api_v1_organization_parent.yaml\n  /api/v1/organization/profile:\n",
    ),
  );
  await writeGenerated(apis.find((api) => api.name === "blynk")!, scratch);
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

test("an operation added to the spec is a tool after generating", async () => {
  const session = await connectTo({
    command: process.execPath,
    args: ["--import", "tsx", join(scratch, "cli/mcp/main.ts"), "--sandbox", "--read-only"],
    env: {},
  });
  try {
    const { tools } = await session.client.listTools();
    const added = tools.find((tool) => tool.name === "blynk_get_parent_organization");
    expect(added).toMatchObject({
      title: "Get the parent organization",
      annotations: { readOnlyHint: true, destructiveHint: false },
    });
    expect(added!.outputSchema).toMatchObject({ type: "object", required: ["id", "name", "tz", "lastModifiedTs"] });
  } finally {
    await session.close();
  }
});
