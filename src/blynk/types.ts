import type { components, operations } from "../../generated/blynk.js";

/** An organization. */
export type BlynkOrganization = components["schemas"]["Organization"];
/** One page of search results: `{ content, totalElements }`. */
export type BlynkOrganizationPage = components["schemas"]["OrganizationPage"];
/** The fields of a new organization. */
export type BlynkOrganizationCreate = components["schemas"]["OrganizationCreate"];
/** The new values of an organization. */
export type BlynkOrganizationUpdate = components["schemas"]["OrganizationUpdate"];
/** Search text, sorting and paging. */
export type BlynkSearchParams = operations["searchOrganizations"]["parameters"]["query"];
/** An organization id, a positive integer. */
export type BlynkOrganizationId = components["schemas"]["OrganizationId"];
