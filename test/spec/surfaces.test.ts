import { access, readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { facade as blynkFacade } from "../../generated/blynk.facade.js";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { facade as recruboFacade } from "../../generated/recrubo.facade.js";
import { rules as recruboRules } from "../../generated/recrubo.rules.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { allOperations, exampleArguments, gaps } from "../properties/operations.js";
import { loadSpecs } from "../properties/spec.js";

// Every operation the spec declares as a facade method must be complete on every surface: a test
// here fails naming the operation and the file to write when one is missing, so that adding an
// operation to a spec cannot pass `npm test` half done.

interface Declared {
  api: "recrubo" | "blynk";
  /** The facade's name for it: `organizations.get`, `organization.update`, `organizations.items`. */
  name: string;
  operationId: string;
}

const declared: Declared[] = (
  [
    ["recrubo", recruboFacade],
    ["blynk", blynkFacade],
  ] as const
).flatMap(([api, facade]) =>
  Object.entries(facade).flatMap(([group, methods]) =>
    Object.entries(
      methods as Record<string, { operationId: string; paging?: { iterators?: Record<string, string> } }>,
    ).flatMap(([method, operation]) => [
      { api, name: `${group}.${method}`, operationId: operation.operationId },
      // The pagers: the group's own iterators, or the paged method's `items` and `pages`.
      ...(operation.paging
        ? Object.values(operation.paging.iterators ?? { items: `${method}.items`, pages: `${method}.pages` })
        : []
      ).map((iterator) => ({ api, name: `${group}.${iterator}`, operationId: operation.operationId })),
    ]),
  ),
);

/** Each declared operation once: a paged method and its pagers perform the same one. */
const declaredOperations = declared.filter(
  (entry, index) =>
    declared.findIndex(({ api, operationId }) => api === entry.api && operationId === entry.operationId) === index,
);

const rules = { recrubo: recruboRules, blynk: blynkRules } as const;
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("every operation declared in the specs", () => {
  test("is in the property suites, read from its declaration (test/properties/operations.ts)", () => {
    const listed = new Set(allOperations.map((operation) => `${operation.api} ${operation.name}`));
    const missing = declared
      .filter(({ api, name }) => !listed.has(`${api} ${name}`))
      .map(({ api, name, operationId }) => {
        const gap = gaps.find((candidate) => candidate.api === api && candidate.operationId === operationId);
        return gap
          ? `${api} ${name} (${operationId}): ${gap.write}`
          : `${api} ${name} (${operationId}): test/properties/operations.ts does not derive it: teach it this declaration`;
      });
    expect(missing).toEqual([]);
  });

  test("has a code sample for the reference (examples/samples/<api>/<operationId>.ts)", async () => {
    const missing: string[] = [];
    for (const { api, operationId } of declaredOperations) {
      const file = `examples/samples/${api}/${operationId}.ts`;
      if (!(await exists(file)))
        missing.push(`${api} ${operationId}: write ${file}, calling the method that performs it`);
    }
    expect(missing).toEqual([]);
  });

  test("has a handler in the sandbox", async () => {
    const sandbox = createSandbox();
    const missing: string[] = [];
    for (const { api, operationId } of declaredOperations) {
      const [method, path] = (rules[api] as Record<string, { route: string }>)[operationId]!.route.split(" ") as [
        string,
        string,
      ];
      const url = `https://${api}.sandbox.test${path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`;
      const response = await sandbox.fetch(new Request(url, { method }));
      const body = await response.text();
      if (response.status === 404 && body.includes("No route")) {
        missing.push(`${api} ${operationId}: add its route to src/sandbox/${api}.ts (${method} ${path})`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("is called by the Prism mock contract test, with the spec's example arguments (test/contract/mock.test.ts)", async () => {
    const specs = await loadSpecs();
    const missing: string[] = [];
    for (const { api, name, operationId } of declared) {
      const operation = allOperations.find((candidate) => candidate.api === api && candidate.name === name);
      if (!operation) {
        missing.push(`${api} ${name} (${operationId}): not derived, so not called: see the property-suite test above`);
        continue;
      }
      try {
        exampleArguments(specs, operation);
      } catch (error) {
        missing.push((error as Error).message);
      }
    }
    expect(missing).toEqual([]);
  });

  test("is not listed as left out, in the README or in its spec's description", async () => {
    const readme = await readFile("README.md", "utf8");
    const leftOut = readme.slice(readme.indexOf("Known to exist, but left out"));
    const stated: string[] = [];
    for (const { api, operationId } of declaredOperations) {
      const path = (rules[api] as Record<string, { route: string }>)[operationId]!.route.split(" ")[1]!;
      const spec = await readFile(`openapi/${api}/openapi.yaml`, "utf8");
      const description = spec.slice(spec.indexOf("Known but left out"), spec.indexOf("contact:"));
      if (leftOut.includes(` ${path}\``)) stated.push(`README.md says ${path} is left out: remove it from that list`);
      if (description.includes(` ${path}\``))
        stated.push(`openapi/${api}/openapi.yaml says ${path} is left out: remove it`);
    }
    expect(stated).toEqual([]);
  });

  test("is counted right in the README", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).toContain(`per operation (${declared.length}, both APIs`);
  });
});
