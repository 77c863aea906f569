import type { components, operations } from "../../generated/blynk.js";

// For the API reference: `@interface` makes TypeDoc list a schema's fields, with the spec's
// descriptions, and `@useDeclaredType` show the type itself, rather than the generated index path.
/** An organization. @interface */
export type BlynkOrganization = components["schemas"]["Organization"];
/** One page of search results: `{ content, totalElements }`. @interface */
export type BlynkOrganizationPage = components["schemas"]["OrganizationPage"];
/** The fields of a new organization. @interface */
export type BlynkOrganizationCreate = components["schemas"]["OrganizationCreate"];
/** The new values of an organization. @interface */
export type BlynkOrganizationUpdate = components["schemas"]["OrganizationUpdate"];
/** Search text, sorting and paging. @interface */
export type BlynkSearchParams = operations["searchOrganizations"]["parameters"]["query"];
/** An organization id, a positive integer. @useDeclaredType */
export type BlynkOrganizationId = components["schemas"]["OrganizationId"];
/** Search parameters for `pages()` and `items()`: the pager sets `page`. */
export type BlynkPagingParams = Omit<BlynkSearchParams, "page">;
