// The built bin (test/global-setup.ts builds dist/ when it is missing or stale): dist/cli.js starts
// with its shebang and runs a command through the library's own bundles (npm run check:package runs
// it from the tarball too).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { VERSION } from "../../src/index.js";
import { root, runNode } from "./support.js";

const bin = join(root, "dist/cli.js");

describe("dist/cli.js", () => {
  test("runs help, its version and a command against the in-process sandbox", async () => {
    expect((await readFile(bin, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    const version = await runNode([bin, "--version"]);
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const profile = await runNode([bin, "blynk", "organizations", "profile", "--sandbox", "--fields", "id,name"]);
    expect(profile).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(profile.stdout)).toEqual({ id: 1, name: "Acme Corp" });
  });
});
