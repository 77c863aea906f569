import type { ValidationIssue } from "../errors.js";
import { linkSignal } from "../internal/abortable.js";
import { assertValid, check } from "../internal/validation.js";
import type { CallOptions } from "../options.js";

/** How far and how fast `pages()` and `items()` go. */
export interface PagingOptions extends CallOptions {
  /** Pages fetched at once after the first page has told the total; still yielded in order. @default 1 */
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
  firstPage: number;
  /** The page size asked for; a server may serve fewer, which the pager learns from the first page. */
  pageSize: number;
  fetch(pageNumber: number, options: CallOptions & { signal: AbortSignal }): Promise<Page>;
  items(page: Page): readonly Item[];
  /** Where the pages end, as this page tells it (the spec requires every response to). */
  extent(page: Page): Extent;
}

/**
 * Iterates pages in order: one at a time until a page tells where the end is, then up to `concurrency` ahead.
 * Leaving early (`break`, an abort, an error) aborts the requests in flight, their failures never unhandled.
 * @param demand items still wanted by the consumer, `Infinity` when unlimited
 */
export async function* paginate<Page, Item>(
  source: PageSource<Page, Item>,
  given: PagingOptions | undefined,
  demand?: () => number,
): AsyncGenerator<Page> {
  // `given` may be null, as every method takes it. `call` goes to each page's request: a deadline is each page's own.
  const { concurrency = 1, maxItems, maxPages, startPage = source.firstPage, dedupe, signal, ...call } = given ?? {};
  const rules = {
    type: "object",
    properties: {
      concurrency: { type: "integer", minimum: 1 },
      maxItems: { type: "integer", minimum: 0 },
      maxPages: { type: "integer", minimum: 0 },
      startPage: { type: "integer", minimum: source.firstPage },
    },
  } as const;
  // Every argument is checked before the first page, even when no page is wanted (maxItems 0).
  assertValid(source.issues(), check(rules, { concurrency, maxItems, maxPages, startPage }, ""));
  let itemsYielded = 0;
  const remaining = demand ?? (() => (maxItems ?? Infinity) - itemsYielded);
  const inFlight = new Map<number, Promise<Page>>();
  let end: PagingEnd = { lastPage: undefined, pageSize: source.pageSize };
  let nextToRequest = startPage;
  // The one place the end is decided: the highest page worth reading once `yieldedThrough` is yielded (not past
  // the end, the page cap or the items still wanted). Paging ends when it is `yieldedThrough` itself.
  const limit = (yieldedThrough: number) =>
    Math.min(
      end.lastPage ?? yieldedThrough + 1,
      startPage + (maxPages ?? Infinity) - 1,
      yieldedThrough + Math.ceil(remaining() / end.pageSize),
    );
  // Each page has a signal of its own, all aborted at once when paging stops: one listener on the
  // paging's signal however many pages are in flight (an EventTarget warns past ten).
  const pageSignals = new Set<AbortController>();
  const stop = linkSignal(signal, (reason) => {
    for (const own of pageSignals) own.abort(reason);
  });
  const request = (pageNumber: number) => {
    const own = new AbortController();
    pageSignals.add(own);
    const page = source.fetch(pageNumber, { ...call, signal: own.signal });
    // Awaited in order later, or abandoned on early exit; a settled page's signal is let go.
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
      const served = pageNumber > startPage ? end.pageSize : undefined;
      const extent = source.extent(page);
      end = lastPageAfter({ pageNumber, count, extent }, source.firstPage, source.pageSize, served);
      itemsYielded += count;
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
 * Where paging ends, for both APIs: once the items covered reach the total (or the last page named is read), or
 * at a page empty or shorter than those before; each page tells the end as it stands. A server may serve another
 * page size than asked (many cap it): when the first page read cannot be of the size asked (neither full nor the
 * last, or past the total), its count is the size served; trusting the size asked would end early and drop the rest.
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
export const setByThePager = (value: unknown, field: string): ValidationIssue[] =>
  value === undefined ? [] : [{ field, rule: "pager", message: "is set by the pager; use the startPage option" }];
