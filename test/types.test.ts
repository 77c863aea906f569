import { describe, expect, expectTypeOf, test, vi } from "vitest";
import {
  type BlynkClient,
  collect,
  type BlynkOrganization,
  type BlynkOrganizationCreate,
  type BlynkOrganizationPage,
  type BlynkSearchParams,
  createBlynkClient,
  createRecruboClient,
  type RecruboClient,
  type RecruboOrganization,
  type RecruboOrganizationList,
  type RecruboUpdateAttributes,
} from "../src/index.js";
import { accessToken, partnerKey } from "./support/fixtures.js";

// These tests are checked by `tsc --noEmit`: a wrong type or an unused `@ts-expect-error` fails it.
// The clients get a fetch that must never be called, so nothing below reaches a server.
const fetch = vi.fn(async (_request: Request): Promise<Response> => {
  throw new Error("type tests send nothing");
});
const recrubo = createRecruboClient({ apiKey: partnerKey, fetch });
const blynk = createBlynkClient({ auth: { accessToken }, fetch });

type Resolved<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

describe("the facades' types", () => {
  test("Recrubo operations resolve to the spec's resource and documents", () => {
    expectTypeOf(recrubo).toEqualTypeOf<RecruboClient>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>["attributes"]["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Resolved<typeof recrubo.organizations.get>["attributes"]["webhookUrl"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Resolved<typeof recrubo.organizations.create>>().toEqualTypeOf<RecruboOrganization>();
    expectTypeOf<Resolved<typeof recrubo.organizations.refreshToken>["attributes"]["token"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>>().toEqualTypeOf<RecruboOrganizationList>();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>["data"]>().toEqualTypeOf<RecruboOrganization[]>();
    expectTypeOf<Resolved<typeof recrubo.organizations.list>["meta"]["total"]>().toEqualTypeOf<number>();
    expectTypeOf(recrubo.organizations.delete).returns.toEqualTypeOf<Promise<void>>();
  });

  test("Blynk operations resolve to the spec's organization and page", () => {
    expectTypeOf(blynk).toEqualTypeOf<BlynkClient>();
    expectTypeOf<Resolved<typeof blynk.organizations.search>>().toEqualTypeOf<{ content: BlynkOrganization[]; totalElements: number }>();
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
    const create = () => recrubo.raw.POST("/public/v2/management/organizations/", { body: { data: { type: "organizations", attributes: { name: "x" } } } });
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
