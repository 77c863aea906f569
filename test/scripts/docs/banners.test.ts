import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBannerFilter, withoutBanners } from "../../../scripts/redocly/banners.js";

// What Redocly CLI 2.77 prints on stderr for `lint` on Node 20, banner included.
const lintOnNode20 = `
    ╔═════════════════════════════════════════════════════════════════╗
    ║                                                                 ║
    ║  Deprecation warning: Node.js 20 support is ending              ║
    ║                                                                 ║
    ║  You are using Node.js v20.20.2.                                ║
    ║                                                                 ║
    ╚═════════════════════════════════════════════════════════════════╝

validating openapi/recrubo/openapi.yaml using lint rules for api 'recrubo'...
openapi/recrubo/openapi.yaml: validated in 145ms

Woohoo! Your API descriptions are valid. 🎉
`;

describe("withoutBanners", () => {
  test("drops a box-drawn banner and the blank lines around it, keeping the rest as it was", () => {
    expect(
      withoutBanners(lintOnNode20),
    ).toBe(`validating openapi/recrubo/openapi.yaml using lint rules for api 'recrubo'...
openapi/recrubo/openapi.yaml: validated in 145ms

Woohoo! Your API descriptions are valid. 🎉
`);
  });

  test("drops banners in color, one after another, between other lines", () => {
    const colored = "first\n\n\u001b[33m  ╔══╗\u001b[39m\n  ║ a ║\n  ╚══╝\n\n\n  ╔══╗\n  ╚══╝\n\nsecond\n";
    expect(withoutBanners(colored)).toBe("first\nsecond\n");
  });

  test("keeps problems, blank lines that frame no banner, and text without a final newline", () => {
    const problems = "[1] openapi.yaml:3:1 at #/info\n\nThe license is missing.\n\n  ║ not a banner\nerror: 1 problem";
    expect(withoutBanners(problems)).toBe(problems);
  });

  test("a line filter holds blank lines back only until it knows they frame no banner", () => {
    const filter = createBannerFilter();
    expect(filter.line("")).toEqual([]);
    expect(filter.line("problem")).toEqual(["", "problem"]);
    expect(filter.line("")).toEqual([]);
    expect(filter.end()).toEqual([""]);
  });
});

describe("npm run lint:spec (Redocly without its banners)", () => {
  let dir: string;
  const tsx = new URL("../../../node_modules/.bin/tsx", import.meta.url).pathname;
  const quiet = new URL("../../../scripts/redocly/quiet.ts", import.meta.url).pathname;
  const lint = (spec: string) =>
    promisify(execFile)(tsx, [quiet, "lint", spec], { cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orgkit-quiet-lint-"));
    const info = "info: { title: T, version: '1', license: { name: MIT, identifier: MIT } }";
    await writeFile(join(dir, "redocly.yaml"), "extends: [recommended]\ntelemetry: off\n");
    await writeFile(
      join(dir, "valid.yaml"),
      `openapi: 3.1.0\n${info}\nservers: [{ url: 'https://api.example.com' }]\nsecurity: []\npaths: {}\n`,
    );
    await writeFile(
      join(dir, "broken.yaml"),
      `openapi: 3.1.0\n${info}\npaths:\n  /a:\n    get:\n      responses: {}\n`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("shows a real lint error and fails", async () => {
    const { code, output } = await lint("broken.yaml");
    expect(code).not.toBe(0);
    expect(output).toContain("Servers must be present.");
    expect(output).toContain("Validation failed with 3 errors");
    expect(output).not.toMatch(/[╔║╚]/);
  });

  test("passes a valid spec without banners", async () => {
    const { code, output } = await lint("valid.yaml");
    expect(output).not.toMatch(/[╔║╚]/);
    expect(code, output).toBe(0);
  });
});
