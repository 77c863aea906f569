import type { Api } from "./apis.js";
import type { SpecDocument } from "./spec.js";

/** One operation of a spec, as the published reference shows it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  /** The operation's first tag: the sidebar group that lists it. */
  tag: string;
  /** `x-evidence`: documented, third-party or inferred; the reference shows it as a badge. */
  evidence: string;
}

const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every operation of a (dereferenced) spec, in the spec's order. */
export function operationsOf(spec: SpecDocument): SpecOperation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, value]) => {
        const operation = value as {
          operationId?: unknown;
          summary?: unknown;
          tags?: unknown[];
          "x-evidence"?: unknown;
        };
        return {
          operationId: String(operation.operationId),
          method,
          path,
          summary: String(operation.summary ?? ""),
          tag: String(operation.tags?.[0] ?? ""),
          evidence: String(operation["x-evidence"] ?? ""),
        };
      }),
  );
}

/** Where the TypeScript sample of an operation lives (redocly.yaml points orgkit/code-samples there). */
export function sampleFile(api: Api, operationId: string): string {
  return `examples/samples/${api.name}/${operationId}.ts`;
}
