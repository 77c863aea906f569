import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { rules as recruboRules } from "../../generated/recrubo.rules.js";
import type { BlynkClient, RecruboClient } from "../../src/index.js";
import type { JsonSchema, Path } from "./schemas.js";
import { type ApiName, type Operation, querySchema, requestBodySchema, type Specs, specAllows } from "./spec.js";
import { drain } from "./support.js";

// Every facade operation of both clients, Recrubo's organization-key `organization` included: its
// positional arguments (each generated from and broken against its rule in generated/*.rules.ts,
// and judged by the spec), its options argument, how to call it, and the request it must send.

export interface Argument {
  /** What the facade calls this argument in issues; "" when its members are named at top level. */
  field: string;
  /** The rule the client checks it with, from generated/*.rules.ts. */
  rule: JsonSchema;
  /** The spec's verdict on a value of this argument (ajv over the bundled spec). */
  allowed(specs: Specs, value: unknown): boolean;
  /** Members the caller does not set (the pager sets them). */
  omit?: Path[];
  /** The argument may be left out (Blynk's update `orgId`, an option). */
  optional?: boolean;
}

/** What a call should put on the wire. */
export interface ExpectedRequest {
  operationId: string;
  pathParameters: Record<string, string>;
  query: Record<string, unknown>;
  /** The JSON body, when the operation sends one. */
  body?: unknown;
}

export type Client = RecruboClient | BlynkClient;

export interface FacadeOperation {
  api: ApiName;
  name: string;
  /** The spec operation it calls. */
  operationId: string;
  args: Argument[];
  /** `paging` for pages() and items(), whose options say how far to go. */
  options: "call" | "paging";
  /** `pages` and `items` walk pages: their answer is a page, their result a list. */
  paging?: "pages" | "items";
  invoke(client: Client, args: readonly unknown[], options: unknown): Promise<unknown>;
  /** The request for valid `args` (the first request, for the pagers, starting at `startPage`). */
  request(args: readonly unknown[], startPage: number | undefined): ExpectedRequest;
  /**
   * A request the call sends before `request` when `when(args)`: the organization-key update
   * without `id` first reads the list to learn it. `learn` gives the arguments `request` is then
   * made of, from that answer.
   */
  reads?: {
    operationId: string;
    when(args: readonly unknown[]): boolean;
    learn(args: readonly unknown[], answer: unknown): unknown[];
  };
}

// The facade's methods are called with whatever the test generated: the types forbid most of it.
type Loose = (...args: unknown[]) => unknown;
const method = (client: Client, name: string): Loose => {
  const organizations = client.organizations as unknown as Record<string, Loose>;
  return organizations[name]!.bind(organizations);
};

const callArgs = (args: readonly unknown[], options: unknown) =>
  options === undefined ? [...args] : [...args, options];

// The organization-key facade, `organization`, of a Recrubo client.
const ownMethod = (client: Client, name: "get" | "update"): Loose => {
  if (!("organization" in client)) throw new Error("the organization-key facade is Recrubo's");
  const organization = client.organization as unknown as Record<string, Loose>;
  return organization[name]!.bind(organization);
};

const plain = (name: string) => (client: Client, args: readonly unknown[], options: unknown) =>
  Promise.resolve(method(client, name)(...callArgs(args, options)));
const walked = (name: "pages" | "items") => (client: Client, args: readonly unknown[], options: unknown) =>
  drain(method(client, name)(...callArgs(args, options)) as AsyncIterable<unknown>);

const recrubo = {
  list: recruboRules.listOrganizations,
  id: recruboRules.getOrganization.path.properties.id,
  create: recruboRules.createOrganization.body.properties.data.properties.attributes,
  update: recruboRules.updateOrganization.body.properties.data.properties.attributes,
  updateOwn: recruboRules.updateOwnOrganization.body.properties.data.properties.attributes,
};

function specParameter(specs: Specs, api: ApiName, operationId: string, name: string): JsonSchema {
  const parameter = specs.operation(api, operationId).parameters.find((candidate) => candidate.name === name);
  if (!parameter) throw new Error(`${operationId} has no parameter ${name}`);
  return parameter.schema;
}

const bodyAllows =
  (api: ApiName, operationId: string, wrap: (value: unknown) => unknown) => (specs: Specs, value: unknown) =>
    specAllows(requestBodySchema(specs.operation(api, operationId)).schema, wrap(value));

const queryAllows = (api: ApiName, operationId: string) => (specs: Specs, value: unknown) =>
  specAllows(querySchema(specs.operation(api, operationId)), value);

const recruboId = (operationId: string, name: string, rule: JsonSchema): Argument => ({
  field: "id",
  rule,
  allowed: (specs, value) => specAllows(specParameter(specs, "recrubo", operationId, name), value),
});

// A valid id to wrap update attributes in, for the spec's verdict on the attributes alone.
const someUuid = "303f151b-3f33-4ddd-9779-eb522f7225a9";

const recruboListArgument: Argument = {
  field: "",
  rule: recrubo.list.query,
  allowed: queryAllows("recrubo", "listOrganizations"),
};
// pages() and items() set page[number] themselves: the caller's page.number is neither generated nor broken.
const recruboPagingArgument: Argument = { ...recruboListArgument, omit: [["page", "number"]] };

const memberPath = (id: unknown) => ({ id: String(id) });

function recruboPage(args: readonly unknown[], startPage: number | undefined): ExpectedRequest {
  const params = (args[0] ?? {}) as Record<string, unknown>;
  const page = { ...(params["page"] as Record<string, unknown> | undefined), number: startPage ?? 1 };
  return { operationId: "listOrganizations", pathParameters: {}, query: { ...params, page } };
}

export const recruboOperations: FacadeOperation[] = [
  {
    api: "recrubo",
    name: "list",
    operationId: "listOrganizations",
    args: [recruboListArgument],
    options: "call",
    invoke: plain("list"),
    request: ([params]) => ({
      operationId: "listOrganizations",
      pathParameters: {},
      query: (params ?? {}) as Record<string, unknown>,
    }),
  },
  {
    api: "recrubo",
    name: "get",
    operationId: "getOrganization",
    args: [recruboId("getOrganization", "id", recrubo.id)],
    options: "call",
    invoke: plain("get"),
    request: ([id]) => ({ operationId: "getOrganization", pathParameters: memberPath(id), query: {} }),
  },
  {
    api: "recrubo",
    name: "create",
    operationId: "createOrganization",
    args: [
      {
        field: "",
        rule: recrubo.create,
        allowed: bodyAllows("recrubo", "createOrganization", (attributes) => ({
          data: { type: "organizations", attributes },
        })),
      },
    ],
    options: "call",
    invoke: plain("create"),
    request: ([attributes]) => ({
      operationId: "createOrganization",
      pathParameters: {},
      query: {},
      body: { data: { type: "organizations", attributes } },
    }),
  },
  {
    api: "recrubo",
    name: "update",
    operationId: "updateOrganization",
    args: [
      recruboId("updateOrganization", "id", recruboRules.updateOrganization.path.properties.id),
      {
        field: "",
        rule: recrubo.update,
        allowed: bodyAllows("recrubo", "updateOrganization", (attributes) => ({
          data: { id: someUuid, type: "organizations", attributes },
        })),
      },
    ],
    options: "call",
    invoke: plain("update"),
    request: ([id, attributes]) => ({
      operationId: "updateOrganization",
      pathParameters: memberPath(id),
      query: {},
      body: { data: { id, type: "organizations", attributes } },
    }),
  },
  {
    api: "recrubo",
    name: "delete",
    operationId: "deleteOrganization",
    args: [recruboId("deleteOrganization", "id", recruboRules.deleteOrganization.path.properties.id)],
    options: "call",
    invoke: plain("delete"),
    request: ([id]) => ({ operationId: "deleteOrganization", pathParameters: memberPath(id), query: {} }),
  },
  {
    api: "recrubo",
    name: "refreshToken",
    operationId: "refreshOrganizationToken",
    args: [
      recruboId(
        "refreshOrganizationToken",
        "organizationId",
        recruboRules.refreshOrganizationToken.path.properties.organizationId,
      ),
    ],
    options: "call",
    invoke: plain("refreshToken"),
    request: ([id]) => ({
      operationId: "refreshOrganizationToken",
      pathParameters: { organizationId: String(id) },
      query: {},
    }),
  },
  {
    api: "recrubo",
    name: "organization.get",
    operationId: "listOwnOrganizations",
    args: [],
    options: "call",
    invoke: (client, args, options) => Promise.resolve(ownMethod(client, "get")(...callArgs(args, options))),
    request: () => ({ operationId: "listOwnOrganizations", pathParameters: {}, query: {} }),
  },
  {
    api: "recrubo",
    name: "organization.update",
    operationId: "updateOwnOrganization",
    args: [
      {
        field: "",
        rule: recrubo.updateOwn,
        allowed: bodyAllows("recrubo", "updateOwnOrganization", (attributes) => ({
          data: { type: "organizations", attributes },
        })),
      },
      // Given in the options argument: update(attributes, { id, ...callOptions }).
      {
        ...recruboId("updateOwnOrganization", "id", recruboRules.updateOwnOrganization.path.properties.id),
        optional: true,
      },
    ],
    options: "call",
    invoke: (client, [attributes, id], options) => {
      const update = ownMethod(client, "update");
      if (id === undefined)
        return Promise.resolve(options === undefined ? update(attributes) : update(attributes, options));
      return Promise.resolve(update(attributes, { ...(options as object | undefined), id }));
    },
    // The client sends data.id although the spec lets it out.
    request: ([attributes, id]) => ({
      operationId: "updateOwnOrganization",
      pathParameters: memberPath(id),
      query: {},
      body: { data: { id, type: "organizations", attributes } },
    }),
    reads: {
      operationId: "listOwnOrganizations",
      when: ([, id]) => id === undefined,
      learn: ([attributes], answer) => [attributes, (answer as { data: Array<{ id: unknown }> }).data[0]?.id],
    },
  },
  {
    api: "recrubo",
    name: "pages",
    operationId: "listOrganizations",
    args: [recruboPagingArgument],
    options: "paging",
    paging: "pages",
    invoke: walked("pages"),
    request: recruboPage,
  },
  {
    api: "recrubo",
    name: "items",
    operationId: "listOrganizations",
    args: [recruboPagingArgument],
    options: "paging",
    paging: "items",
    invoke: walked("items"),
    request: recruboPage,
  },
];

const blynkOrgId = (operationId: string, rule: JsonSchema, optional = false): Argument => ({
  field: "orgId",
  rule,
  allowed: (specs, value) => specAllows(specParameter(specs, "blynk", operationId, "orgId"), value),
  ...(optional ? { optional } : {}),
});

const blynkSearchArgument: Argument = {
  field: "",
  rule: blynkRules.searchOrganizations.query,
  allowed: queryAllows("blynk", "searchOrganizations"),
};
// pages() and items() set `page` themselves.
const blynkPagingArgument: Argument = {
  field: "",
  rule: blynkRules.searchOrganizations.query,
  omit: [["page"]],
  allowed: (specs, value) => specAllows(querySchema(specs.operation("blynk", "searchOrganizations")), value),
};

function blynkPage(args: readonly unknown[], startPage: number | undefined): ExpectedRequest {
  const params = (args[0] ?? {}) as Record<string, unknown>;
  return { operationId: "searchOrganizations", pathParameters: {}, query: { ...params, page: startPage ?? 0 } };
}

export const blynkOperations: FacadeOperation[] = [
  {
    api: "blynk",
    name: "profile",
    operationId: "getOrganizationProfile",
    args: [],
    options: "call",
    invoke: plain("profile"),
    request: () => ({ operationId: "getOrganizationProfile", pathParameters: {}, query: {} }),
  },
  {
    api: "blynk",
    name: "get",
    operationId: "getOrganization",
    args: [blynkOrgId("getOrganization", blynkRules.getOrganization.query.properties.orgId)],
    options: "call",
    invoke: plain("get"),
    request: ([orgId]) => ({ operationId: "getOrganization", pathParameters: {}, query: { orgId } }),
  },
  {
    api: "blynk",
    name: "search",
    operationId: "searchOrganizations",
    args: [blynkSearchArgument],
    options: "call",
    invoke: plain("search"),
    request: ([params]) => ({
      operationId: "searchOrganizations",
      pathParameters: {},
      query: params as Record<string, unknown>,
    }),
  },
  {
    api: "blynk",
    name: "create",
    operationId: "createOrganization",
    args: [
      {
        field: "",
        rule: blynkRules.createOrganization.body,
        allowed: bodyAllows("blynk", "createOrganization", (body) => body),
      },
    ],
    options: "call",
    invoke: plain("create"),
    request: ([body]) => ({ operationId: "createOrganization", pathParameters: {}, query: {}, body }),
  },
  {
    api: "blynk",
    name: "update",
    operationId: "updateOrganization",
    args: [
      {
        field: "",
        rule: blynkRules.updateOrganization.body,
        allowed: bodyAllows("blynk", "updateOrganization", (body) => body),
      },
      // Given in the options argument: update(organization, { orgId, ...callOptions }).
      blynkOrgId("updateOrganization", blynkRules.updateOrganization.query.properties.orgId, true),
    ],
    options: "call",
    invoke: (client, [body, orgId], options) => {
      const update = method(client, "update");
      if (orgId === undefined) return Promise.resolve(options === undefined ? update(body) : update(body, options));
      return Promise.resolve(update(body, { ...(options as object | undefined), orgId }));
    },
    request: ([body, orgId]) => ({
      operationId: "updateOrganization",
      pathParameters: {},
      query: orgId === undefined ? {} : { orgId },
      body,
    }),
  },
  {
    api: "blynk",
    name: "delete",
    operationId: "deleteOrganization",
    args: [blynkOrgId("deleteOrganization", blynkRules.deleteOrganization.query.properties.orgId)],
    options: "call",
    invoke: plain("delete"),
    request: ([orgId]) => ({ operationId: "deleteOrganization", pathParameters: {}, query: { orgId } }),
  },
  {
    api: "blynk",
    name: "pages",
    operationId: "searchOrganizations",
    args: [blynkPagingArgument],
    options: "paging",
    paging: "pages",
    invoke: walked("pages"),
    request: blynkPage,
  },
  {
    api: "blynk",
    name: "items",
    operationId: "searchOrganizations",
    args: [blynkPagingArgument],
    options: "paging",
    paging: "items",
    invoke: walked("items"),
    request: blynkPage,
  },
];

export const allOperations = [...recruboOperations, ...blynkOperations];

/** The first page number of each API's pager, from the spec's rules. */
export const firstPage = {
  recrubo: recruboRules.listOrganizations.query.properties.page.properties.number.minimum,
  blynk: blynkRules.searchOrganizations.query.properties.page.minimum,
} as const;

export function operationOf(specs: Specs, operation: FacadeOperation): Operation {
  return specs.operation(operation.api, operation.operationId);
}
