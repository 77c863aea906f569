import type { ValidationIssue } from "../errors.js";
import { linkSignal } from "../internal/abortable.js";
import { assertValid, check } from "../internal/validation.js";
import type { CallOptions } from "../options.js";

/** How far and how fast `pages()` and `items()` go. */
export interface PagingOptions extends CallOptions {
  /**
   * Pages requested at the same time once the first page has told the total. Pages are still
   * yielded strictly in order, and no more than this many are fetched ahead. @default 1
   */
  concurrency?: number;
  /** Stop after this many items; no page beyond the one holding the last of them is requested. */
  maxItems?: number;
  /** Stop after this many pages; no further page is requested. */
  maxPages?: number;
  /** The page to start from (Recrubo counts from 1, Blynk from 0). */
  startPage?: number;
  /** Skip an item whose `id` was already yielded (data shifting between page requests). @default false */
  dedupe?: boolean;
}

/** What a pager needs to know about one API's paging. */
export interface PageSource<Page, Item> {
  /** Why the caller's parameters cannot be paged through; checked before any page is asked for. */
  issues(): ValidationIssue[];
  /** The lowest page number the API accepts (from the spec). */
  firstPage: number;
  /** The page size asked for; a server may serve fewer, which the pager learns from the first page. */
  pageSize: number;
  fetch(pageNumber: number, options: CallOptions & { signal: AbortSignal }): Promise<Page>;
  items(page: Page): readonly Item[];
  /** Where the pages end, as this page tells it (the spec requires every response to). */
  extent(page: Page): Extent;
}

/** Items still wanted by the consumer; `Infinity` when unlimited. */
type Demand = () => number;

/**
 * Iterates pages in order: one at a time until a page tells where the end is, then up to
 * `concurrency` ahead. The end is decided in one place (`limit`). Leaving early (`break`, an abort,
 * an error) aborts the requests in flight, and their failures are never left unhandled.
 */
export async function* paginate<Page, Item>(
  source: PageSource<Page, Item>,
  given: PagingOptions | undefined,
  demand?: Demand,
): AsyncGenerator<Page> {
  const options = given ?? {}; // null too, as every method takes it
  // The paging fields are the pager's; the rest go to each page's request untouched (a deadline,
  // like a time limit, is each page's own).
  const {
    concurrency = 1,
    maxItems,
    maxPages = Infinity,
    startPage = source.firstPage,
    dedupe,
    signal,
    ...call
  } = options;
  // Every argument is checked before the first page, even when no page is wanted (maxItems 0).
  assertValid(
    source.issues(),
    check(pagingRules(source.firstPage), { concurrency, maxItems, maxPages: options.maxPages, startPage }, ""),
  );

  let itemsYielded = 0;
  const remaining: Demand = demand ?? (() => (maxItems ?? Infinity) - itemsYielded);
  const stop = linkSignal(signal);
  const inFlight = new Map<number, Promise<Page>>();
  let end: PagingEnd = { lastPage: undefined, pageSize: source.pageSize };
  let nextToRequest = startPage;
  let pagesYielded = 0;

  // The highest page worth reading, once `yieldedThrough` is yielded: not past the end, the page
  // cap, or the items still wanted. Paging ends when it is `yieldedThrough` itself.
  const limit = (yieldedThrough: number) =>
    Math.min(
      end.lastPage ?? yieldedThrough + 1,
      startPage + maxPages - 1,
      yieldedThrough + Math.ceil(remaining() / end.pageSize),
    );

  // Each page has a signal of its own, all aborted at once when paging stops: one listener on the
  // paging's signal however many pages are in flight (an EventTarget warns past ten).
  const pageSignals = new Set<AbortController>();
  stop.signal.addEventListener("abort", () => {
    for (const own of pageSignals) own.abort(stop.signal.reason);
  });
  const request = (pageNumber: number) => {
    const own = new AbortController();
    pageSignals.add(own);
    const page = source.fetch(pageNumber, { ...call, signal: own.signal });
    // Awaited in order later, or abandoned on early exit. A settled page's signal has no more to
    // end: it aborts and is let go, so a long export keeps none.
    page
      .catch(() => {})
      .finally(() => {
        pageSignals.delete(own);
        own.abort();
      });
    inFlight.set(pageNumber, page);
  };

  try {
    for (let pageNumber = startPage; ; pageNumber++) {
      signal?.throwIfAborted();
      const window = end.lastPage === undefined ? 1 : concurrency;
      while (inFlight.size < window && nextToRequest <= limit(pageNumber - 1)) request(nextToRequest++);
      const pending = inFlight.get(pageNumber);
      if (!pending) return;

      const page = await pending;
      inFlight.delete(pageNumber);
      const count = source.items(page).length;
      const served = pagesYielded > 0 ? end.pageSize : undefined;
      const extent = source.extent(page);
      end = lastPageAfter({ pageNumber, count, extent }, source.firstPage, source.pageSize, served);
      itemsYielded += count;
      pagesYielded++;
      yield page;
      if (limit(pageNumber) <= pageNumber) return;
    }
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  } finally {
    stop.release();
    stop.abort(undefined);
  }
}

/** Where the pages end as far as the pager knows, and how many items a full page holds. */
export interface PagingEnd {
  lastPage: number | undefined;
  pageSize: number;
}

/** How a page tells where the pages end: the items on all pages, or (Recrubo) the last page's number. */
export type Extent = { total: number } | { lastPage: number };

/**
 * Where paging ends, one rule for both APIs: once the items covered reach the total (or the last
 * page the API names is read), or at a page empty or shorter than those before. Each page tells the
 * end as it stands, so data changing between requests moves it. A server may serve another page
 * size than asked (many cap it): when the first page read cannot be one of the size asked (neither
 * full nor the last, or starting past the total), its count is the size served, and positions count
 * in that; trusting the size asked would end early and silently drop the rest.
 * @param served the page size learned from an earlier page, if one was read
 */
export function lastPageAfter(
  page: { pageNumber: number; count: number; extent: Extent },
  firstPage: number,
  asked: number,
  served: number | undefined,
): PagingEnd {
  const { pageNumber, count, extent } = page;
  const start = (size: number) => (pageNumber - firstPage) * size;
  const isLast = (size: number) =>
    "lastPage" in extent ? pageNumber >= extent.lastPage : start(size) + count >= extent.total;
  // Could this be a page of the size asked for: full, or the last one? A total says a page is the
  // last only when it ends exactly there: a short page ending past it was served at a smaller size.
  const endsLast = "lastPage" in extent ? isLast(asked) : start(asked) + count === extent.total;
  const askedFits = ("lastPage" in extent || start(asked) < extent.total) && (count === asked || endsLast);
  const pageSize = served ?? (count === 0 || askedFits ? asked : count);
  if (count === 0 || count < pageSize || isLast(pageSize)) return { lastPage: pageNumber, pageSize };
  return {
    lastPage: "lastPage" in extent ? extent.lastPage : firstPage + Math.ceil(extent.total / pageSize) - 1,
    pageSize,
  };
}

/** Refuses a page number the caller set, which the pager would silently replace: `startPage` is the option. */
export function setByThePager(value: unknown, field: string): ValidationIssue[] {
  return value === undefined
    ? []
    : [{ field, rule: "pager", message: "is set by the pager; use the startPage option" }];
}

function pagingRules(firstPage: number) {
  return {
    type: "object",
    properties: {
      concurrency: { type: "integer", minimum: 1 },
      maxItems: { type: "integer", minimum: 0 },
      maxPages: { type: "integer", minimum: 0 },
      startPage: { type: "integer", minimum: firstPage },
    },
  } as const;
}
