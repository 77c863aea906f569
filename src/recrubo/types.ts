import type { components, operations } from "../../generated/recrubo.js";

// For the API reference: `@interface` makes TypeDoc list a schema's fields, with the spec's
// descriptions, and `@useDeclaredType` show the type itself, rather than the generated index path.
/** An organization, as a JSON:API resource object. @interface */
export type RecruboOrganization = components["schemas"]["Organization"];
/** One page of organizations: `{ data, meta }`. @interface */
export type RecruboOrganizationList = components["schemas"]["OrganizationListDocument"];
/** Paging, filters and sort of the list operation. @interface */
export type RecruboListParams = NonNullable<operations["listOrganizations"]["parameters"]["query"]>;
/** The attributes a new organization is created with. @interface */
export type RecruboCreateAttributes = components["schemas"]["OrganizationCreateDocument"]["data"]["attributes"];
/** The attributes an update changes. @interface */
export type RecruboUpdateAttributes = components["schemas"]["OrganizationUpdateDocument"]["data"]["attributes"];
/** A `sort` field: an attribute, descending with a leading `-`. @useDeclaredType */
export type RecruboSortField = components["schemas"]["OrganizationSortField"];
/** An organization id, a UUID. @useDeclaredType */
export type RecruboOrganizationId = components["schemas"]["Uuid"];
/** List parameters for `pages()` and `items()`: the pager sets the page number. */
export type RecruboPagingParams = Omit<RecruboListParams, "page"> & {
  page?: Omit<NonNullable<RecruboListParams["page"]>, "number">;
};
