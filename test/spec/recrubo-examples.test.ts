import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, test } from "vitest";
import { specOf } from "./load.js";
import type { SpecDocument } from "../../scripts/lib/spec.js";

// The two response bodies printed in Recrubo's documentation, copied unchanged.
const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as unknown;

interface MediaType {
  schema: object;
  examples: Record<string, { value: unknown }>;
}

function responseMedia(spec: SpecDocument, path: string, method: string, status: string): MediaType {
  const operation = spec.paths[path]![method] as { responses: Record<string, { content: Record<string, MediaType> }> };
  return operation.responses[status]!.content["application/vnd.api+json"]!;
}

describe("Recrubo spec examples", () => {
  let spec: SpecDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  beforeAll(async () => {
    spec = await specOf("recrubo");
  });

  test.each([
    ["list", "get", "200", "recrubo-list-response.json"],
    ["create", "post", "201", "recrubo-create-response.json"],
  ])("the documented %s response is the spec's example and validates against its schema", async (_, method, status, file) => {
    const body = await fixture(file);
    const media = responseMedia(spec, "/public/v2/management/organizations/", method, status);

    expect(Object.values(media.examples).map((example) => example.value)).toContainEqual(body);
    const validate = ajv.compile(media.schema);
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
  });

  test("the list schema rejects a body that breaks it", async () => {
    const body = (await fixture("recrubo-list-response.json")) as { meta: { total: unknown } };
    body.meta.total = "2";
    const validate = ajv.compile(responseMedia(spec, "/public/v2/management/organizations/", "get", "200").schema);
    expect(validate(body)).toBe(false);
  });
});
