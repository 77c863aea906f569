import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { staleness } from "./global-setup.js";

// A tree laid out as the repository's: sources, the build's inputs, and a dist/ built from them, each
// bundle's map listing its sources. Times are set, not waited for.

let directory: string;
const built = new Date("2026-11-23T10:00:00Z");
const before = new Date("2026-11-23T09:00:00Z");
const after = new Date("2026-11-23T11:00:00Z");

async function file(path: string, text: string, time: Date) {
  await mkdir(dirname(join(directory, path)), { recursive: true });
  await writeFile(join(directory, path), text);
  await utimes(join(directory, path), time, time);
}

const bundles = ["dist/cli.js", "dist/mcp/server.js", "dist/index.js", "dist/sandbox/index.js"];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "orgkit-dist-"));
  for (const input of ["scripts/build-package.ts", "scripts/lib/package-contents.ts", "package.json", "src/a.ts"])
    await file(input, "", before);
  for (const bundle of bundles) await file(bundle, "", built);
  await file("dist/index.js.map", JSON.stringify({ sources: ["../src/a.ts"] }), built);
  await file("dist/mcp/server.js.map", JSON.stringify({ sources: ["../../src/a.ts"] }), built);
});

afterEach(() => rm(directory, { recursive: true, force: true }));

describe("staleness", () => {
  test("is undefined when every bundle is newer than the sources its map lists and the build's inputs", async () => {
    expect(await staleness(directory)).toBeUndefined();
  });

  test("names a source newer than a map that lists it", async () => {
    await utimes(join(directory, "src/a.ts"), after, after);
    expect(await staleness(directory)).toBe("src/a.ts is newer than dist/index.js.map");
  });

  test("names a source a map lists that is gone", async () => {
    await rm(join(directory, "src/a.ts"));
    expect(await staleness(directory)).toBe("dist/index.js.map was built from src/a.ts, which is gone");
  });

  test("names a bundle the bin loads that is missing", async () => {
    await rm(join(directory, "dist/mcp/server.js"));
    expect(await staleness(directory)).toBe("no dist/mcp/server.js");
  });

  test("names a build input newer than dist/", async () => {
    await utimes(join(directory, "scripts/build-package.ts"), after, after);
    expect(await staleness(directory)).toBe("scripts/build-package.ts is newer than dist/");
  });

  test("names missing source maps, which would hide every source", async () => {
    await rm(join(directory, "dist/index.js.map"));
    await rm(join(directory, "dist/mcp/server.js.map"));
    expect(await staleness(directory)).toBe("no source maps in dist/");
  });

  test("without dist/ at all, names the bin", async () => {
    await rm(join(directory, "dist"), { recursive: true });
    expect(await staleness(directory)).toBe("no dist/cli.js");
  });
});
