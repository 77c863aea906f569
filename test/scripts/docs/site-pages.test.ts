import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { renderIndex } from "../../../scripts/lib/docs-index.js";
import { isOwnRequest } from "../../../scripts/lib/origins.js";
import { remoteAssets, withoutRemoteAssets } from "../../../scripts/redocly/offline.js";

const projectRoot = new URL("../../../", import.meta.url).pathname;

describe("withoutRemoteAssets", () => {
  test("replaces each known remote asset of Redoc's bundle by its inline stand-in, everywhere", () => {
    const page = `<img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg"> e?"https://cdn.redoc.ly/redoc/logo-mini-full.svg":"https://cdn.redoc.ly/redoc/logo-mini.svg"`;
    expect(withoutRemoteAssets(page)).toBe(`<img src="data:,"> e?"data:,":"data:,"`);
  });

  test("every stand-in is inline", () => {
    for (const { inline } of remoteAssets) expect(inline).toMatch(/^data:/);
  });
});

describe("Redoc page template", () => {
  test("its Content-Security-Policy lets the page load nothing from a network", async () => {
    const template = await readFile(`${projectRoot}scripts/redocly/page.hbs`, "utf8");
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(template)?.[1] ?? "";
    const directives = new Map(
      policy
        .split(";")
        .map((part) => part.trim().split(/\s+/))
        .map(([name = "", ...sources]) => [name, sources]),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("connect-src")).toEqual(["'none'"]);
    for (const sources of directives.values())
      for (const source of sources) expect(source).toMatch(/^('[a-z-]+'|data:)$/);
  });
});

describe("renderIndex", () => {
  const entry = {
    href: "recrubo.html",
    title: "Recrubo <API>",
    version: "2.0.0",
    summary: "Organizations & keys",
    operations: 9,
  };
  const page = renderIndex({ entries: [entry], quickStart: 'const x = "<b>";\n' });

  test("gives the install line and the quick start, escaped", () => {
    expect(page).toContain("<pre><code>npm install orgkit</code></pre>");
    expect(page).toContain("<pre><code>const x = &#34;&#60;b&#62;&#34;;</code></pre>");
  });

  test("links each API's page with its title, version and operation count, and the TypeScript reference", () => {
    expect(page).toContain('<a href="recrubo.html">Recrubo &#60;API&#62;</a> <small>v2.0.0, 9 operations</small>');
    expect(page).toContain("<p>Organizations &#38; keys</p>");
    expect(page).toContain('<a href="api/index.html">');
  });

  test("loads nothing from a network", () => {
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).toContain("default-src 'none'");
  });
});

describe("isOwnRequest", () => {
  const site = "http://127.0.0.1:4173";
  test.each([
    [`${site}/recrubo.html`, true],
    [`${site}/api/assets/search.js`, true],
    ["data:image/svg+xml,<svg/>", true],
    ["blob:http://127.0.0.1:4173/5d3c", true],
    ["http://127.0.0.1:4174/recrubo.html", false],
    ["http://localhost:4173/recrubo.html", false],
    ["https://cdn.redoc.ly/redoc/logo-mini.svg", false],
    ["https://fonts.googleapis.com/css?family=Inter", false],
    ["not a url", false],
  ])("%s: %s", (url, own) => {
    expect(isOwnRequest(url, site)).toBe(own);
  });
});
