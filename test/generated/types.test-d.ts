import { describe, expectTypeOf, test } from "vitest";
import type {
  components as BlynkComponents,
  operations as BlynkOperations,
  paths as BlynkPaths,
} from "../../generated/blynk.js";
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

  test("Blynk sortBy and organization kinds are the spec's enums", () => {
    expectTypeOf<SearchQuery["sortBy"]>().toEqualTypeOf<
      "Organization Id" | "Name" | "Device Count" | "User Count" | "Sub Organizations" | undefined
    >();
    expectTypeOf<BlynkComponents["schemas"]["OrganizationKind"]>().toEqualTypeOf<
      "ROOT" | "BUSINESS" | "PERSONAL" | "BRANCH" | "DISTRIBUTOR" | "CONTRACTOR" | "INSTALLER" | "RESELLER"
    >();
    expectTypeOf<BlynkComponents["schemas"]["OrganizationCreate"]["type"]>().toEqualTypeOf<
      BlynkComponents["schemas"]["OrganizationKind"] | undefined
    >();
  });

  test("Blynk's rename is PUT /api/v1/organization/edit/name, with the name as its only body field", () => {
    type Rename = BlynkPaths["/api/v1/organization/edit/name"]["put"];
    expectTypeOf<Rename["requestBody"]["content"]["application/json"]>().toEqualTypeOf<
      BlynkComponents["schemas"]["OrganizationUpdate"]
    >();
    expectTypeOf<BlynkComponents["schemas"]["OrganizationUpdate"]>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<NonNullable<Rename["parameters"]["query"]>["orgId"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BlynkPaths["/api/v1/organization"]["put"]>().toEqualTypeOf<undefined>();
  });

  test("Blynk's organization lists its members only: no index signature", () => {
    expectTypeOf<string>().not.toExtend<keyof BlynkComponents["schemas"]["Organization"]>();
  });

  test("Recrubo sort is an array of the sort field enum", () => {
    type ListQuery = NonNullable<RecruboOperations["listOrganizations"]["parameters"]["query"]>;
    expectTypeOf<RecruboComponents["schemas"]["OrganizationSortField"]>().toEqualTypeOf<
      "name" | "-name" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt"
    >();
    expectTypeOf<ListQuery["sort"]>().toEqualTypeOf<
      RecruboComponents["schemas"]["OrganizationSortField"][] | undefined
    >();
  });

  test("Recrubo update documents may leave data.id out", () => {
    type Update = RecruboComponents["schemas"]["OrganizationUpdateDocument"];
    expectTypeOf<{ data: { type: "organizations"; attributes: { name: "Renamed Org" } } }>().toExtend<Update>();
    expectTypeOf<Update["data"]["id"]>().toEqualTypeOf<string | undefined>();
  });

  test("the organization key's own list is a list document of organizations", () => {
    type OwnList = RecruboOperations["listOwnOrganizations"]["responses"][200]["content"]["application/vnd.api+json"];
    expectTypeOf<OwnList>().toEqualTypeOf<RecruboComponents["schemas"]["OwnOrganizationListDocument"]>();
    expectTypeOf<OwnList["data"]>().toEqualTypeOf<RecruboComponents["schemas"]["Organization"][]>();
  });
});
