import { rules } from "../../generated/recrubo.rules.js";
import { check } from "../internal/validation.js";
import type { CallOptions } from "../options.js";
import { type PageSource, setByThePager } from "../paging/pager.js";
import type { RecruboListParams, RecruboOrganization, RecruboOrganizationList } from "./types.js";

/** List parameters for `pages()` and `items()`: the pager sets the page number. */
export type RecruboPagingParams = Omit<RecruboListParams, "page"> & {
  page?: Omit<NonNullable<RecruboListParams["page"]>, "number">;
};

/** Recrubo pages: `page[number]` from 1, up to `meta.maxPage`. */
export function recruboPageSource(
  list: (params: RecruboListParams, options: CallOptions) => Promise<RecruboOrganizationList>,
  params: RecruboPagingParams,
): PageSource<RecruboOrganizationList, RecruboOrganization> {
  const pageRules = rules.listOrganizations.query.properties.page.properties;
  return {
    issues: () => [
      ...check(rules.listOrganizations.query, params, ""),
      ...setByThePager((params as RecruboListParams | undefined)?.page?.number, "page.number"),
    ],
    firstPage: pageRules.number.minimum,
    // Read before the parameters are checked, so as little as possible is assumed of them.
    pageSize: params?.page?.size ?? pageRules.size.default,
    fetch: (number, options) => list({ ...params, page: { ...params.page, number } }, options),
    items: (document) => document.data,
    // The server counts its pages in the size it serves, so its last page is the one to trust.
    extent: (document) => ({ lastPage: document.meta.maxPage }),
  };
}
