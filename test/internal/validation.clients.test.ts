import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, test, vi } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { apis } from "../../scripts/lib/apis.js";
import { render } from "../../scripts/lib/codegen.js";
import {
  type BlynkOrganizationCreate,
  type BlynkOrganizationUpdate,
  type BlynkSearchParams,
  collect,
  createBlynkClient,
  createRecruboClient,
  type RecruboClient,
  type RecruboCreateAttributes,
  type RecruboListParams,
  type RecruboSortField,
  ValidationError,
  type ValidationIssue,
} from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { scripted } from "../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  blynkPage,
  orgId,
  partnerKey,
  recruboDocument,
  recruboListDocument,
  webhookSecret,
} from "../support/fixtures.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";
import { untyped } from "../support/untyped.js";

const projectRoot = new URL("../../", import.meta.url).pathname;

// What the fakes answer any request the checks let through: a plausible success.
const blynkAnswers = (request: Request) =>
  Response.json(new URL(request.url).pathname.endsWith("/search") ? blynkPage : blynkOrganization, {
    status: request.method === "POST" ? 201 : 200,
  });
const recruboAnswers = (request: Request) =>
  Response.json(
    request.method === "GET" && new URL(request.url).pathname.endsWith("/organizations/")
      ? recruboListDocument
      : recruboDocument,
    { status: request.method === "POST" ? 201 : 200 },
  );

/** The issues without their messages, for comparing which rules broke. */
function broken(error: ValidationError): Array<Pick<ValidationIssue, "field" | "rule">> {
  return error.issues.map(({ field, rule }) => ({ field, rule }));
}

describe("Blynk argument validation", () => {
  test.each([
    {
      case: "a name too short",
      organization: { name: "ab" },
      field: "name",
      rule: "minLength",
      message: naming("3"),
    },
    {
      case: "a name of 101 characters",
      organization: { name: "a".repeat(101) },
      field: "name",
      rule: "maxLength",
      message: naming("100"),
    },
    {
      case: "a slash in the name",
      organization: { name: "Acme/Corp" },
      field: "name",
      rule: "pattern",
      message: naming("pattern"),
    },
    {
      case: "markup in the name",
      organization: { name: "<b>" },
      field: "name",
      rule: "pattern",
      message: naming("pattern"),
    },
    {
      case: "a description of 1001 characters",
      organization: { name: "Acme Corp", description: "d".repeat(1001) },
      field: "description",
      rule: "maxLength",
      message: naming("1000"),
    },
    {
      case: "a slash in the description",
      organization: { name: "Acme Corp", description: "a/b" },
      field: "description",
      rule: "pattern",
      message: expect.any(String),
    },
    {
      case: "a backslash in the description",
      organization: { name: "Acme Corp", description: "a\\b" },
      field: "description",
      rule: "pattern",
      message: expect.any(String),
    },
    {
      case: "angle brackets in the description",
      organization: { name: "Acme Corp", description: "a <b> c" },
      field: "description",
      rule: "pattern",
      message: expect.any(String),
    },
    {
      case: "a made-up time zone",
      organization: { name: "Acme Corp", tz: "Mars/Olympus" },
      field: "tz",
      rule: "format",
      message: naming("time zone"),
    },
    {
      case: "a phone number without +",
      organization: { name: "Acme Corp", phoneNumber: "11234567890" },
      field: "phoneNumber",
      rule: "pattern",
      message: expect.any(String),
    },
    {
      case: "a unit system outside the enum",
      organization: { name: "Acme Corp", unitSystem: "METRICS" },
      field: "unitSystem",
      rule: "enum",
      message: naming("IMPERIAL", "METRIC"),
    },
    {
      case: "an unknown field",
      organization: { name: "Acme Corp", colour: "red" },
      field: "colour",
      rule: "additionalProperties",
      message: naming(),
    },
    {
      case: "a type outside the enum",
      organization: { name: "Acme Corp", type: "SHOP" },
      field: "type",
      rule: "enum",
      message: naming(...blynkRules.createOrganization.body.properties.type.enum),
    },
    {
      case: "a type in lower case",
      organization: { name: "Acme Corp", type: "branch" },
      field: "type",
      rule: "enum",
      message: naming("ROOT"),
    },
  ])("create refuses $case and sends nothing", async ({ organization, field, rule, message }) => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.create(untyped<BlynkOrganizationCreate>(organization)),
      ValidationError,
    );

    expect(error.issues).toEqual([{ field, rule, message }]);
    expect(error.message).toEqual(naming(field, "nothing was sent"));
    expect(fetch).not.toHaveBeenCalled();
  });

  test("create lists every violation in one error", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });
    const organization = untyped<BlynkOrganizationCreate>({
      name: "ab",
      description: "<script>",
      tz: "Mars/Olympus",
      phoneNumber: "0800",
      unitSystem: "SI",
      colour: "red",
    });

    const error = await rejectionOf(client.organizations.create(organization), ValidationError);

    expect(broken(error)).toEqual([
      { field: "name", rule: "minLength" },
      { field: "description", rule: "pattern" },
      { field: "tz", rule: "format" },
      { field: "phoneNumber", rule: "pattern" },
      { field: "unitSystem", rule: "enum" },
      { field: "colour", rule: "additionalProperties" },
    ]);
    expect(error.message).toEqual(
      naming("nothing was sent", "name", "description", "tz", "phoneNumber", "unitSystem", "colour"),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  test("create sends a valid organization, with the current and the legacy name of Kyiv's zone", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await client.organizations.create({
      name: "Acme Corp. O'Neil-Ltd 2",
      tz: "Europe/Kyiv",
      phoneNumber: "+380441234567",
      unitSystem: "METRIC",
    });
    await client.organizations.create({
      name: "Zürich Ünits",
      description: "Sub-org, for tests.",
      tz: "Europe/Kiev",
      unitSystem: "IMPERIAL",
    });

    expect(fetch).toHaveBeenCalledTimes(2);
    const sent = await fetch.mock.calls[1]![0].json();
    expect(sent).toEqual({
      name: "Zürich Ünits",
      description: "Sub-org, for tests.",
      tz: "Europe/Kiev",
      unitSystem: "IMPERIAL",
    });
  });

  // Every type the spec's enum lists.
  test.each(blynkRules.createOrganization.body.properties.type.enum)("create sends the type %s", async (type) => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await client.organizations.create({ name: "Acme Branch", type });

    expect(fetch).toHaveBeenCalledOnce();
    expect(await fetch.mock.calls[0]![0].json()).toEqual({ name: "Acme Branch", type });
  });

  test("a name of exactly 100 characters and a description of exactly 1000 are sent", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await client.organizations.create({ name: "n".repeat(100), description: "d".repeat(1000) });

    expect(fetch).toHaveBeenCalledOnce();
  });

  test.each([
    { case: "a description", organization: { name: "Acme Corp", description: "Renamed" }, field: "description" },
    { case: "a time zone", organization: { name: "Acme Corp", tz: "Europe/Kyiv" }, field: "tz" },
    { case: "a unit system", organization: { name: "Acme Corp", unitSystem: "METRIC" }, field: "unitSystem" },
    { case: "a phone number", organization: { name: "Acme Corp", phoneNumber: "+11234567890" }, field: "phoneNumber" },
    { case: "a field of no operation", organization: { name: "Acme Corp", colour: "red" }, field: "colour" },
  ])("update takes the name alone: it refuses $case and sends nothing", async ({ organization, field }) => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.update(untyped<BlynkOrganizationUpdate>(organization), { orgId: 7 }),
      ValidationError,
    );

    expect(error.issues).toEqual([{ field, rule: "additionalProperties", message: naming() }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("update sends the name alone to edit/name", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await client.organizations.update({ name: "Acme Corporation" }, { orgId: 7 });

    expect(fetch).toHaveBeenCalledOnce();
    const request = fetch.mock.calls[0]![0];
    expect(`${request.method} ${request.url}`).toBe(`PUT ${blynkBaseUrl}/api/v1/organization/edit/name?orgId=7`);
    expect(await request.json()).toEqual({ name: "Acme Corporation" });
  });

  test("update checks the body and the orgId", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.update({ name: "x/y" }, { orgId: 0 }), ValidationError);

    expect(broken(error)).toEqual([
      { field: "orgId", rule: "minimum" },
      { field: "name", rule: "pattern" },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test.each([
    { case: "a missing query", params: {}, field: "query", rule: "required" },
    { case: "a query of 256 characters", params: { query: "q".repeat(256) }, field: "query", rule: "maxLength" },
    { case: "page -1", params: { query: "acme", page: -1 }, field: "page", rule: "minimum" },
    { case: "size 0", params: { query: "acme", size: 0 }, field: "size", rule: "minimum" },
    { case: "size 1001", params: { query: "acme", size: 1001 }, field: "size", rule: "maximum" },
    { case: "sortOrder UP", params: { query: "acme", sortOrder: "UP" }, field: "sortOrder", rule: "enum" },
    { case: "sortBy Colour", params: { query: "acme", sortBy: "Colour" }, field: "sortBy", rule: "enum" },
    {
      case: "sortBy in the case of another label",
      params: { query: "acme", sortBy: "name" },
      field: "sortBy",
      rule: "enum",
    },
    {
      case: "sortBy as a field name rather than a label",
      params: { query: "acme", sortBy: "deviceCount" },
      field: "sortBy",
      rule: "enum",
    },
  ])("search refuses $case and sends nothing", async ({ params, field, rule }) => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.search(untyped<BlynkSearchParams>(params)), ValidationError);

    expect(broken(error)).toEqual([{ field, rule }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("search lists every violation in one error", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.search(untyped<BlynkSearchParams>({ page: -1, size: 1001, sortOrder: "UP" })),
      ValidationError,
    );

    expect(broken(error)).toEqual([
      { field: "query", rule: "required" },
      { field: "page", rule: "minimum" },
      { field: "size", rule: "maximum" },
      { field: "sortOrder", rule: "enum" },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("search refuses a sortBy outside the enum with the labels it takes", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.search(untyped<BlynkSearchParams>({ query: "acme", sortBy: "Colour" })),
      ValidationError,
    );

    expect(error.issues).toEqual([
      {
        field: "sortBy",
        rule: "enum",
        message: naming("Organization Id", "Name", "Device Count", "User Count", "Sub Organizations"),
      },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("search sends the limits themselves: size 1000, size 1, page 0, a query of 255 characters", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await client.organizations.search({ query: "q".repeat(255), page: 0, size: 1000, sortOrder: "DESC" });
    await client.organizations.search({ query: "acme", size: 1 });

    expect(fetch).toHaveBeenCalledTimes(2);
    const url = new URL(fetch.mock.calls[0]![0].url);
    expect(url.searchParams.get("size")).toBe("1000");
    expect(url.searchParams.get("page")).toBe("0");
    expect(url.searchParams.get("query")).toBe("q".repeat(255));
    expect(url.searchParams.get("sortOrder")).toBe("DESC");
    expect(new URL(fetch.mock.calls[1]![0].url).searchParams.get("size")).toBe("1");
  });

  test.each([
    { orgId: 0, rule: "minimum", message: naming("1") },
    { orgId: -1, rule: "minimum", message: naming("1") },
    { orgId: 1.5, rule: "type", message: naming("integer") },
    { orgId: "7", rule: "type", message: naming("integer") },
    { orgId: 2 ** 31, rule: "format", message: naming("32") },
  ])("get and delete refuse the id $orgId and send nothing", async ({ orgId: id, rule, message }) => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const got = await rejectionOf(client.organizations.get(untyped<number>(id)), ValidationError);
    const deleted = await rejectionOf(client.organizations.delete(untyped<number>(id)), ValidationError);

    expect(got.issues).toEqual([{ field: "orgId", rule, message }]);
    expect(deleted.issues).toEqual([{ field: "orgId", rule, message }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("get sends a valid id", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await expect(client.organizations.get(7)).resolves.toEqual(blynkOrganization);

    expect(fetch).toHaveBeenCalledOnce();
    expect(new URL(fetch.mock.calls[0]![0].url).searchParams.get("orgId")).toBe("7");
  });
});

describe("Recrubo argument validation", () => {
  test.each([
    { case: "no name", attributes: {}, issues: [{ field: "name", rule: "required", message: naming() }] },
    {
      case: "an empty name",
      attributes: { name: "" },
      issues: [{ field: "name", rule: "minLength", message: naming() }],
    },
    {
      case: "a webhookUrl that is not http(s)",
      attributes: { name: "Test Org", webhookUrl: "ftp://x", webhookSecret },
      issues: [{ field: "webhookUrl", rule: "pattern", message: naming("^https?://") }],
    },
    {
      case: "a webhookUrl without its secret",
      attributes: { name: "Test Org", webhookUrl: "https://hooks.example.com/recrubo" },
      issues: [{ field: "webhookSecret", rule: "dependentRequired", message: naming("webhookUrl") }],
    },
    {
      case: "a webhookSecret without its URL",
      attributes: { name: "Test Org", webhookSecret },
      issues: [{ field: "webhookUrl", rule: "dependentRequired", message: naming("webhookSecret") }],
    },
    {
      case: "an attribute the spec does not list (token is Recrubo's to set)",
      attributes: { name: "Test Org", token: "chosen-by-me" },
      issues: [{ field: "token", rule: "additionalProperties", message: naming() }],
    },
  ])("create refuses $case and sends nothing", async ({ attributes, issues }) => {
    const { fetch } = scripted(recruboAnswers);
    const apiKey = vi.fn(() => partnerKey);
    const { client } = recruboClient({ apiKey, fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.create(untyped<RecruboCreateAttributes>(attributes)),
      ValidationError,
    );

    expect(error.issues).toEqual(issues);
    expect(fetch).not.toHaveBeenCalled();
    expect(apiKey).not.toHaveBeenCalled();
  });

  test.each([
    {
      route: "management",
      update: (client: RecruboClient) =>
        client.organizations.update("6e6816eb-fc1d-42bd-bb00-eff973ad207d", untyped({ nmae: "Typo Org" })),
    },
    {
      route: "own",
      update: (client: RecruboClient) =>
        client.organization.update(untyped({ nmae: "Typo Org" }), { id: "6e6816eb-fc1d-42bd-bb00-eff973ad207d" }),
    },
  ])(
    "$route update refuses a misspelt attribute rather than sending a change that does nothing",
    async ({ update }) => {
      const { fetch } = scripted(recruboAnswers);
      const { client } = recruboClient({ fetch, retry: false });

      const error = await rejectionOf(update(client), ValidationError);

      expect(broken(error)).toEqual([{ field: "nmae", rule: "additionalProperties" }]);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  test("update refuses half a webhook and a bad id together, without repeating the secret", async () => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.update("6e6816eb", { webhookSecret }), ValidationError);

    expect(broken(error)).toEqual([
      { field: "id", rule: "format" },
      { field: "webhookUrl", rule: "dependentRequired" },
    ]);
    expect(error.message).not.toContain(webhookSecret);
    expect(JSON.stringify(error.issues)).not.toContain(webhookSecret);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("a secret of the wrong type is refused without being repeated", async () => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });
    const attributes = untyped<RecruboCreateAttributes>({
      name: "Test Org",
      webhookUrl: "https://hooks.example.com/recrubo",
      webhookSecret: 736120958,
    });

    const error = await rejectionOf(client.organizations.create(attributes), ValidationError);

    expect(error.issues).toEqual([{ field: "webhookSecret", rule: "type", message: naming("string", "null") }]);
    expect(error.message).not.toContain("736120958");
    expect(fetch).not.toHaveBeenCalled();
  });

  test.each(["6e6816eb", "", "not-a-uuid", "303f151b-3f33-4ddd-9779-eb522f7225a9-00"])(
    "ids that are not UUIDs (%j) are refused by every operation",
    async (id) => {
      const { fetch } = scripted(recruboAnswers);
      const { client } = recruboClient({ fetch, retry: false });

      for (const call of [
        client.organizations.get(id),
        client.organizations.delete(id),
        client.organizations.refreshToken(id),
        client.organizations.update(id, { name: "Test Org" }),
        client.organization.update({ name: "Test Org" }, { id }),
      ]) {
        const error = await rejectionOf(call, ValidationError);
        expect(error.issues).toEqual([{ field: "id", rule: "format", message: naming("UUID") }]);
      }
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  test.each([
    {
      case: "page size 0",
      params: { page: { size: 0 } },
      issues: [{ field: "page.size", rule: "minimum", message: naming("1") }],
    },
    {
      case: "page number 0",
      params: { page: { number: 0 } },
      issues: [{ field: "page.number", rule: "minimum", message: naming("1") }],
    },
    {
      case: "both, and an unknown paging key",
      params: { page: { number: 0, size: 0, offset: 3 } },
      issues: [
        { field: "page.number", rule: "minimum", message: naming("1") },
        { field: "page.size", rule: "minimum", message: naming("1") },
        { field: "page.offset", rule: "additionalProperties", message: naming() },
      ],
    },
    {
      case: "an empty sort",
      params: { sort: [] },
      issues: [{ field: "sort", rule: "minItems", message: naming("1") }],
    },
    {
      case: "a misspelt sort field",
      params: { sort: ["nmae"] },
      issues: [
        {
          field: "sort[0]",
          rule: "enum",
          message: naming("name, -name, createdAt, -createdAt, updatedAt, -updatedAt"),
        },
      ],
    },
    {
      case: "a sort field the list cannot sort by, after a valid one",
      params: { sort: ["name", "-webhookUrl"] },
      issues: [{ field: "sort[1]", rule: "enum", message: naming("name", "-updatedAt") }],
    },
    {
      case: "a sort field in another case",
      params: { sort: ["-CreatedAt"] },
      issues: [{ field: "sort[0]", rule: "enum", message: expect.any(String) }],
    },
    {
      case: "sort as one comma-separated string",
      params: { sort: "-createdAt,name" },
      issues: [{ field: "sort", rule: "type", message: naming("array") }],
    },
    {
      case: "sort as a single field name",
      params: { sort: "name" },
      issues: [{ field: "sort", rule: "type", message: naming("array") }],
    },
    {
      case: "a sort item that is not a string",
      params: { sort: [1] },
      issues: [{ field: "sort[0]", rule: "type", message: naming("string") }],
    },
  ])("list refuses $case and sends nothing", async ({ params, issues }) => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.list(untyped<RecruboListParams>(params)), ValidationError);

    expect(error.issues).toEqual(issues);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("list sends every sort field of the enum, in the order given", async () => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });
    const sort = ["name", "-name", "createdAt", "-createdAt", "updatedAt", "-updatedAt"] satisfies RecruboSortField[];

    await client.organizations.list({ sort });

    expect(fetch).toHaveBeenCalledOnce();
    expect(new URL(fetch.mock.calls[0]![0].url).searchParams.get("sort")).toBe(sort.join(","));
  });

  test("valid arguments are sent", async () => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    await client.organizations.create({
      name: "Test Org",
      webhookUrl: "https://hooks.example.com/recrubo",
      webhookSecret,
    });
    await client.organizations.update(orgId, { webhookUrl: null, webhookSecret: null });
    await client.organizations.list({ page: { number: 1, size: 1 } });
    await client.organizations.get(orgId.toUpperCase());

    expect(fetch.mock.calls.map(([request]) => request.method)).toEqual(["POST", "PATCH", "GET", "GET"]);
  });
});

describe("rules from the spec", () => {
  const blynkApi = apis.find((api) => api.name === "blynk")!;
  let root: string | undefined;

  afterEach(async () => {
    vi.doUnmock("../../generated/blynk.rules.js");
    vi.resetModules();
    if (root) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  /** The Blynk rules module regenerated from a copy of the spec with the search size limit at `maximum`. */
  async function regeneratedRules(maximum: number): Promise<string> {
    root = await mkdtemp(join(tmpdir(), "orgkit-rules-"));
    await cp(join(projectRoot, "openapi"), join(root, "openapi"), { recursive: true });
    const sizeFile = join(root, "openapi/blynk/components/parameters/Size.yaml");
    const spec = await readFile(sizeFile, "utf8");
    expect(spec).toContain("maximum: 1000");
    await writeFile(sizeFile, spec.replace("maximum: 1000", `maximum: ${maximum}`));

    const text = (await render(blynkApi, root)).get("generated/blynk.rules.ts");
    if (text === undefined) throw new Error("the generator rendered no generated/blynk.rules.ts");
    const file = join(root, "blynk.rules.ts");
    await writeFile(file, text);
    return file;
  }

  test("changing a limit in the spec and regenerating changes what the client accepts", async () => {
    const scope = nock(blynkBaseUrl)
      .get("/api/v1/organization/search")
      .query({ query: "a", size: "800" })
      .reply(200, { content: [], totalElements: 0 });
    const { client: committed } = blynkClient({ retry: false });
    await expect(committed.organizations.search({ query: "a", size: 800 })).resolves.toEqual({
      content: [],
      totalElements: 0,
    });
    scope.done();

    const rulesFile = await regeneratedRules(500);
    vi.resetModules();
    vi.doMock("../../generated/blynk.rules.js", (): Promise<Record<string, unknown>> => import(rulesFile));
    // A fresh module graph: the client, and the error classes it throws, load the regenerated rules.
    const regenerated = await import("../../src/index.js");
    const { fetch } = scripted(() => Response.json({ content: [], totalElements: 0 }));
    const client = regenerated.createBlynkClient({ auth: { accessToken }, retry: false, fetch });

    const error = await client.organizations.search({ query: "a", size: 800 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(regenerated.ValidationError);
    expect(error).toMatchObject({ issues: [{ field: "size", rule: "maximum", message: naming("500") }] });
    expect(fetch).not.toHaveBeenCalled();

    await client.organizations.search({ query: "a", size: 500 });
    expect(fetch).toHaveBeenCalledOnce();
  });
});

describe("arguments that would rewrite the request", () => {
  test("unknown top-level query names are refused: the spec's query objects are closed", async () => {
    const { fetch: blynkFetch } = scripted(blynkAnswers);
    const { fetch: recruboFetch } = scripted(recruboAnswers);
    const blynk = blynkClient({ fetch: blynkFetch, retry: false }).client;
    const recrubo = recruboClient({ fetch: recruboFetch, retry: false }).client;

    const search = await rejectionOf(
      blynk.organizations.search(untyped<BlynkSearchParams>({ query: "a", "x&admin": "1" })),
      ValidationError,
    );
    const list = await rejectionOf(
      recrubo.organizations.list(untyped<RecruboListParams>({ include: "users" })),
      ValidationError,
    );

    expect(broken(search)).toEqual([{ field: "x&admin", rule: "additionalProperties" }]);
    expect(broken(list)).toEqual([{ field: "include", rule: "additionalProperties" }]);
    expect(blynkFetch).not.toHaveBeenCalled();
    expect(recruboFetch).not.toHaveBeenCalled();
  });

  test.each(["na]me", "a&b", "a=b", "a#b", "a b", ""])(
    "a Recrubo filter key %j, not an attribute the spec's filter names, is refused before it reaches the URL",
    async (key) => {
      const { fetch } = scripted(recruboAnswers);
      const { client } = recruboClient({ fetch, retry: false });

      const error = await rejectionOf(client.organizations.list({ filter: { [key]: "x" } }), ValidationError);

      expect(broken(error)).toEqual([{ field: `filter.${key}`, rule: "additionalProperties" }]);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  test("a filter value is percent-encoded, so it cannot add a parameter or end the query", async () => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    await client.organizations.list({ filter: { name: "a&page[size]=1#x" } });

    const url = fetch.mock.calls[0]![0].url;
    expect(url).toBe(
      "https://api.recrubo.app/public/v2/management/organizations/?filter[name]=a%26page%5Bsize%5D%3D1%23x",
    );
    expect(new URL(url).searchParams.get("filter[name]")).toBe("a&page[size]=1#x");
  });

  test.each(["constructor", "toString", "valueOf", "__proto__", "hasOwnProperty"])(
    "an own property named %s is an unknown field, not one of Object.prototype's",
    async (name) => {
      const { fetch } = scripted(blynkAnswers);
      const { client } = blynkClient({ fetch, retry: false });
      const organization = untyped<BlynkOrganizationCreate>(
        JSON.parse(`{"name": "Acme Corp", ${JSON.stringify(name)}: "x"}`),
      );

      const error = await rejectionOf(client.organizations.create(organization), ValidationError);

      expect(broken(error)).toEqual([{ field: name, rule: "additionalProperties" }]);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  test("a required field is not found on Object.prototype", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });
    const inherits = Object.create({ name: "Acme Corp" }) as BlynkOrganizationCreate;

    const error = await rejectionOf(client.organizations.create(inherits), ValidationError);

    expect(broken(error)).toEqual([{ field: "name", rule: "required" }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("a 40 MB description is refused for its length alone", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.create({ name: "Acme Corp", description: "<".repeat(40 * 1024 * 1024) }),
      ValidationError,
    );

    // Only the length: the pattern, which would scan all 40 MB, is not tried.
    expect(error.issues).toEqual([{ field: "description", rule: "maxLength", message: naming("1000") }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("lengths count code points at the limit, as JSON Schema does", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });
    const emoji = "\u{1F600}"; // two UTF-16 units, one character

    await client.organizations.create({ name: "Acme Corp", description: emoji.repeat(1000) });
    const error = await rejectionOf(
      client.organizations.create({ name: "Acme Corp", description: emoji.repeat(1001) }),
      ValidationError,
    );

    expect(fetch).toHaveBeenCalledOnce();
    expect(broken(error)).toEqual([{ field: "description", rule: "maxLength" }]);
  });

  test.each([
    {
      case: "a header name with a space",
      headers: { "x trace": "trace-value" },
      field: "headers.x trace",
      rule: "propertyNames",
    },
    {
      case: "a header value with a line break",
      headers: { "x-trace": "trace\r\nx-admin: yes" },
      field: "headers.x-trace",
      rule: "pattern",
    },
    {
      case: "a header value with NUL",
      headers: { "x-trace": "trace\u0000" },
      field: "headers.x-trace",
      rule: "pattern",
    },
    {
      case: "a header value beyond Latin-1",
      headers: { "x-trace": "trace\u2713" },
      field: "headers.x-trace",
      rule: "pattern",
    },
  ])("per-call options with $case are refused without quoting the value", async ({ headers, field, rule }) => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.get(orgId, { headers }), ValidationError);

    expect(broken(error)).toEqual([{ field, rule }]);
    expect(error.message).not.toContain(Object.values(headers)[0]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test.each([
    { option: "timeoutMs", value: 2 ** 31 },
    { option: "timeoutMs", value: Infinity },
    { option: "initialDelayMs", value: 2 ** 31 },
    { option: "maxDelayMs", value: 2 ** 40 },
    { option: "maxRetryAfterMs", value: 2 ** 31 },
  ])(
    "$option above the longest timer delay ($value) is refused, not turned into an immediate timeout",
    ({ option, value }) => {
      const options = option === "timeoutMs" ? { timeoutMs: value } : { retry: { [option]: value } };

      const build = () => createBlynkClient({ auth: { accessToken }, ...options });

      expect(build).toThrow(ValidationError);
      expect(build).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ field: option === "timeoutMs" ? option : `retry.${option}` })],
        }),
      );
    },
  );

  test("a userAgent a header cannot carry is refused when the client is built", () => {
    expect(() => createRecruboClient({ apiKey: partnerKey, userAgent: "acme/1.0\r\nx-admin: yes" })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: "userAgent", rule: "pattern" })] }),
    );
  });

  test("a per-call timeoutMs above the longest timer delay is refused, and one at it is sent", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await rejectionOf(client.organizations.get(7, { timeoutMs: 2 ** 31 }), ValidationError);
    await client.organizations.get(7, { timeoutMs: 2 ** 31 - 1 });

    expect(fetch).toHaveBeenCalledOnce();
  });

  test("a signal that is not an AbortSignal is refused, in calls and in paging", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });
    const signal = untyped<AbortSignal>({ aborted: false });

    const got = await rejectionOf(client.organizations.get(7, { signal }), ValidationError);
    const paged = await rejectionOf(
      client.organizations.items({ query: "a" }, { signal })[Symbol.asyncIterator]().next(),
      ValidationError,
    );

    expect(broken(got)).toEqual([{ field: "signal", rule: "type" }]);
    expect(broken(paged)).toEqual([{ field: "signal", rule: "type" }]);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("arguments found by the property suites", () => {
  test.each([
    {
      case: "a Recrubo filter value",
      call: () =>
        recruboClient({ fetch: scripted(recruboAnswers).fetch, retry: false }).client.organizations.list({
          filter: { name: "a\ud800" },
        }),
      field: "filter.name",
    },
    {
      case: "a Blynk search query",
      call: () =>
        blynkClient({ fetch: scripted(blynkAnswers).fetch, retry: false }).client.organizations.search({
          query: "\udfffacme",
        }),
      field: "query",
    },
  ])("$case with a lone surrogate, which no URL can carry, is refused by field", async ({ call, field }) => {
    const error = await rejectionOf(call(), ValidationError);

    expect(broken(error)).toEqual([{ field, rule: "unicode" }]);
  });

  test.each([
    "https://hooks.example.com/a\r\nb",
    "https://hooks.example.com/a b",
    "https://hooks.example.com/a\\b",
    "https://hooks.example.com/%zz",
    "https://hooks.example.com/]",
  ])("a webhookUrl %j that URL parsing would quietly repair is refused", async (webhookUrl) => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    const error = await rejectionOf(
      client.organizations.create({ name: "Test Org", webhookUrl, webhookSecret }),
      ValidationError,
    );

    expect(broken(error)).toEqual([{ field: "webhookUrl", rule: "format" }]);
    expect(fetch).not.toHaveBeenCalled();
  });

  test.each([
    { case: "a negative page size", params: { page: { size: -1 } }, field: "page.size" },
    { case: "NaN as page size", params: { page: { size: Number.NaN } }, field: "page.size" },
    { case: "a page number, which the pager sets", params: { page: { number: 2 } }, field: "page.number" },
    { case: "null parameters", params: null, field: "argument" },
    { case: "a sort field outside the enum", params: { sort: ["nmae"] }, field: "sort[0]" },
    { case: "an empty sort", params: { sort: [] }, field: "sort" },
  ])("Recrubo paging refuses $case before any request, even with maxItems 0", async ({ params, field }) => {
    const { fetch } = scripted(recruboAnswers);
    const { client } = recruboClient({ fetch, retry: false });

    const all = await rejectionOf(
      collect(client.organizations.items(untyped<RecruboListParams>(params))),
      ValidationError,
    );
    const none = await rejectionOf(
      collect(client.organizations.pages(untyped<RecruboListParams>(params), { maxItems: 0 })),
      ValidationError,
    );

    expect(all.issues.map((issue) => issue.field)).toContain(field);
    expect(none.issues.map((issue) => issue.field)).toContain(field);
    expect(fetch).not.toHaveBeenCalled();
  });

  test("Blynk paging refuses an infinite size and takes null options as none", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    const error = await rejectionOf(
      collect(client.organizations.items({ query: "acme", size: Infinity })),
      ValidationError,
    );
    const items = await collect(client.organizations.items({ query: "acme" }, untyped<undefined>(null)));

    expect(broken(error)).toEqual([{ field: "size", rule: "type" }]);
    expect(items).toEqual([blynkOrganization]);
    expect(fetch).toHaveBeenCalledOnce();
  });

  test("Blynk update refuses options that are not an object instead of spreading them", async () => {
    const { fetch } = scripted(blynkAnswers);
    const { client } = blynkClient({ fetch, retry: false });

    await rejectionOf(
      client.organizations.update({ name: "Acme Corp" }, untyped<{ orgId: number }>("abc")),
      ValidationError,
    );

    expect(fetch).not.toHaveBeenCalled();
  });

  test.each(["Content-Type", "authorization"])(
    "a per-call %s header, which orgkit sets itself, is refused",
    async (name) => {
      const { fetch } = scripted(recruboAnswers);
      const { client } = recruboClient({ fetch, retry: false });

      const error = await rejectionOf(
        client.organizations.get(orgId, { headers: { [name]: "application/x-www-form-urlencoded" } }),
        ValidationError,
      );

      expect(broken(error)).toEqual([{ field: `headers.${name}`, rule: "reserved" }]);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  test("a retry option that is not an object is named retry, with client credentials too", () => {
    expect(() =>
      createBlynkClient({
        auth: { clientId: "oa2-client-id", clientSecret: "cs_secret" },
        retry: untyped<false>("yes"),
      }),
    ).toThrow(
      expect.objectContaining({
        issues: [{ field: "retry", rule: "type", message: naming("object") }],
        message: naming("retry", "nothing was sent"),
      }),
    );
  });
});
