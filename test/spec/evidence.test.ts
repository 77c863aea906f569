import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { apis } from "../../scripts/lib/apis.js";
import { httpMethods, specOf } from "./load.js";

const evidenceLevels = ["documented", "third-party", "inferred"];

function operationsOf(paths: Record<string, Record<string, unknown>>): Record<string, unknown>[] {
  return Object.values(paths).flatMap((item) =>
    httpMethods.flatMap((method) => (item[method] ? [item[method] as Record<string, unknown>] : [])),
  );
}

// api-facts.md, "Marking evidence": a reader of the docs can tell what the vendor documents, what
// rests on third-party material and what orgkit inferred.
describe.each(apis)("$name spec evidence", (api) => {
  test("every operation says whether it is documented, third-party or inferred", async () => {
    const operations = operationsOf((await specOf(api.name)).paths);

    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      const evidence = operation["x-evidence"];
      expect(evidenceLevels, String(operation["operationId"])).toContain(evidence);
      const lastParagraph = String(operation["description"]).trim().split("\n\n").at(-1)!;
      expect(lastParagraph, String(operation["operationId"])).toMatch(new RegExp(`^\\*\\*Evidence: ${evidence}`));
    }
  });

  test("the published reference shows each operation's evidence as a badge", async () => {
    // What `npm run docs` renders: the spec as Redocly bundles it with redocly.yaml's decorators.
    const { stdout } = await promisify(execFile)("node_modules/.bin/redocly", ["bundle", api.spec, "--ext", "json"], {
      maxBuffer: 16 * 2 ** 20,
    });
    const bundled = JSON.parse(stdout) as { paths: Record<string, Record<string, unknown>> };

    for (const operation of operationsOf(bundled.paths)) {
      expect(operation["x-badges"], String(operation["operationId"])).toEqual([
        { name: operation["x-evidence"], color: expect.stringMatching(/^#[0-9a-f]{6}$/) },
      ]);
    }
  });
});

test("Blynk's rename rests on third-party material, and says which", async () => {
  const rename = (await specOf("blynk")).paths["/api/v1/organization/edit/name"]?.["put"] as Record<string, unknown>;
  expect(rename["x-evidence"]).toBe("third-party");
  expect(rename["description"]).toMatch(/third-party inventory of the Platform API/);
});
