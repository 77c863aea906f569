import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { apis } from "../../../scripts/lib/apis.js";
import { operationsOf, type SpecOperation, sampleFile } from "../../../scripts/lib/operations.js";
import { loadSpec } from "../../../scripts/lib/spec.js";
import { CodeSamples } from "../../../scripts/redocly/code-samples.js";

const projectRoot = new URL("../../../", import.meta.url).pathname;
const specs = await Promise.all(
  apis.map(async (api) => {
    const spec = await loadSpec(api);
    return { api, operations: operationsOf(spec), webhooks: webhookIdsOf(spec) };
  }),
);

/** The operationIds of the spec's OpenAPI `webhooks`: the decorator gives them samples too (a receiver's, not a call's). */
function webhookIdsOf(spec: Awaited<ReturnType<typeof loadSpec>>): string[] {
  const webhooks = (spec["webhooks"] ?? {}) as Record<string, Record<string, { operationId?: string }>>;
  return Object.values(webhooks).flatMap((item) =>
    Object.values(item).flatMap((operation) => (operation.operationId ? [operation.operationId] : [])),
  );
}

// orgkit performs the token request itself: the sample of that operation is the client that does it.
const performedByTheClient: Record<string, string> = { "blynk/requestAccessToken": "createBlynkClient" };

describe("TypeScript code samples", () => {
  test.each(specs)("every $api.name operation has a sample file", ({ api, operations }) => {
    const missing = operations.filter((operation) => !existsSync(projectRoot + sampleFile(api, operation.operationId)));
    expect(missing.map((operation) => sampleFile(api, operation.operationId))).toEqual([]);
  });

  test.each(specs)("every $api.name sample belongs to an operation", ({ api, operations, webhooks }) => {
    const files = readdirSync(`${projectRoot}examples/samples/${api.name}`);
    const expected = [...operations.map((operation) => operation.operationId), ...webhooks].map(
      (operationId) => `${operationId}.ts`,
    );
    expect(files.filter((file) => !expected.includes(file))).toEqual([]);
  });

  describe("each sample performs its own operation", () => {
    let program: ts.Program;
    beforeAll(() => {
      // The project's compiler options, so that "orgkit" resolves to src/ as it does in the typecheck.
      const config = ts.getParsedCommandLineOfConfigFile(
        `${projectRoot}tsconfig.json`,
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
      );
      const roots = specs.flatMap(({ api, operations }) =>
        operations.map((operation) => projectRoot + sampleFile(api, operation.operationId)),
      );
      program = ts.createProgram(roots, config!.options);
    });

    const cases = specs.flatMap(({ api, operations }) =>
      operations.map((operation) => ({
        id: `${api.name}/${operation.operationId}`,
        file: sampleFile(api, operation.operationId),
        operation,
      })),
    );
    test.each(cases)("$id", ({ id, file, operation }) => {
      const source = program.getSourceFile(projectRoot + file)!;
      const calls = callsIn(source, program.getTypeChecker());
      const expected = performedByTheClient[id];
      if (expected) expect(calls.map((call) => call.name)).toContain(expected);
      else
        expect(
          calls.some((call) => performs(call, operation)),
          `${file} calls ${calls.map((call) => call.name).join(", ")}`,
        ).toBe(true);
    });
  });

  describe("orgkit/code-samples decorator", () => {
    test("adds the sample file as the operation's TypeScript sample, after any it had", async () => {
      const operation = {
        operationId: "searchOrganizations",
        "x-codeSamples": [{ lang: "Shell", source: "curl ..." }],
      };
      CodeSamples({ dir: "examples/samples/blynk" }).Operation.leave(operation);
      const source = await readFile(`${projectRoot}examples/samples/blynk/searchOrganizations.ts`, "utf8");
      expect(operation["x-codeSamples"]).toEqual([
        { lang: "Shell", source: "curl ..." },
        { lang: "TypeScript", label: "TypeScript", source: source.trimEnd() },
      ]);
    });

    test("fails the build for an operation without a sample, naming the file to write", () => {
      const decorator = CodeSamples({ dir: "examples/samples/blynk" });
      expect(() => decorator.Operation.leave({ operationId: "listWidgets" })).toThrow(
        "operation listWidgets has no TypeScript sample; write examples/samples/blynk/listWidgets.ts",
      );
    });

    test("refuses a configuration without a directory", () => {
      expect(() => CodeSamples({})).toThrow('needs a "dir" option');
    });
  });
});

interface Call {
  /** The called function or method, as the sample names it. */
  name: string;
  /** The operations the declaration's JSDoc points to (`@see <operationId>`). */
  sees: string[];
  /** For raw openapi-fetch calls (`client.raw.GET("/path")`): the method and path. */
  raw?: { method: string; path: string };
}

function callsIn(source: ts.SourceFile, checker: ts.TypeChecker): Call[] {
  const calls: Call[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText(source);
      const declaration = checker.getResolvedSignature(node)?.getDeclaration();
      const sees = declaration ? ts.getJSDocTags(declaration).filter(ts.isJSDocSeeTag).map(seeTarget) : [];
      const [first] = node.arguments;
      const raw =
        ts.isPropertyAccessExpression(callee) &&
        /^raw\b/.test(callee.expression.getText(source).split(".").pop() ?? "") &&
        first &&
        ts.isStringLiteral(first)
          ? { method: name.toLowerCase(), path: first.text }
          : undefined;
      calls.push({ name, sees, ...(raw ? { raw } : {}) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

function seeTarget(tag: ts.JSDocSeeTag): string {
  const reference = tag.name?.name;
  const text = reference && ts.isIdentifier(reference) ? reference.text : (ts.getTextOfJSDocComment(tag.comment) ?? "");
  return text.trim().split(/\s+/)[0] ?? "";
}

function performs(call: Call, operation: SpecOperation): boolean {
  if (call.raw) return call.raw.method === operation.method && call.raw.path === operation.path;
  return call.sees.includes(operation.operationId);
}
