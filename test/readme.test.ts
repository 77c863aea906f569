import { readdir, readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";

const root = new URL("../", import.meta.url);
const read = (path: string) => readFile(new URL(path, root), "utf8");

// README snippets are copies of examples/readme/*.ts, which the typecheck covers: this keeps the
// two identical, so every snippet a reader copies compiles.
describe("README", () => {
  test("every TypeScript snippet is an example file, unchanged, and every example file is shown", async () => {
    const readme = await read("README.md");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => match[1]!);
    const files = (await readdir(new URL("examples/readme/", root))).filter((name) => name.endsWith(".ts")).sort();

    const shown = blocks.map((block) => /^\/\/ (examples\/readme\/[\w-]+\.ts)\n/.exec(block)?.[1]);
    expect(shown).not.toContain(undefined);
    expect([...shown].sort()).toEqual(files.map((name) => `examples/readme/${name}`));
    for (const [index, block] of blocks.entries()) expect(`${block}\n`).toBe(await read(shown[index]!));
  });

  test("every npm command the README names is one the project defines", async () => {
    const readme = await read("README.md");
    const { scripts } = JSON.parse(await read("package.json")) as { scripts: Record<string, string> };
    expect(readme).toContain("npm ci && npm start");
    for (const [, name] of readme.matchAll(/`npm run ([\w:]+)/g)) expect(Object.keys(scripts)).toContain(name);
    // `npm start` and `npm test` run scripts too, named without `run`.
    const shorthands = [...readme.matchAll(/\bnpm (start|test)\b/g)].map(([, name]) => name);
    expect(shorthands).toEqual(expect.arrayContaining(["start", "test"]));
    for (const name of shorthands) expect(Object.keys(scripts)).toContain(name);
  });
});
