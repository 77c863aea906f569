import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/errors.js";
import type { CallOptions } from "../../src/options.js";
import { collect } from "../../src/paging/collect.js";
import { type PageSource, paginate, setByThePager } from "../../src/paging/pager.js";
import { naming } from "../support/messages.js";
import { type Page, source } from "../support/page-source.js";

describe("paginate", () => {
  test("walks every page once, in order, and stops at the last", async () => {
    const { pages, fetched } = source(25);

    const read = await collect(paginate(pages, {}));

    expect(read.map((page) => page.items.length)).toEqual([10, 10, 5]);
    expect(fetched).toEqual([0, 1, 2]);
  });

  test.each([
    { options: { maxPages: 2 }, fetched: [0, 1] },
    { options: { maxPages: 0 }, fetched: [] },
    { options: { maxItems: 10 }, fetched: [0] },
    { options: { maxItems: 11 }, fetched: [0, 1] },
    { options: { maxItems: 0 }, fetched: [] },
    { options: { startPage: 2 }, fetched: [2] },
    { options: { startPage: 1, maxPages: 1 }, fetched: [1] },
  ])("$options fetches pages $fetched", async ({ options, fetched }) => {
    const { pages, fetched: log } = source(25);

    await collect(paginate(pages, options));

    expect(log).toEqual(fetched);
  });

  test("with concurrency, requests ahead only once the first page has told the end, and never past it", async () => {
    const { pages, fetched } = source(55);
    const iterator = paginate(pages, { concurrency: 3 })[Symbol.asyncIterator]();

    await iterator.next();
    expect(fetched).toEqual([0]);
    await iterator.next();
    expect(fetched).toEqual([0, 1, 2, 3]);
    await collect({ [Symbol.asyncIterator]: () => iterator });
    expect(fetched).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test.each([
    { options: { concurrency: 0 }, field: "concurrency" },
    { options: { concurrency: 1.5 }, field: "concurrency" },
    { options: { maxItems: -1 }, field: "maxItems" },
    { options: { maxPages: -1 }, field: "maxPages" },
    { options: { startPage: -1 }, field: "startPage" },
  ])("refuses $options before any page", async ({ options, field }) => {
    const { pages, fetched } = source(25);

    const error = await collect(paginate(pages, options)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toContain(field);
    expect(fetched).toEqual([]);
  });

  test("the source's own issues are refused before any page, even when none is wanted", async () => {
    const { pages, fetched } = source(25, 10, () => [{ field: "query", rule: "required", message: naming() }]);

    await expect(collect(paginate(pages, { maxItems: 0 }))).rejects.toBeInstanceOf(ValidationError);
    expect(fetched).toEqual([]);
  });

  test("null options are none", async () => {
    const { pages, fetched } = source(5);

    await collect(paginate(pages, null as unknown as undefined));

    expect(fetched).toEqual([0]);
  });

  test("forwards timeoutMs and headers to every page request, beside its own signal", async () => {
    const { pages } = source(25);
    const sent: CallOptions[] = [];
    const recording: PageSource<Page, { id: number }> = {
      ...pages,
      fetch: (number, options) => {
        sent.push(options);
        return pages.fetch(number, options);
      },
    };

    await collect(paginate(recording, { timeoutMs: 5000, headers: { "x-trace": "t1" } }));

    expect(sent).toHaveLength(3);
    for (const options of sent)
      expect(options).toEqual({ timeoutMs: 5000, headers: { "x-trace": "t1" }, signal: expect.any(AbortSignal) });
  });

  test("sends neither timeoutMs nor headers when none are given", async () => {
    const { pages } = source(25);
    const sent: CallOptions[] = [];
    const recording: PageSource<Page, { id: number }> = {
      ...pages,
      fetch: (number, options) => {
        sent.push(options);
        return pages.fetch(number, options);
      },
    };

    await collect(paginate(recording, {}));

    expect(sent.map((options) => Object.keys(options))).toEqual([["signal"], ["signal"], ["signal"]]);
  });

  test("leaves no abort listener on the caller's signal once paging ends, however it ends", async () => {
    const { pages } = source(25);
    const signal = new AbortController().signal;

    await collect(paginate(pages, { signal }));
    expect(getEventListeners(signal, "abort")).toHaveLength(0);

    for await (const _ of paginate(pages, { signal })) break;
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("an abort between pages drops its listener at once, though the iteration is never resumed", async () => {
    const { pages } = source(25);
    const controller = new AbortController();
    const iterator = paginate(pages, { signal: controller.signal })[Symbol.asyncIterator]();

    await iterator.next();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("stop"));

    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("an aborted signal rejects with its reason and fetches nothing", async () => {
    const { pages, fetched } = source(25);
    const reason = new Error("stop");

    await expect(collect(paginate(pages, { signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(fetched).toEqual([]);
  });
});

test("setByThePager refuses a page number the caller set, naming the option to use", () => {
  expect(setByThePager(undefined, "page")).toEqual([]);
  expect(setByThePager(3, "page.number")).toEqual([
    { field: "page.number", rule: "pager", message: naming("startPage") },
  ]);
});
