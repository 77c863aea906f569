import type { Operation } from "../internal/facade.js";

// JSON:API documents: a resource's attributes go in as `data.attributes` (the client builds the
// document around them) and the resource comes out as `data`.
const attributes = { in: "body", at: ["data", "attributes"] } as const;

/** `recrubo.organizations`, on the management routes: each method, its operation and where its arguments go. */
export const organizations = {
  list: {
    operationId: "listOrganizations",
    args: [{ in: "query" }],
    paging: {
      page: ["page", "number"],
      size: ["page", "size"],
      items: ["data"],
      // The server counts its pages in the size it serves, so its last page is the one to trust.
      end: { lastPage: ["meta", "maxPage"] },
      methods: { items: "items", pages: "pages" },
    },
  },
  get: { operationId: "getOrganization", args: [{ name: "id", in: "path", key: "id" }], result: ["data"] },
  create: { operationId: "createOrganization", args: [attributes], result: ["data"] },
  update: {
    operationId: "updateOrganization",
    args: [{ name: "id", in: "path", key: "id" }, attributes],
    result: ["data"],
  },
  delete: { operationId: "deleteOrganization", args: [{ name: "id", in: "path", key: "id" }] },
  refreshToken: {
    operationId: "refreshOrganizationToken",
    args: [{ name: "id", in: "path", key: "organizationId" }],
    result: ["data"],
  },
} as const satisfies Record<string, Operation>;

/** `recrubo.organization`, on the standard routes: what an organization's own key may do. */
export const organization = {
  // The list route holds the key's own organization alone (the spec's shape says exactly one).
  get: { operationId: "listOwnOrganizations", args: [], result: ["data", 0] },
  update: {
    operationId: "updateOwnOrganization",
    args: [attributes],
    // Without an id, the organization is read first: one more request.
    options: [{ name: "id", in: "path", key: "id", fallback: { method: "get", field: "id" } }],
    result: ["data"],
  },
} as const satisfies Record<string, Operation>;
