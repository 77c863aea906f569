import { type PageSource, type PagingOptions, paginate } from "./pager.js";

/** Items of each page in order; leaving early (`break`, an abort, an error) aborts the requests in flight. */
export function paginateItems<Page, Item extends { id: unknown }>(
  source: PageSource<Page, Item>,
  given: PagingOptions | undefined,
): AsyncIterableIterator<Item> {
  return new PagedItems(source, given ?? {}); // null too, as every method takes it
}

/**
 * Not an async generator, which costs several promises per item of a large export: here an item of
 * the page in hand is one resolved promise; only the step to the next page is asynchronous, and
 * calls made while it runs wait their turn, as a generator's do.
 */
class PagedItems<Page, Item extends { id: unknown }> implements AsyncIterableIterator<Item> {
  readonly #signal: AbortSignal | undefined;
  readonly #batches: AsyncGenerator<readonly Item[]>;
  #batch: Iterator<Item> = [].values();
  #done = false;
  /** Settles when the page being read is in hand; `undefined` when no page is being read. */
  #reading: Promise<void> | undefined;

  constructor(source: PageSource<Page, Item>, options: PagingOptions) {
    this.#signal = options.signal ?? undefined;
    this.#batches = batches(source, options);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Item>> {
    if (this.#reading) return this.#reading.then(() => this.next());
    const item = this.#batch.next();
    if (!item.done) {
      // An abort stops the items of a page already fetched too; the pager sees to the rest.
      if (!this.#signal?.aborted) return Promise.resolve(item);
      const reason: unknown = this.#signal.reason;
      return this.return().then(() => Promise.reject(reason));
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    const read = this.#batches.next().then(
      (result) => {
        if (result.done) this.#done = true;
        // A page read while return() closed the iteration is dropped.
        else if (!this.#done) this.#batch = result.value.values();
      },
      (error: unknown) => {
        this.#done = true;
        throw error;
      },
    );
    const settled = () => (this.#reading = undefined);
    this.#reading = read.then(settled, settled);
    return read.then(() => this.next());
  }

  async return(): Promise<IteratorResult<Item>> {
    this.#done = true;
    this.#batch = [].values();
    await this.#batches.return(undefined);
    return { value: undefined, done: true };
  }
}

/** Each page's items that are still wanted: not past `maxItems`, not repeated under `dedupe`. */
async function* batches<Page, Item extends { id: unknown }>(source: PageSource<Page, Item>, options: PagingOptions) {
  const seen = options.dedupe ? new Set<unknown>() : undefined;
  let taken = 0;
  const remaining = () => (options.maxItems ?? Infinity) - taken;
  for await (const page of paginate(source, options, remaining)) {
    const wanted = wantedOf(source.items(page), seen, remaining());
    taken += wanted.length;
    yield wanted;
    if (remaining() <= 0) return;
  }
}

function wantedOf<Item extends { id: unknown }>(items: readonly Item[], seen: Set<unknown> | undefined, limit: number) {
  if (!seen && items.length <= limit) return items;
  const wanted: Item[] = [];
  for (const item of items) {
    if (wanted.length >= limit) break;
    if (!seen?.has(item.id)) wanted.push(item);
    seen?.add(item.id);
  }
  return wanted;
}
