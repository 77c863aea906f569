import { rules } from "../../generated/blynk.rules.js";
import { check } from "../internal/validation.js";
import type { CallOptions } from "../options.js";
import { type PageSource, setByThePager } from "../paging/pager.js";
import type { BlynkOrganization, BlynkOrganizationPage, BlynkSearchParams } from "./types.js";

/** Search parameters for `pages()` and `items()`: the pager sets `page`. */
export type BlynkPagingParams = Omit<BlynkSearchParams, "page">;

/** Blynk pages: `page` from 0, `totalElements` items in all. */
export function blynkPageSource(
  search: (params: BlynkSearchParams, options: CallOptions) => Promise<BlynkOrganizationPage>,
  params: BlynkPagingParams,
): PageSource<BlynkOrganizationPage, BlynkOrganization> {
  const searchRules = rules.searchOrganizations.query.properties;
  // Read before the parameters are checked, so as little as possible is assumed of them.
  const pageSize = params?.size ?? searchRules.size.default;
  return {
    issues: () => [
      ...check(rules.searchOrganizations.query, params, ""),
      ...setByThePager((params as BlynkSearchParams | undefined)?.page, "page"),
    ],
    firstPage: searchRules.page.minimum,
    pageSize,
    fetch: (page, options) => search({ ...params, page }, options),
    items: (result) => result.content,
    extent: (result) => ({ total: result.totalElements }),
  };
}
