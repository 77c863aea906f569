import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, test } from "vitest";
import type { SpecDocument } from "../../scripts/lib/spec.js";
import { specOf } from "./load.js";

// The two response bodies printed in Recrubo's documentation, copied unchanged.
const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as unknown;

interface MediaType {
  schema: object;
  examples: Record<string, { value: unknown }>;
}

interface Operation {
  parameters?: { name: string; style?: string; explode?: boolean; schema: object; example?: unknown }[];
  requestBody: { content: Record<string, MediaType> };
  responses: Record<string, { content: Record<string, MediaType> }>;
}

const operationOf = (spec: SpecDocument, path: string, method: string) => spec.paths[path]![method] as Operation;

function responseMedia(spec: SpecDocument, path: string, method: string, status: string): MediaType {
  return operationOf(spec, path, method).responses[status]!.content["application/vnd.api+json"]!;
}

function requestMedia(spec: SpecDocument, path: string, method: string): MediaType {
  return operationOf(spec, path, method).requestBody.content["application/vnd.api+json"]!;
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
  ])(
    "the documented %s response is the spec's example and validates against its schema",
    async (_, method, status, file) => {
      const body = await fixture(file);
      const media = responseMedia(spec, "/public/v2/management/organizations/", method, status);

      expect(Object.values(media.examples).map((example) => example.value)).toContainEqual(body);
      const validate = ajv.compile(media.schema);
      expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    },
  );

  test("the own-organization list is its example with exactly one item; none or two are refused", async () => {
    const media = responseMedia(spec, "/public/v2/organizations", "get", "200");
    const validate = ajv.compile(media.schema);
    const [example] = Object.values(media.examples).map((item) => item.value as { data: unknown[]; meta: object });
    if (!example) throw new Error("the own-organization list should have an example");

    expect(example.data).toHaveLength(1);
    expect(validate(example), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...example, data: [] })).toBe(false);
    expect(validate({ ...example, data: [example.data[0], example.data[0]] })).toBe(false);
    // The partner's list is not bound to one item.
    const partnerList = ajv.compile(responseMedia(spec, "/public/v2/management/organizations/", "get", "200").schema);
    expect(partnerList({ ...example, data: [example.data[0], example.data[0]] })).toBe(true);
  });

  test.each([
    ["management", "/public/v2/management/organizations/{id}"],
    ["standard", "/public/v2/organizations/{id}"],
  ])("the %s update takes its example, which leaves out data.id, and a document with data.id", (_, path) => {
    const media = requestMedia(spec, path, "patch");
    const validate = ajv.compile(media.schema);
    const examples = Object.values(media.examples).map((item) => item.value as { data: Record<string, unknown> });

    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(example.data).not.toHaveProperty("id");
      expect(validate(example), ajv.errorsText(validate.errors)).toBe(true);
      expect(
        validate({ data: { ...example.data, id: "303f151b-3f33-4ddd-9779-eb522f7225a9" } }),
        ajv.errorsText(validate.errors),
      ).toBe(true);
    }
    expect(validate({ data: { attributes: { name: "No Type" } } })).toBe(false);
  });

  test("sort is a comma-separated array of the sort fields, at least one, and its example is one", () => {
    const sort = operationOf(spec, "/public/v2/management/organizations/", "get").parameters?.find(
      (parameter) => parameter.name === "sort",
    );
    if (!sort) throw new Error("the list should take sort");
    const validate = ajv.compile(sort.schema);

    expect(sort).toMatchObject({ style: "form", explode: false });
    expect(sort.example).toEqual(["-createdAt", "name"]);
    expect(validate(sort.example), ajv.errorsText(validate.errors)).toBe(true);
    for (const field of ["name", "-name", "createdAt", "-createdAt", "updatedAt", "-updatedAt"])
      expect(validate([field]), field).toBe(true);
    expect(validate([])).toBe(false);
    expect(validate("-createdAt,name")).toBe(false);
    expect(validate(["nmae"])).toBe(false);
    expect(validate(["+name"])).toBe(false);
  });

  test("the list schema rejects a body that breaks it", async () => {
    const body = (await fixture("recrubo-list-response.json")) as { meta: { total: unknown } };
    body.meta.total = "2";
    const validate = ajv.compile(responseMedia(spec, "/public/v2/management/organizations/", "get", "200").schema);
    expect(validate(body)).toBe(false);
  });
});
