import type { Operation } from "../internal/facade.js";

/** `blynk.organizations`: each method, the spec's operation it performs and where its arguments go. */
export const organizations = {
  profile: { operationId: "getOrganizationProfile", args: [] },
  get: { operationId: "getOrganization", args: [{ name: "orgId", in: "query", key: "orgId" }] },
  search: {
    operationId: "searchOrganizations",
    args: [{ in: "query" }],
    paging: {
      page: ["page"],
      size: ["size"],
      items: ["content"],
      end: { total: ["totalElements"] },
      methods: { items: "items", pages: "pages" },
    },
  },
  create: { operationId: "createOrganization", args: [{ in: "body" }] },
  update: {
    operationId: "updateOrganization",
    args: [{ in: "body" }],
    options: [{ name: "orgId", in: "query", key: "orgId" }],
  },
  delete: { operationId: "deleteOrganization", args: [{ name: "orgId", in: "query", key: "orgId" }] },
} as const satisfies Record<string, Operation>;

/** The token endpoint, which the client calls itself: no facade method. */
export const tokenEndpoint = { operationId: "requestAccessToken", args: [] } as const satisfies Operation;
