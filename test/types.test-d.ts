import { describe, expect, expectTypeOf, test } from "vitest";
import type { components as RecruboComponents } from "../generated/recrubo.js";
import {
  type BlynkClient,
  type BlynkOrganization,
  type BlynkOrganizationCreate,
  type BlynkOrganizationPage,
  type BlynkOrganizationUpdate,
  type BlynkSearchParams,
  type CallOptions,
  collect,
  createBlynkClient,
  createRecruboClient,
  type RecruboClient,
  type RecruboListParams,
  type RecruboOrganization,
  type RecruboOrganizationList,
  type RecruboOwnOrganization,
  type RecruboPagingParams,
  type RecruboSortField,
  type RecruboUpdateAttributes,
  type RetryOptions,
} from "../src/index.js";
import { forbiddenFetch } from "./support/fetches.js";
import { accessToken, partnerKey } from "./support/fixtures.js";

// These tests are checked by `tsc --noEmit`: a wrong type or an unused `@ts-expect-error` fails it.
// The clients get a fetch that must never be called, so nothing below reaches a server.
const { fetch } = forbiddenFetch();
const recrubo = createRecruboClient({ apiKey: partnerKey, fetch });
const blynk = createBlynkClient({ auth: { accessToken }, fetch });

type Resolved<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

describe("the facades' types", () => {
  test("Recrubo operations resolve to the spec's resource and documents", () => {
    expectTypeOf(recrubo).toEqualTypeOf<RecruboClient>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>["attributes"]["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>["attributes"]["webhookUrl"]>().toEqualTypeOf<
      string | null
    >();
    expectTypeOf<Resolved<typeof recrubo.organizations.create>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organizations.refreshToken>["attributes"]["token"]>().toEqualTypeOf<
      string | null | undefined
    >();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>>().toEqualTypeOf<RecruboOrganizationList>();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>["data"]>().toEqualTypeOf<RecruboOrganization[]>();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>["meta"]["total"]>().toEqualTypeOf<number>();
    expectTypeOf(recrubo.organizations.delete).returns.toEqualTypeOf<Promise<void>>();
  });

  test("Blynk operations resolve to the spec's organization and page", () => {
    expectTypeOf(blynk).toEqualTypeOf<BlynkClient>();
    expectTypeOf<Resolved<typeof blynk.organizations.search>>().toEqualTypeOf<{
      content: BlynkOrganization[];
      totalElements: number;
    }>();
    expectTypeOf<Resolved<typeof blynk.organizations.get>>().toEqualTypeOf<BlynkOrganization>();
    expectTypeOf<Resolved<typeof blynk.organizations.profile>["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Resolved<typeof blynk.organizations.get>["lastModifiedTs"]>().toEqualTypeOf<number>();
    expectTypeOf(blynk.organizations.delete).returns.toEqualTypeOf<Promise<void>>();
  });

  test("arguments carry the spec's requirements", () => {
    expectTypeOf(blynk.organizations.search).parameter(0).toEqualTypeOf<BlynkSearchParams>();
    expectTypeOf<BlynkSearchParams["query"]>().toEqualTypeOf<string>();
    expectTypeOf<{ size: 10 }>().not.toExtend<BlynkSearchParams>();
    expectTypeOf<{ query: "acme"; sortOrder: "DESC" }>().toExtend<BlynkSearchParams>();

    expectTypeOf(blynk.organizations.create).parameter(0).toEqualTypeOf<BlynkOrganizationCreate>();
    expectTypeOf<BlynkOrganizationCreate["name"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<BlynkOrganizationCreate["unitSystem"]>>().toEqualTypeOf<"IMPERIAL" | "METRIC">();
    expectTypeOf(blynk.organizations.get).parameter(0).toEqualTypeOf<number>();

    expectTypeOf(recrubo.organizations.get).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(recrubo.organizations.update).parameter(1).toEqualTypeOf<RecruboUpdateAttributes>();
    expectTypeOf<{ name: "Test Org"; webhookUrl: null; webhookSecret: null }>().toExtend<RecruboUpdateAttributes>();
  });

  test("raw calls are typed by path, method and parameters", () => {
    const search = () => blynk.raw.GET("/api/v1/organization/search", { params: { query: { query: "acme" } } });
    const create = () =>
      recrubo.raw.POST("/public/v2/management/organizations/", {
        body: { data: { type: "organizations", attributes: { name: "x" } } },
      });
    // openapi-fetch rebuilds the response types, so they are equivalent rather than identical.
    type SearchData = NonNullable<Awaited<ReturnType<typeof search>>["data"]>;
    type CreateData = NonNullable<Awaited<ReturnType<typeof create>>["data"]>["data"];
    expectTypeOf<SearchData>().toExtend<BlynkOrganizationPage>();
    expectTypeOf<BlynkOrganizationPage>().toExtend<SearchData>();
    expectTypeOf<SearchData["totalElements"]>().toEqualTypeOf<number>();
    expectTypeOf<CreateData>().toExtend<RecruboOrganization>();
    expectTypeOf<RecruboOrganization>().toExtend<CreateData>();
    expectTypeOf<CreateData["attributes"]["name"]>().toEqualTypeOf<string>();
  });

  test("mistakes do not compile", () => {
    // Never called: each line must fail to typecheck, and would fail the test if it ran.
    const mistakes = () => [
      // @ts-expect-error no such path in the Blynk spec
      blynk.raw.GET("/api/v1/nope"),
      // @ts-expect-error size is a number
      blynk.raw.GET("/api/v1/organization/search", { params: { query: { query: "acme", size: "10" } } }),
      // @ts-expect-error not a sort order of the spec
      blynk.raw.GET("/api/v1/organization/search", { params: { query: { query: "acme", sortOrder: "UP" } } }),
      // @ts-expect-error search needs `query`
      blynk.raw.GET("/api/v1/organization/search", { params: { query: { size: 10 } } }),
      // @ts-expect-error `name` is required
      blynk.organizations.create({ description: "x" }),
      // @ts-expect-error not a unit system of the spec
      blynk.organizations.create({ name: "Acme Corp", unitSystem: "SI" }),
      // @ts-expect-error ids are numbers
      blynk.organizations.get("7"),
      // @ts-expect-error search needs `query`
      blynk.organizations.search({ page: 1 }),
      // @ts-expect-error a misspelled attribute
      recrubo.organizations.update("303f151b-3f33-4ddd-9779-eb522f7225a9", { nme: "x" }),
      // @ts-expect-error `name` is required on create
      recrubo.organizations.create({ webhookUrl: null }),
      // @ts-expect-error Recrubo has no PUT on organizations
      recrubo.raw.PUT("/public/v2/management/organizations/{id}", { params: { path: { id: "x" } } }),
    ];
    expect(typeof mistakes).toBe("function");
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the organizations' types are exact", () => {
  test("a Blynk organization has the spec's members and no index signature", () => {
    expectTypeOf<keyof BlynkOrganization>().toEqualTypeOf<
      | "id"
      | "name"
      | "description"
      | "parentOrganizationId"
      | "tz"
      | "unitSystem"
      | "phoneNumber"
      | "address"
      | "lastModifiedTs"
    >();
    expectTypeOf<string>().not.toExtend<keyof BlynkOrganization>();
    expectTypeOf<BlynkOrganization>().not.toHaveProperty("isActive");
    // Never called: reading members is what is checked.
    const read = (org: BlynkOrganization) => {
      expectTypeOf(org.name).toEqualTypeOf<string>();
      expectTypeOf(org.tz).toEqualTypeOf<string>();
      expectTypeOf(org.parentOrganizationId).toEqualTypeOf<number | undefined>();
      expectTypeOf(org.id).toEqualTypeOf<number>();
      return [
        // @ts-expect-error misspelt: the member is `name`
        org.nmae,
        // @ts-expect-error the time zone is `tz`
        org.timezone,
        // @ts-expect-error the parent is `parentOrganizationId` in answers (`parentId` is create's argument)
        org.parentId,
      ];
    };
    expect(typeof read).toBe("function");
  });

  test("a Recrubo organization and its attributes have the spec's members and no index signature", () => {
    expectTypeOf<keyof RecruboOrganization>().toEqualTypeOf<"id" | "type" | "attributes" | "relationships">();
    expectTypeOf<keyof RecruboOrganization["attributes"]>().toEqualTypeOf<
      "createdAt" | "updatedAt" | "name" | "webhookUrl" | "webhookSecret" | "token"
    >();
    expectTypeOf<string>().not.toExtend<keyof RecruboOrganization>();
    expectTypeOf<string>().not.toExtend<keyof RecruboOrganization["attributes"]>();
    const read = (org: RecruboOrganization) => [
      // @ts-expect-error misspelt: the attribute is `name`
      org.attributes.nmae,
      // @ts-expect-error attributes are not members of the resource object
      org.name,
    ];
    expect(typeof read).toBe("function");
  });
});

describe("the arguments' enums and closed bodies", () => {
  test("Recrubo sort is an array of the spec's sort fields", () => {
    expectTypeOf<RecruboSortField>().toEqualTypeOf<
      "name" | "-name" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt"
    >();
    expectTypeOf<NonNullable<RecruboListParams["sort"]>>().toEqualTypeOf<RecruboSortField[]>();
    expectTypeOf<NonNullable<RecruboPagingParams["sort"]>>().toEqualTypeOf<RecruboSortField[]>();
    expectTypeOf<{ sort: ["-createdAt", "name"] }>().toExtend<RecruboListParams>();
    expectTypeOf<{ sort: "name" }>().not.toExtend<RecruboListParams>();

    const calls = () => [
      recrubo.organizations.list({ sort: ["-createdAt", "name"] }),
      recrubo.organizations.items({ sort: ["updatedAt"] }),
      recrubo.organizations.list({
        // @ts-expect-error not a sort field of the spec
        sort: ["nmae"],
      }),
      recrubo.organizations.list({
        // @ts-expect-error sort is an array, no longer a comma-separated string
        sort: "name",
      }),
      recrubo.organizations.pages({
        // @ts-expect-error an attribute the list cannot sort by
        sort: ["-webhookUrl"],
      }),
    ];
    expect(typeof calls).toBe("function");
    expect(fetch).not.toHaveBeenCalled();
  });

  test("Blynk sortBy is the spec's labels, create's type its kinds, and update takes the name alone", () => {
    expectTypeOf<NonNullable<BlynkSearchParams["sortBy"]>>().toEqualTypeOf<
      "Organization Id" | "Name" | "Device Count" | "User Count" | "Sub Organizations"
    >();
    expectTypeOf<NonNullable<BlynkOrganizationCreate["type"]>>().toEqualTypeOf<
      "ROOT" | "BUSINESS" | "PERSONAL" | "BRANCH" | "DISTRIBUTOR" | "CONTRACTOR" | "INSTALLER" | "RESELLER"
    >();
    expectTypeOf<BlynkOrganizationUpdate>().toEqualTypeOf<{ name: string }>();
    expectTypeOf(blynk.organizations.update).parameter(0).toEqualTypeOf<BlynkOrganizationUpdate>();

    const calls = () => [
      blynk.organizations.search({ query: "acme", sortBy: "Name" }),
      blynk.organizations.items({ query: "acme", sortBy: "Sub Organizations" }),
      blynk.organizations.create({ name: "Acme Branch", type: "BRANCH" }),
      blynk.organizations.update({ name: "Acme Corporation" }, { orgId: 7 }),
      blynk.organizations.search({
        query: "acme",
        // @ts-expect-error not a sortBy label of the spec
        sortBy: "Colour",
      }),
      blynk.organizations.create({
        name: "Acme Shop",
        // @ts-expect-error not an organization type of the spec
        type: "SHOP",
      }),
      blynk.organizations.update({
        name: "Acme Corporation",
        // @ts-expect-error update renames: the name is its one field
        description: "Renamed",
      }),
      blynk.organizations.update({
        name: "Acme Corporation",
        // @ts-expect-error update renames: the time zone is not changed here
        tz: "Europe/Kyiv",
      }),
      blynk.raw.PUT("/api/v1/organization/edit/name", {
        params: { query: { orgId: 7 } },
        body: { name: "Acme Corporation" },
      }),
      // @ts-expect-error the rename moved to /api/v1/organization/edit/name: no PUT on the member
      blynk.raw.PUT("/api/v1/organization", { params: { query: { orgId: 7 } }, body: { name: "Acme Corporation" } }),
    ];
    expect(typeof calls).toBe("function");
    expect(fetch).not.toHaveBeenCalled();
  });

  test("Recrubo updates may leave data.id out of the raw body; the attributes never hold it", () => {
    type PatchBody = RecruboComponents["schemas"]["OrganizationUpdateDocument"];
    expectTypeOf<PatchBody["data"]["id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<{
      data: {
        type: "organizations";
        attributes: { webhookUrl: "https://hooks.example.com/recrubo"; webhookSecret: "whsec_1" };
      };
    }>().toExtend<PatchBody>();
    expectTypeOf<RecruboUpdateAttributes>().not.toHaveProperty("id");

    const calls = () => [
      recrubo.raw.PATCH("/public/v2/management/organizations/{id}", {
        params: { path: { id: "303f151b-3f33-4ddd-9779-eb522f7225a9" } },
        body: { data: { type: "organizations", attributes: { name: "Renamed Org" } } },
      }),
      recrubo.raw.PATCH("/public/v2/organizations/{id}", {
        params: { path: { id: "303f151b-3f33-4ddd-9779-eb522f7225a9" } },
        body: {
          data: {
            type: "organizations",
            attributes: { webhookUrl: "https://hooks.example.com/recrubo", webhookSecret: "whsec_1" },
          },
        },
      }),
      recrubo.organization.update({ webhookUrl: "https://hooks.example.com/recrubo", webhookSecret: "whsec_1" }),
      recrubo.organization.update({
        // @ts-expect-error the id is an option, not an attribute
        id: "303f151b-3f33-4ddd-9779-eb522f7225a9",
      }),
    ];
    expect(typeof calls).toBe("function");
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the organization-key facade's types", () => {
  test("organization.get and update resolve to the spec's organization", () => {
    expectTypeOf(recrubo.organization).toEqualTypeOf<RecruboOwnOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organization.get>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organization.update>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf(recrubo.organization.get).parameters.toEqualTypeOf<[options?: CallOptions]>();
    expectTypeOf(recrubo.organization.update).parameter(0).toEqualTypeOf<RecruboUpdateAttributes>();
    expectTypeOf(recrubo.organization.update).parameter(1).toEqualTypeOf<(CallOptions & { id?: string }) | undefined>();

    const calls = () => [
      recrubo.organization.get({ timeoutMs: 1000 }),
      recrubo.organization.update(
        { name: "Renamed Org" },
        { id: "303f151b-3f33-4ddd-9779-eb522f7225a9", timeoutMs: 1000 },
      ),
      // @ts-expect-error get takes no id: the key says which organization
      recrubo.organization.get("303f151b-3f33-4ddd-9779-eb522f7225a9"),
      recrubo.organization.update({
        // @ts-expect-error a misspelt attribute
        webhookURL: "https://hooks.example.com/recrubo",
      }),
      // @ts-expect-error ids are strings
      recrubo.organization.update({ name: "Renamed Org" }, { id: 7 }),
    ];
    expect(typeof calls).toBe("function");
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("per-call options' types", () => {
  test("retry takes the client's retry options or false, deadlineMs a number", () => {
    expectTypeOf<CallOptions["retry"]>().toEqualTypeOf<RetryOptions | false | undefined>();
    expectTypeOf<CallOptions["deadlineMs"]>().toEqualTypeOf<number | undefined>();

    const calls = () => [
      recrubo.organizations.list({}, { retry: false, deadlineMs: 5_000 }),
      blynk.organizations.search({ query: "acme" }, { retry: { maxRetries: 5, methods: ["GET"] } }),
      // @ts-expect-error retry is options or false, not true
      recrubo.organizations.list({}, { retry: true }),
      // @ts-expect-error deadlineMs is a number of milliseconds
      recrubo.organizations.list({}, { deadlineMs: "5s" }),
      // @ts-expect-error retry options are the client's, not new ones
      recrubo.organizations.list({}, { retry: { tries: 3 } }),
    ];
    expect(typeof calls).toBe("function");
  });
});

describe("the pagers' types", () => {
  test("items and pages are typed from the spec, with nothing to cast at the call site", async () => {
    expectTypeOf(recrubo.organizations.items()).toEqualTypeOf<AsyncIterable<RecruboOrganization>>();
    expectTypeOf(recrubo.organizations.pages()).toEqualTypeOf<AsyncIterable<RecruboOrganizationList>>();
    expectTypeOf(blynk.organizations.items({ query: "acme" })).toEqualTypeOf<AsyncIterable<BlynkOrganization>>();
    expectTypeOf(blynk.organizations.pages({ query: "acme" })).toEqualTypeOf<AsyncIterable<BlynkOrganizationPage>>();
    // Never called: collecting would iterate, and iterating sends.
    const collected = () => collect(blynk.organizations.items({ query: "acme" }), { max: 5 });
    expectTypeOf(collected).returns.resolves.toEqualTypeOf<BlynkOrganization[]>();

    // @ts-expect-error the pager sets the page itself
    blynk.organizations.items({ query: "acme", page: 2 });
    // @ts-expect-error Blynk pages need a query
    blynk.organizations.pages({ size: 10 });
    // @ts-expect-error `concurrency` is a number
    recrubo.organizations.items({}, { concurrency: "4" });
    expect(fetch).not.toHaveBeenCalled();
  });
});
