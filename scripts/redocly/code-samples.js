// A Redocly decorator: each operation gets, as its TypeScript `x-codeSamples`, the orgkit call that
// performs it, read from `<dir>/<operationId>.ts`. Those files are part of the typecheck
// (tsconfig.json includes examples/), so a sample cannot drift from the client: a renamed method or
// a changed type fails `npm run typecheck`, and a missing file fails the docs build here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

export function CodeSamples({ dir }) {
  if (typeof dir !== "string")
    throw new Error('orgkit/code-samples needs a "dir" option: where the <operationId>.ts samples are');
  return {
    Operation: {
      leave(operation) {
        const file = `${dir}/${operation.operationId}.ts`;
        let source;
        try {
          source = readFileSync(projectRoot + file, "utf8");
        } catch {
          throw new Error(
            `orgkit/code-samples: operation ${operation.operationId} has no TypeScript sample; write ${file}`,
          );
        }
        const sample = { lang: "TypeScript", label: "TypeScript", source: source.trimEnd() };
        operation["x-codeSamples"] = [...(operation["x-codeSamples"] ?? []), sample];
      },
    },
  };
}
