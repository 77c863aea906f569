import type { components, operations } from "../../generated/recrubo.js";

/** An organization, as a JSON:API resource object. */
export type RecruboOrganization = components["schemas"]["Organization"];
/** One page of organizations: `{ data, meta }`. */
export type RecruboOrganizationList = components["schemas"]["OrganizationListDocument"];
/** Paging, filters and sort of the list operation. */
export type RecruboListParams = NonNullable<operations["listOrganizations"]["parameters"]["query"]>;
/** The attributes a new organization is created with. */
export type RecruboCreateAttributes = components["schemas"]["OrganizationCreateDocument"]["data"]["attributes"];
/** The attributes an update changes. */
export type RecruboUpdateAttributes = components["schemas"]["OrganizationUpdateDocument"]["data"]["attributes"];
/** A `sort` field: an attribute, descending with a leading `-`. */
export type RecruboSortField = components["schemas"]["OrganizationSortField"];
/** An organization id, a UUID. */
export type RecruboOrganizationId = components["schemas"]["Uuid"];
