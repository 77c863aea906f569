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

/** A parameter of an operation, from the dereferenced spec. */
export interface SpecParameter {
  name: string;
  in: string;
  required?: boolean;
  schema: { [key: string]: never };
}

/** One operation of a dereferenced spec, with what the generators read of it. */
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  /** The operation object itself, its extensions included. */
  operation: Record<string, unknown>;
  /** The path's parameters and the operation's own. */
  parameters: SpecParameter[];
  /** The request body's first media type and its schema. */
  requestMedia: { type: string; schema: { [key: string]: never } } | undefined;
  /** The first success that has a body: its status, media type and schema. */
  responseMedia: { status: number; type: string; schema: { [key: string]: never } } | undefined;
}

/** Every operation of a dereferenced spec, in the spec's order, with its parameters and bodies. */
export function operationEntries(spec: SpecDocument): OperationEntry[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, value]) => {
        const operation = value as Record<string, unknown> & {
          requestBody?: { content: Record<string, { schema: never }> };
          responses: Record<string, { content?: Record<string, { schema: never }> }>;
        };
        const parameters = [
          ...((item["parameters"] ?? []) as SpecParameter[]),
          ...((operation["parameters"] ?? []) as SpecParameter[]),
        ];
        const [requestType, request] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
        const success = Object.entries(operation.responses).find(
          ([status, response]) => /^2\d\d$/.test(status) && response.content,
        );
        const [responseType, response] = success ? (Object.entries(success[1].content!)[0] ?? []) : [];
        return {
          operationId: String(operation["operationId"]),
          method,
          path,
          summary: String(operation["summary"] ?? ""),
          description: String(operation["description"] ?? ""),
          operation,
          parameters,
          requestMedia: requestType && request ? { type: requestType, schema: request.schema } : undefined,
          responseMedia:
            success && responseType && response
              ? { status: Number(success[0]), type: responseType, schema: response.schema }
              : undefined,
        };
      }),
  );
}
