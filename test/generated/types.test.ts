import { describe, expectTypeOf, test } from "vitest";
import type { components as BlynkComponents, operations as BlynkOperations } from "../../generated/blynk.js";
import type { components as RecruboComponents, operations as RecruboOperations } from "../../generated/recrubo.js";

type SearchQuery = BlynkOperations["searchOrganizations"]["parameters"]["query"];
type ListDocument = RecruboOperations["listOrganizations"]["responses"][200]["content"]["application/vnd.api+json"];

describe("generated types", () => {
  test("Blynk search takes an optional numeric size and a required query", () => {
    expectTypeOf<SearchQuery["size"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SearchQuery>().toHaveProperty("query").toEqualTypeOf<string>();
    expectTypeOf<SearchQuery["sortOrder"]>().toEqualTypeOf<"ASC" | "DESC" | undefined>();
  });

  test("Recrubo list items have a string name", () => {
    expectTypeOf<ListDocument["data"][number]["attributes"]["name"]>().toEqualTypeOf<string>();
    expectTypeOf<ListDocument["meta"]["maxPage"]>().toEqualTypeOf<number>();
  });

  test("request bodies require what the spec requires", () => {
    type BlynkCreate = BlynkComponents["schemas"]["OrganizationCreate"];
    expectTypeOf<{ name: "Acme Corp" }>().toExtend<BlynkCreate>();
    expectTypeOf<{ description: "no name" }>().not.toExtend<BlynkCreate>();

    type RecruboCreate = RecruboComponents["schemas"]["OrganizationCreateDocument"];
    expectTypeOf<{ data: { type: "organizations"; attributes: { name: "Test Org" } } }>().toExtend<RecruboCreate>();
    expectTypeOf<{ data: { type: "users"; attributes: { name: "Test Org" } } }>().not.toExtend<RecruboCreate>();
  });

  test("Blynk unit systems are the spec's enum", () => {
    expectTypeOf<BlynkComponents["schemas"]["UnitSystem"]>().toEqualTypeOf<"IMPERIAL" | "METRIC">();
  });
});
