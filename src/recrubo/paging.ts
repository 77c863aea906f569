import { rules } from "../../generated/recrubo.rules.js";
import type { CallOptions } from "../internal/client-core.js";
import type { PageSource } from "../paging/pager.js";
import type { RecruboListParams, RecruboOrganization, RecruboOrganizationList } from "./client.js";

/** List parameters for `pages()` and `items()`: the pager sets the page number. */
export type RecruboPagingParams = Omit<RecruboListParams, "page"> & { page?: Omit<NonNullable<RecruboListParams["page"]>, "number"> };

const pageRules = rules.listOrganizations.query.properties.page.properties;

/** Recrubo pages: `page[number]` from 1, ending at `meta.maxPage` (or at an empty or short page without `meta`). */
export function recruboPageSource(
  list: (params: RecruboListParams, options: CallOptions) => Promise<RecruboOrganizationList>,
  params: RecruboPagingParams,
): PageSource<RecruboOrganizationList, RecruboOrganization> {
  return {
    firstPage: pageRules.number.minimum,
    pageSize: params.page?.size ?? pageRules.size.default,
    fetch: (number, options) => list({ ...params, page: { ...params.page, number } }, options),
    items: (document) => document.data,
    // `meta` is documented, but a proxy or an older deployment may drop it.
    lastPage: (document) => document.meta?.maxPage,
  };
}
