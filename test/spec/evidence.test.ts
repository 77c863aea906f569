import { describe, expect, test } from "vitest";
import { apis } from "../../scripts/lib/apis.js";
import { httpMethods, specOf } from "./load.js";

// api-facts.md, "Marking evidence": a reader of the docs can tell documented from inferred.
describe.each(apis.map((api) => api.name))("%s spec evidence", (name) => {
  test("every operation says whether it is documented or inferred", async () => {
    const spec = await specOf(name);
    const operations = Object.values(spec.paths).flatMap((item) =>
      httpMethods.flatMap((method) => (item[method] ? [item[method] as Record<string, unknown>] : [])),
    );

    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      const evidence = operation["x-evidence"];
      expect(["documented", "inferred"], String(operation["operationId"])).toContain(evidence);
      const lastParagraph = String(operation["description"]).trim().split("\n\n").at(-1)!;
      expect(lastParagraph, String(operation["operationId"])).toMatch(new RegExp(`^\\*\\*Evidence: ${evidence}`));
    }
  });
});
