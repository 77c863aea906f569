import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { apis } from "../../scripts/lib/apis.js";
import { writeGenerated } from "../../scripts/lib/codegen.js";
import { findAllStale } from "../../scripts/lib/drift.js";

const projectRoot = new URL("../../", import.meta.url).pathname;
const blynk = apis.find((api) => api.name === "blynk")!;

describe("generated drift check", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "orgkit-drift-"));
    for (const dir of ["openapi", "generated"]) await cp(join(projectRoot, dir), join(root, dir), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function editSpec() {
    const file = join(root, "openapi/blynk/components/parameters/Size.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("Page size, at most 1000.", "Page size, at most 500."),
    );
  }

  test("passes on the committed files", async () => {
    expect(await findAllStale(root)).toEqual([]);
  });

  test("fails after a spec edit, naming the stale file, and passes after regenerating", async () => {
    await editSpec();
    // A description is in the types' comments and in the commands' help.
    expect(await findAllStale(root)).toEqual([
      { path: "generated/blynk.ts", reason: "differs" },
      { path: "generated/blynk.commands.ts", reason: "differs" },
    ]);

    await writeGenerated(blynk, root);
    expect(await findAllStale(root)).toEqual([]);
  });

  test("reports a missing file", async () => {
    await rm(join(root, "generated/recrubo.ts"));
    expect(await findAllStale(root)).toEqual([{ path: "generated/recrubo.ts", reason: "missing" }]);
  });

  test("the command exits 1 and names the file and the fix", async () => {
    await editSpec();
    const run = promisify(execFile)(
      join(projectRoot, "node_modules/.bin/tsx"),
      [join(projectRoot, "scripts/check-generated.ts")],
      {
        cwd: root,
      },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "generated/blynk.ts is stale: its spec changed since it was generated. Run `npm run generate`",
      ),
    });
  });
});
