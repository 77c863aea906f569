/** The operation fields the decorator reads and writes. */
interface SampledOperation {
  operationId?: string;
  "x-codeSamples"?: Array<{ lang: string; label?: string; source: string }>;
}

/** The orgkit/code-samples decorator; `dir` holds `<operationId>.ts`, relative to the project root. */
export function CodeSamples(options: { dir?: unknown }): { Operation: { leave(operation: SampledOperation): void } };
