import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { collect } from "../../src/paging/collect.js";
import { paginateItems } from "../../src/paging/items.js";
import type { PageSource } from "../../src/paging/pager.js";
import { Gate } from "../support/gate.js";
import { ids, type Page, source } from "../support/page-source.js";

type Item = { id: number };

/** The source, with each page held by `gate` and the signal each page was fetched under kept. */
function gated(count: number, size = 10) {
  const { pages, fetched } = source(count, size);
  const gate = new Gate();
  const signals: AbortSignal[] = [];
  const held: PageSource<Page, Item> = {
    ...pages,
    fetch: async (number, options) => {
      signals.push(options.signal);
      const page = await pages.fetch(number, options);
      await gate.hold(number);
      return page;
    },
  };
  return { pages: held, fetched, gate, signals };
}

describe("paginateItems", () => {
  test("yields items in order, stopping exactly at maxItems", async () => {
    const { pages } = source(25);

    expect(ids(await collect(paginateItems(pages, { maxItems: 12 })))).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
  });

  test("with dedupe, skips an id already yielded; without it, yields it again", async () => {
    const repeated: PageSource<Page, Item> = {
      ...source(20).pages,
      fetch: async (number) => ({ items: number === 0 ? [{ id: 1 }, { id: 2 }] : [{ id: 2 }, { id: 3 }], total: 4 }),
      pageSize: 2,
    };

    expect(ids(await collect(paginateItems(repeated, { dedupe: true })))).toEqual([1, 2, 3]);
    expect(ids(await collect(paginateItems(repeated, {})))).toEqual([1, 2, 2, 3]);
  });

  test("fetches nothing until the first item is asked for, and refuses bad options then", async () => {
    const { pages, fetched } = source(25);

    const items = paginateItems(pages, { concurrency: 0 });
    expect(fetched).toEqual([]);

    await expect(items.next()).rejects.toBeInstanceOf(ValidationError);
    expect(fetched).toEqual([]);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  test("calls made before the earlier ones settle get every item once, in order, across pages", async () => {
    const { pages } = source(25, 4);
    const items = paginateItems(pages, { concurrency: 2 });

    const results = await Promise.all(Array.from({ length: 27 }, () => items.next()));

    expect(results.slice(0, 25).map((result) => result.value?.id)).toEqual(
      Array.from({ length: 25 }, (_, index) => index + 1),
    );
    expect(results.slice(25)).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
  });

  test("a page that fails rejects the call waiting for it; the calls queued behind it end the iteration", async () => {
    const { pages } = source(25);
    const failure = new Error("page 1 failed");
    const failing: PageSource<Page, Item> = {
      ...pages,
      fetch: (number, options) => (number === 1 ? Promise.reject(failure) : pages.fetch(number, options)),
    };
    const items = paginateItems(failing, {});

    const results = await Promise.allSettled(Array.from({ length: 12 }, () => items.next()));

    expect(results.slice(0, 10).map((result) => result.status)).toEqual(Array(10).fill("fulfilled"));
    expect(results[10]).toEqual({ status: "rejected", reason: failure });
    expect(results[11]).toEqual({ status: "fulfilled", value: { value: undefined, done: true } });
  });

  test("an abort between the items of a page in hand rejects with its reason and aborts the pages in flight", async () => {
    const { pages, gate, signals } = gated(50);
    const controller = new AbortController();
    const reason = new Error("stop");
    gate.release(0, 1);
    const items = paginateItems(pages, { concurrency: 3, signal: controller.signal });

    for (let read = 0; read < 11; read++) await items.next(); // page 0, and the first item of page 1
    expect(signals).toHaveLength(4); // pages 2 and 3 are still held
    controller.abort(reason);

    await expect(items.next()).rejects.toBe(reason);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true, true, true]);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  test("return() ends the iteration and aborts the pages in flight; nothing more is fetched", async () => {
    const { pages, gate, signals, fetched } = gated(50);
    gate.release(0, 1);
    const items = paginateItems(pages, { concurrency: 2 });

    for (let read = 0; read < 11; read++) await items.next(); // page 2 is still held
    await expect(items.return!()).resolves.toEqual({ value: undefined, done: true });

    expect(fetched).toEqual([0, 1, 2]);
    expect(signals.at(-1)?.aborted).toBe(true);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
    expect(fetched).toEqual([0, 1, 2]);
  });

  test("return() while a page is being read drops that page", async () => {
    const { pages, gate } = gated(50);
    const items = paginateItems(pages, {});

    const first = items.next();
    const closed = items.return!();
    gate.release(0);

    await expect(first).resolves.toEqual({ value: undefined, done: true });
    await expect(closed).resolves.toEqual({ value: undefined, done: true });
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  test("is its own async iterator, so it can be iterated once from where it stands", async () => {
    const { pages } = source(5);
    const items = paginateItems(pages, {});

    await items.next();

    expect(items[Symbol.asyncIterator]()).toBe(items);
    expect(ids(await collect(items))).toEqual([2, 3, 4, 5]);
  });
});
