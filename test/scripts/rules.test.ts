import { describe, expect, test } from "vitest";
import { apis } from "../../scripts/lib/apis.js";
import {
  commaSeparatedParameters,
  extractRules,
  extractWebhooks,
  rateLimitOf,
  renderRules,
  sandboxFactsOf,
} from "../../scripts/lib/rules.js";
import { loadSpec, type SpecDocument } from "../../scripts/lib/spec.js";
import { checkedKeywords } from "../../src/internal/schema.js";

type Parameter = Record<string, unknown> & { name: string; in: string };

const array = { type: "array", items: { type: "string" } };

/** A spec whose paths are given, each operation holding the parameters listed for it. */
function specWith(paths: Record<string, Record<string, unknown>>): SpecDocument {
  return { openapi: "3.1.0", info: { title: "t", version: "1" }, paths };
}

/** One GET operation with `parameters`. */
const get = (operationId: string, parameters: Parameter[]) => ({ get: { operationId, parameters, responses: {} } });

describe("commaSeparatedParameters", () => {
  test("lists the query parameters with style form and explode false, sorted, and no others", () => {
    const spec = specWith({
      "/items": get("listItems", [
        { name: "sort", in: "query", style: "form", explode: false, schema: array },
        { name: "fields", in: "query", explode: false, schema: array },
        { name: "ids", in: "query", schema: array },
        { name: "tags", in: "query", style: "form", explode: true, schema: array },
        { name: "filter", in: "query", style: "deepObject", explode: true, schema: { type: "object" } },
        { name: "list", in: "header", style: "simple", explode: false, schema: array },
      ]),
      "/items/{id}": get("showItem", [{ name: "id", in: "path", style: "simple", schema: { type: "string" } }]),
    });

    expect(commaSeparatedParameters(spec)).toEqual(["fields", "sort"]);
  });

  test("reads the parameters a path item shares with its operations, and skips its other members", () => {
    const spec = specWith({
      "/items": {
        summary: "Items",
        "x-internal": { parameters: [{ name: "hidden", in: "query", style: "form", explode: false }] },
        parameters: [{ name: "fields", in: "query", style: "form", explode: false, schema: array }],
        ...get("listItems", []),
        post: { operationId: "createItem", responses: {} },
      },
    });

    expect(commaSeparatedParameters(spec)).toEqual(["fields"]);
  });

  test("lists a name once when every operation sends it the same way", () => {
    const sort = { name: "sort", in: "query", style: "form", explode: false, schema: array };
    const spec = specWith({ "/a": get("listA", [sort]), "/b": get("listB", [sort]) });

    expect(commaSeparatedParameters(spec)).toEqual(["sort"]);
  });

  test("is empty for a spec whose arrays all repeat the name", () => {
    expect(
      commaSeparatedParameters(specWith({ "/a": get("listA", [{ name: "ids", in: "query", schema: array }]) })),
    ).toEqual([]);
    expect(commaSeparatedParameters(specWith({}))).toEqual([]);
  });

  test.each([
    ["spaceDelimited", { style: "spaceDelimited", explode: false }, "style spaceDelimited without explode"],
    ["spaceDelimited, exploded", { style: "spaceDelimited", explode: true }, "style spaceDelimited is not"],
    ["pipeDelimited", { style: "pipeDelimited", explode: false }, "style pipeDelimited without explode"],
    ["deepObject without explode", { style: "deepObject" }, "style deepObject without explode"],
    ["deepObject with explode false", { style: "deepObject", explode: false }, "style deepObject without explode"],
  ])("refuses %s, a style the serializer does not write, naming the parameter", (_, style, message) => {
    const spec = specWith({ "/a": get("listA", [{ name: "ids", in: "query", ...style, schema: array }]) });

    expect(() => commaSeparatedParameters(spec)).toThrow(`query parameter ids: ${message}`);
    expect(() => commaSeparatedParameters(spec)).toThrow("src/internal/serializers.ts");
  });

  test.each([
    ["comma-separated first", false, undefined],
    ["repeated first", true, false],
  ])("refuses a name exploded in one operation and not in another (%s)", (_, first, second) => {
    const spec = specWith({
      "/a": get("listA", [{ name: "sort", in: "query", style: "form", explode: first, schema: array }]),
      "/b": get("listB", [
        { name: "sort", in: "query", ...(second === undefined ? {} : { explode: second }), schema: array },
      ]),
    });

    expect(() => commaSeparatedParameters(spec)).toThrow(
      "query parameter sort: exploded in one operation and not in another",
    );
  });

  test("refuses a name sent both ways by two operations of one path", () => {
    const spec = specWith({
      "/a": {
        ...get("listA", [{ name: "sort", in: "query", explode: false, schema: array }]),
        delete: { operationId: "deleteA", parameters: [{ name: "sort", in: "query", schema: array }], responses: {} },
      },
    });

    expect(() => commaSeparatedParameters(spec)).toThrow(
      /query parameter sort: exploded in one operation and not in another/,
    );
  });

  test("finds Recrubo's sort, and nothing in Blynk's spec", async () => {
    const [recrubo, blynk] = await Promise.all(apis.map((api) => loadSpec(api)));

    expect(commaSeparatedParameters(recrubo!)).toEqual(["sort"]);
    expect(commaSeparatedParameters(blynk!)).toEqual([]);
  });
});

describe("extractRules", () => {
  /** A spec with one POST whose request body, or 200 answer, has `schema`. */
  const postWith = (where: "body" | "answer", schema: Record<string, unknown>) =>
    specWith({
      "/items": {
        post: {
          operationId: "createItem",
          ...(where === "body" ? { requestBody: { content: { "application/json": { schema } } } } : {}),
          responses: {
            "200": where === "answer" ? { content: { "application/json": { schema } } } : { description: "ok" },
          },
        },
      },
    });

  test.each(["exclusiveMaximum", "multipleOf", "uniqueItems", "patternProperties", "not", "if"])(
    "refuses a request body using %s, which the client does not check, naming the operation",
    (keyword) => {
      const spec = postWith("body", { type: "object", properties: { count: { type: "integer", [keyword]: 1 } } });

      expect(() => extractRules(spec)).toThrow(
        `createItem body.count: the schema uses "${keyword}", which the client does not check (src/internal/validation.ts).`,
      );
    },
  );

  test("refuses an answer using a keyword the client does not know either", () => {
    expect(() =>
      extractRules(
        postWith("answer", { type: "object", properties: { count: { type: "integer", exclusiveMaximum: 9 } } }),
      ),
    ).toThrow('createItem 200.count: the schema uses "exclusiveMaximum"');
  });

  test("keeps every keyword the client checks in a request body, as it is written", () => {
    const schema = {
      type: "object",
      properties: {
        name: {
          type: "string",
          minLength: 1,
          maxLength: 9,
          pattern: "^[a-z]+$",
          format: "uri",
          enum: ["a", "b"],
          const: "a",
        },
        size: { type: "number", minimum: 1, maximum: 9, exclusiveMinimum: 0 },
        tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
      },
      required: ["name"],
      additionalProperties: false,
      dependentRequired: { size: ["name"] },
      propertyNames: { pattern: "^[a-z]+$" },
      allOf: [{ type: "object" }],
      anyOf: [{ required: ["name"] }, { required: ["size"] }],
    };
    const used = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(used)
        : typeof value === "object" && value !== null
          ? Object.entries(value).flatMap(([key, item]) => [key, ...used(item)])
          : [];

    expect(extractRules(postWith("body", schema))["createItem"]?.body).toEqual(schema);
    // Every keyword of the validator is in the schema above (with property names besides).
    expect(checkedKeywords.filter((keyword) => !used(schema).includes(keyword))).toEqual([]);
  });
});

describe("renderRules", () => {
  test("exports the comma-separated names after the rules", () => {
    const module = renderRules({ listA: { route: "GET /a" } }, ["fields", "sort"], undefined, {
      spec: "openapi/x.yaml",
    });

    expect(module).toContain('export const commaSeparated: readonly string[] = ["fields","sort"];');
    expect(module.indexOf("export const commaSeparated")).toBeGreaterThan(module.indexOf("export const rules"));
    expect(renderRules({}, [], undefined, { spec: "openapi/x.yaml" })).toContain(
      "export const commaSeparated: readonly string[] = [];",
    );
  });

  test("exports the rate limit, or undefined for an API that states none", () => {
    expect(renderRules({}, [], { requests: 100, perMs: 1_000 }, { spec: "openapi/x.yaml" })).toContain(
      'export const rateLimit = {"requests":100,"perMs":1000} as const;',
    );
    expect(renderRules({}, [], undefined, { spec: "openapi/x.yaml" })).toContain("export const rateLimit = undefined;");
  });

  test("exports the limits the sandbox enforces, without their evidence", () => {
    const info = { title: "x", version: "1", "x-orgkit-sandbox": { hierarchyDepth: 4, "x-evidence": "documented" } };
    const facts = sandboxFactsOf({ info, paths: {} });
    expect(facts).toEqual({ hierarchyDepth: 4 });
    expect(renderRules({}, [], undefined, { spec: "x" }, {}, facts)).toContain(
      'export const sandbox = {"hierarchyDepth":4} as const;',
    );
  });
});

describe("rateLimitOf", () => {
  const spec = (limit?: unknown): SpecDocument => ({
    info: { title: "x", version: "1", ...(limit === undefined ? {} : { "x-rate-limit": limit }) },
    paths: {},
  });

  test("reads info.x-rate-limit", () => {
    expect(rateLimitOf(spec({ requests: 10_000, perMs: 60_000, per: "organization" }))).toEqual({
      requests: 10_000,
      perMs: 60_000,
    });
    expect(rateLimitOf(spec())).toBeUndefined();
  });

  test.each([
    { requests: 1, perMs: 1_000 },
    { requests: 2.5, perMs: 1_000 },
    { requests: 10, perMs: 0 },
    { requests: 10, perMs: 2 ** 31 },
    { requests: 10 },
    null,
  ])("refuses %j", (limit) => {
    expect(() => rateLimitOf(spec(limit))).toThrow(/^info\.x-rate-limit: needs requests/);
  });

  test("finds Blynk's documented limit and none for Recrubo", async () => {
    const limits = await Promise.all(apis.map(async (api) => [api.name, rateLimitOf(await loadSpec(api))]));
    expect(Object.fromEntries(limits)).toEqual({ recrubo: undefined, blynk: { requests: 10_000, perMs: 60_000 } });
  });
});

describe("extractWebhooks", () => {
  const hook = (operation: Record<string, unknown>) => ({
    ...specWith({}),
    webhooks: { itemEvent: { post: { operationId: "itemEvent", responses: {}, ...operation } } },
  });

  test("keeps a webhook's body schema in full, as a request body's, keyed by operationId", () => {
    const schema = {
      type: "object",
      required: ["event"],
      properties: { event: { enum: ["create"], description: "what happened" } },
    };
    const spec = hook({ requestBody: { content: { "application/json": { schema } } } });
    expect(extractWebhooks(spec)).toEqual({
      itemEvent: { type: "object", required: ["event"], properties: { event: { enum: ["create"] } } },
    });
    expect(renderRules({}, [], undefined, { spec: "openapi/x.yaml" }, extractWebhooks(spec))).toContain(
      'export const webhooks = {\n  "itemEvent": {',
    );
  });

  test("refuses a keyword the verifier does not check, and a webhook without a body", () => {
    expect(() =>
      extractWebhooks(
        hook({ requestBody: { content: { "application/json": { schema: { type: "integer", multipleOf: 2 } } } } }),
      ),
    ).toThrow('webhook itemEvent body: the schema uses "multipleOf"');
    expect(() => extractWebhooks(hook({}))).toThrow("webhook itemEvent: it has no request body");
    expect(extractWebhooks(specWith({}))).toEqual({});
  });

  test("carries Recrubo's organization event, with its documented events", async () => {
    const webhooks = extractWebhooks(await loadSpec(apis.find((api) => api.name === "recrubo")!));
    expect(Object.keys(webhooks)).toEqual(["organizationEvent"]);
    expect(JSON.stringify(webhooks["organizationEvent"])).toContain('"enum":["create","update","delete"]');
    expect(JSON.stringify(webhooks["organizationEvent"])).toContain('"const":"webhookPayload"');
  });
});
