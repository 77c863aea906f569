import { describe, expect, test } from "vitest";
import { argumentIssues } from "../../cli/mcp/call.js";
import { disclose, masked, published, schemaAt } from "../../cli/mcp/schemas.js";
import { allTools, toolName } from "../../cli/mcp/tools.js";

// An organization schema in the spec's shape: a withheld member that is also required, an issued
// one, both under properties of a nested object, and combinators around the nested object.
const organization = {
  type: "object",
  required: ["id", "attributes"],
  properties: {
    id: { type: "string" },
    attributes: {
      type: "object",
      required: ["name", "webhookSecret"],
      properties: {
        name: { type: "string", examples: [{ properties: "data, not a schema", "x-orgkit-secret": "kept as data" }] },
        webhookSecret: { type: ["string", "null"], "x-orgkit-secret": "withheld" },
        token: { type: ["string", "null"], "x-orgkit-secret": "issued" },
      },
    },
    address: { oneOf: [{ type: "object", properties: { city: { type: "string" } } }, { type: "null" }] },
  },
} as const;

const record = {
  id: "org-1",
  attributes: { name: "Acme", webhookSecret: "whsec_123456789", token: "5I9cezE6QPYl8v9jggrN3w", extra: "?" },
  address: { city: "Kyiv", secretive: "not declared" },
  undeclared: "not part of the contract",
};

describe("published", () => {
  test("removes withheld members from properties and required, and drops every secret mark", () => {
    const schema = published(organization);
    const attributes = (schema["properties"] as Record<string, Record<string, unknown>>)["attributes"]!;
    expect(Object.keys(attributes["properties"] as object)).toEqual(["name", "token"]);
    expect(attributes["required"]).toEqual(["name"]);
    expect((attributes["properties"] as Record<string, object>)["token"]).toEqual({ type: ["string", "null"] });
    expect(schema["required"]).toEqual(["id", "attributes"]);
  });

  test("copies data keywords as they are, even when they look like schemas", () => {
    const schema = published(organization);
    const name = schemaAt(schema, ["attributes", "name"])!;
    expect(name["examples"]).toEqual([{ properties: "data, not a schema", "x-orgkit-secret": "kept as data" }]);
  });

  test("reaches schemas under items and combinators", () => {
    const list = published({ type: "array", items: { anyOf: [organization] } });
    const item = ((list["items"] as Record<string, unknown>)["anyOf"] as Array<Record<string, unknown>>)[0]!;
    expect(schemaAt(item, ["attributes", "token"])).toEqual({ type: ["string", "null"] });
    expect(schemaAt(item, ["attributes", "webhookSecret"])).toBeUndefined();
  });

  test("leaves the generated schema untouched", () => {
    const before = JSON.stringify(organization);
    published(organization);
    expect(JSON.stringify(organization)).toBe(before);
  });
});

describe("disclose", () => {
  test("masks an issued secret with its length, leaves out withheld and undeclared members", () => {
    expect(disclose(record, organization, false)).toEqual({
      id: "org-1",
      attributes: { name: "Acme", token: "[masked: 22 characters]" },
      address: { city: "Kyiv" },
    });
  });

  test("shows an issued secret when revealing, and never a withheld one", () => {
    const shown = disclose(record, organization, true) as { attributes: Record<string, unknown> };
    expect(shown.attributes).toEqual({ name: "Acme", token: "5I9cezE6QPYl8v9jggrN3w" });
  });

  test("keeps a null secret null, and walks arrays item by item", () => {
    const list = [{ id: "a", attributes: { name: "A", webhookSecret: null, token: null } }, record];
    const shown = disclose(list, { type: "array", items: organization }, false) as Array<{ attributes: object }>;
    expect(shown[0]!.attributes).toEqual({ name: "A", token: null });
    expect(shown[1]!.attributes).toEqual({ name: "Acme", token: "[masked: 22 characters]" });
  });

  test("masks to a string the schema still accepts", () => {
    expect(masked("abc")).toBe("[masked: 3 characters]");
  });
});

describe("schemaAt", () => {
  test("follows property names and array items", () => {
    const page = { type: "object", properties: { content: { type: "array", items: { type: "integer" } } } };
    expect(schemaAt(page, ["content"])).toEqual(page.properties.content);
    expect(schemaAt(page, ["content", 0])).toEqual({ type: "integer" });
    expect(schemaAt(page, ["missing"])).toBeUndefined();
  });
});

describe("toolName", () => {
  test("is the API and the operationId in snake case", () => {
    expect(toolName("blynk", "searchOrganizations")).toBe("blynk_search_organizations");
    expect(toolName("recrubo", "refreshOrganizationToken")).toBe("recrubo_refresh_organization_token");
    expect(toolName("blynk", "getHTTPStatus2Code")).toBe("blynk_get_http_status2_code");
  });
});

describe("argumentIssues", () => {
  const paged = allTools().find((tool) => tool.shape === "paged")!;
  const plain = allTools().find((tool) => tool.shape !== "paged" && tool.command.input.required?.length)!;

  test("names a field the tool does not take, with the fields it does", () => {
    const [issue, ...others] = argumentIssues(plain, { unexpected: 1 });
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ field: "unexpected", rule: "additionalProperties" });
    for (const field of Object.keys(plain.command.input.properties)) expect(issue!.message).toContain(field);
  });

  test.each([
    [0, "minimum"],
    [1001, "maximum"],
    [2.5, "type"],
    ["10", "type"],
  ])("refuses maxItems %j by its %s rule", (value, rule) => {
    expect(argumentIssues(paged, { maxItems: value })).toEqual([
      { field: "maxItems", rule, message: "must be a whole number from 1 to 1000" },
    ]);
  });

  test.each([1, 100, 1000])("takes maxItems %j", (value) => {
    expect(argumentIssues(paged, { maxItems: value })).toEqual([]);
  });

  test("leaves every other rule to the client's validation", () => {
    expect(argumentIssues(plain, {})).toEqual([]);
  });
});
