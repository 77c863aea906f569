import { describe, expect, test } from "vitest";
import { entryModules, findPackageProblems, type Manifest, traceImports } from "../../scripts/lib/package-contents.js";

const map = (sources: string[], sourcesContent?: (string | null)[]) =>
  JSON.stringify({ version: 3, sources, sourcesContent, mappings: "AAAA" });

// A package laid out as orgkit's is: a bundled entry with its chunk, declarations under dist/types.
const manifest = {
  exports: {
    ".": { types: "./dist/types/index.d.ts", default: "./dist/index.js" },
    "./openapi/*": "./openapi/*",
    "./package.json": "./package.json",
  },
  dependencies: { "openapi-fetch": "0.17.0" },
  peerDependencies: { "@mswjs/interceptors": "*" },
} satisfies Manifest;

function sound(): Map<string, string> {
  return new Map([
    ["package.json", JSON.stringify(manifest)],
    ["README.md", "# a package"],
    ["openapi/api.yaml", "openapi: 3.1.0"],
    [
      "dist/index.js",
      'import createClient from"openapi-fetch";import{a}from"./chunks/a.js";export{a,createClient};\n//# sourceMappingURL=index.js.map',
    ],
    ["dist/index.js.map", map(["../src/index.ts"], ["export {};"])],
    [
      "dist/chunks/a.js",
      'import{x}from"@mswjs/interceptors/presets";import"node:http";export const a=x;\n//# sourceMappingURL=a.js.map',
    ],
    ["dist/chunks/a.js.map", map(["../../src/a.ts"], ["export const a = 1;"])],
    ["dist/types/index.d.ts", 'export type { A } from "./a.js";\nexport declare const b: import("./b.js").B;'],
    ["dist/types/a.d.ts", "export type A = 1;"],
    ["dist/types/b.d.ts", 'import type { Client } from "openapi-fetch";\nexport type B = Client<{}>;'],
  ]);
}

const buildDirectory = "/build/orgkit/";

const problemsWith = (edit: (files: Map<string, string>) => void, edited: Manifest = manifest) => {
  const files = sound();
  edit(files);
  return findPackageProblems(files, edited, buildDirectory);
};

describe("entryModules", () => {
  test("collects every module target under nested conditions, plus types and main", () => {
    const entries = entryModules(sound(), {
      exports: {
        ".": { node: { types: "./dist/types/index.d.ts", default: "./dist/index.js" } },
        "./closed": null,
        "./package.json": "./package.json",
      },
      types: "./dist/types/a.d.ts",
      main: "./dist/chunks/a.js",
    });
    expect(entries.sort()).toEqual(["dist/chunks/a.js", "dist/index.js", "dist/types/a.d.ts", "dist/types/index.d.ts"]);
  });

  test("expands a pattern over the modules that match it", () => {
    expect(entryModules(sound(), { exports: { "./types/*": "./dist/types/*.d.ts" } }).sort()).toEqual([
      "dist/types/a.d.ts",
      "dist/types/b.d.ts",
      "dist/types/index.d.ts",
    ]);
  });
});

describe("traceImports", () => {
  test("follows scripts to the files they name and declarations to the declarations beside the scripts they name", () => {
    const { reached, problems } = traceImports(sound(), manifest);
    expect([...reached].sort()).toEqual([
      "dist/chunks/a.js",
      "dist/index.js",
      "dist/types/a.d.ts",
      "dist/types/b.d.ts",
      "dist/types/index.d.ts",
    ]);
    expect(problems).toEqual([]);
  });
});

describe("findPackageProblems", () => {
  test("finds nothing wrong with a sound package", () => {
    expect(findPackageProblems(sound(), manifest, buildDirectory)).toEqual([]);
  });

  test("reports a file that names the directory the package was built in", () => {
    const problems = problemsWith((files) =>
      files.set("dist/index.js.map", map(["/build/orgkit/src/index.ts"], ["export {};"])),
    );
    expect(problems).toEqual(["dist/index.js.map names the directory the package was built in (/build/orgkit)."]);
  });

  test("reports TypeScript source shipped beside its declarations", () => {
    expect(problemsWith((files) => files.set("generated/api.ts", "export type A = 1;"))).toEqual([
      'generated/api.ts is TypeScript source: users get its declarations, so it only adds weight (leave it out of "files").',
    ]);
  });

  test("reports a module that no entry point reaches", () => {
    expect(problemsWith((files) => files.set("dist/types/internal.d.ts", "export declare const c: 1;"))).toEqual([
      "dist/types/internal.d.ts ships, but no entry point in package.json reaches it.",
    ]);
  });

  test("reports a relative import of a file that does not ship", () => {
    expect(problemsWith((files) => files.delete("dist/types/a.d.ts"))).toEqual([
      "dist/types/index.d.ts imports ./a.js, which the package does not ship.",
    ]);
  });

  test("reports a package import that is neither a dependency nor a peer", () => {
    const problems = problemsWith((files) =>
      files.set("dist/types/a.d.ts", 'import type { Y } from "yaml";\nexport type A = Y;'),
    );
    expect(problems).toEqual([
      "dist/types/a.d.ts imports yaml, which is neither a dependency nor a peer dependency: users will not have it.",
    ]);
  });

  test("reports empty modules: a script of comments, a declaration that only says it is a module", () => {
    const problems = problemsWith((files) => {
      files.set("dist/chunks/a.js", "/* nothing */\n// nor here\n//# sourceMappingURL=a.js.map");
      files.set("dist/types/a.d.ts", "export {};\n");
    });
    expect(problems).toEqual([
      "dist/chunks/a.js is an empty module: it holds nothing a user can import.",
      "dist/types/a.d.ts is an empty module: it holds nothing a user can import.",
    ]);
  });

  test("reports a module shipped twice", () => {
    const problems = problemsWith((files) => {
      files.set(
        "dist/types/index.d.ts",
        'export type { A } from "./a.js";\nexport type { A as C } from "./c.js";\nexport declare const b: import("./b.js").B;',
      );
      files.set("dist/types/c.d.ts", "export type A = 1;");
    });
    expect(problems).toEqual(["dist/types/c.d.ts is a copy of dist/types/a.d.ts."]);
  });

  test("reports a script without a source map, and a map no module points at", () => {
    const problems = problemsWith((files) =>
      files.set("dist/chunks/a.js", 'import{x}from"@mswjs/interceptors/presets";export const a=x;'),
    );
    expect(problems).toEqual([
      "dist/chunks/a.js has no source map: stack traces would point into bundled code.",
      "dist/chunks/a.js.map ships, but no module points at it.",
    ]);
  });

  test("reports a source map that does not ship or is not a source map", () => {
    expect(problemsWith((files) => files.delete("dist/index.js.map"))).toEqual([
      "dist/index.js points at the source map index.js.map, which the package does not ship.",
    ]);
    expect(problemsWith((files) => files.set("dist/index.js.map", "{"))).toEqual(["dist/index.js.map is not JSON."]);
    expect(
      problemsWith((files) => files.set("dist/index.js.map", JSON.stringify({ version: 3, mappings: "AAAA" }))),
    ).toEqual(["dist/index.js.map is not a source map with sources and mappings."]);
  });

  test("accepts a map's source that ships or travels inside it, and reports one that does neither", () => {
    const shipped = problemsWith((files) => {
      files.set("dist/index.js.map", map(["../src/index.ts"], [null]));
      files.set("src/index.ts", "export {};");
    });
    // Shipping the source satisfies the map; the source is then a problem of its own.
    expect(shipped).toEqual([
      'src/index.ts is TypeScript source: users get its declarations, so it only adds weight (leave it out of "files").',
    ]);

    expect(problemsWith((files) => files.set("dist/index.js.map", map(["../src/index.ts"], [null])))).toEqual([
      "dist/index.js.map names the source ../src/index.ts, which the package does not ship, and does not carry its content.",
    ]);
    expect(problemsWith((files) => files.set("dist/index.js.map", map(["../src/index.ts"])))).toEqual([
      "dist/index.js.map names the source ../src/index.ts, which the package does not ship, and does not carry its content.",
    ]);
  });

  test("asks for the licence of each dependency a bundle carries", () => {
    const bundled = (files: Map<string, string>) =>
      files.set(
        "dist/index.js.map",
        map(
          ["../src/index.ts", "../node_modules/openapi-fetch/dist/index.mjs", "../node_modules/@scope/lib/index.js"],
          ["export {};", "", ""],
        ),
      );
    expect(problemsWith(bundled)).toEqual([
      "dist/index.js.map shows openapi-fetch bundled, but dist/third-party-licenses.txt does not carry its licence.",
      "dist/index.js.map shows @scope/lib bundled, but dist/third-party-licenses.txt does not carry its licence.",
    ]);
    const licensed = problemsWith((files) => {
      bundled(files);
      files.set(
        "dist/third-party-licenses.txt",
        "openapi-fetch 0.17.0, bundled:\n\nMIT License\n---\n@scope/lib 1.0.0, bundled:\n\nISC",
      );
    });
    expect(licensed).toEqual([]);
  });

  test("accepts the empty map of a module that only re-exports", () => {
    expect(
      problemsWith((files) =>
        files.set("dist/index.js.map", JSON.stringify({ version: 3, sources: [], mappings: "" })),
      ),
    ).toEqual([]);
  });
});
