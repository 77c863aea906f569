import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { collect } from "../../src/paging/collect.js";
import { type Extent, lastPageAfter, type PageSource, paginate } from "../../src/paging/pager.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";

// The one rule that ends paging, for both APIs: Blynk pages count from 0 and tell a total, Recrubo
// pages count from 1 and name their last page. A server serves pages of its own size: the size
// asked for, fewer when it caps it, or a size of its own whatever was asked.

interface Server {
  total: number;
  /** Items on a full page, as this server serves them. */
  served: number;
  firstPage: number;
  /** What each page tells of the end: the total (Blynk), or the number of the last page (Recrubo). */
  tells: "total" | "lastPage";
}

interface Case {
  server: Server;
  asked: number;
  startPage: number;
  concurrency: number;
}

interface Page {
  items: number[];
  extent: Extent;
}

/** The server as a PageSource: each page holds its run of item numbers 0 to total - 1. */
function source({ total, served, firstPage, tells }: Server, asked: number) {
  const fetched: number[] = [];
  const lastPage = firstPage + Math.ceil(total / served) - 1;
  const pages: PageSource<Page, number> = {
    issues: () => [],
    firstPage,
    pageSize: asked,
    fetch: async (number) => {
      fetched.push(number);
      const from = (number - firstPage) * served;
      const items = Array.from({ length: Math.max(0, Math.min(served, total - from)) }, (_, index) => from + index);
      return { items, extent: tells === "total" ? { total } : { lastPage } };
    },
    items: (page) => page.items,
    extent: (page) => page.extent,
  };
  return { pages, fetched };
}

/** The pages from `startPage` that hold items, or the start page alone when it holds none (reading it tells so). */
function pagesHolding({ total, served, firstPage }: Server, startPage: number): number[] {
  const last = firstPage + Math.ceil(total / served) - 1;
  if (startPage > last) return [startPage];
  return Array.from({ length: last - startPage + 1 }, (_, index) => startPage + index);
}

function itemsFrom({ total, served, firstPage }: Server, startPage: number): number[] {
  const from = Math.min(total, (startPage - firstPage) * served);
  return Array.from({ length: total - from }, (_, index) => from + index);
}

/** Servers of any total and page size (capped or their own, unless `served` is "asked"), read from some start page. */
const cases = (tells: Server["tells"], start: "first" | "later", served: "asked" | "any" = "any"): fc.Arbitrary<Case> =>
  fc
    .record({
      total: fc.oneof(fc.nat({ max: 30 }), fc.nat({ max: 600 })),
      asked: fc.integer({ min: 1, max: 120 }),
      cap: fc.integer({ min: 1, max: 120 }),
      ownSize: fc.boolean(),
      firstPage: fc.constantFrom(0, 1),
      after: start === "first" ? fc.constant(0) : fc.integer({ min: 1, max: 12 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ total, asked, cap, ownSize, firstPage, after, concurrency }) => ({
      server: {
        total,
        served: served === "asked" ? asked : ownSize ? cap : Math.min(asked, cap),
        firstPage,
        tells,
      },
      asked,
      startPage: firstPage + after,
      concurrency,
    }));

async function walk({ server, asked, startPage, concurrency }: Case) {
  const { pages, fetched } = source(server, asked);
  const read = await collect(paginate(pages, { startPage, concurrency }));
  return { fetched: [...fetched].sort((a, b) => a - b), items: read.flatMap((page) => page.items) };
}

describe("lastPageAfter, walked by the pager", () => {
  announceSeed("last page", "test/paging/pager.last-page.test.ts");

  test.each([
    { tells: "lastPage", start: "first", served: "any" },
    { tells: "lastPage", start: "later", served: "any" },
    { tells: "total", start: "first", served: "any" },
    { tells: "total", start: "later", served: "asked" },
  ] as const)(
    `a server that tells $tells and serves $served size, read from the $start page: exactly the pages that hold items are read, each item once (${runs(1000)} runs)`,
    async ({ tells, start, served }) => {
      await assertProperty(
        fc.asyncProperty(cases(tells, start, served), async (walked) => {
          const { fetched, items } = await walk(walked);
          expect(fetched).toEqual(pagesHolding(walked.server, walked.startPage));
          expect(items).toEqual(itemsFrom(walked.server, walked.startPage));
        }),
        runs(1000),
      );
    },
  );

  // From a later page, a total alone cannot always tell a page of a capped size from the last page
  // of the size asked for (Blynk asked 1000 a page, page 2 holding 50 of 250: 50 a page with more to
  // come, or 100 a page and the last). Reading on settles it, at the cost of pages that come back empty.
  test(`a server that tells its total and serves any size, read from a later page: no page is read twice, nor more than the concurrency past the last that holds items (${runs(1000)} runs)`, async () => {
    await assertProperty(
      fc.asyncProperty(cases("total", "later"), async (walked) => {
        const { server, startPage, concurrency } = walked;
        const { pages, fetched } = source(server, walked.asked);
        const read = await collect(paginate(pages, { startPage, concurrency }));
        const holding = pagesHolding(server, startPage);

        expect(new Set(fetched).size).toBe(fetched.length);
        expect(Math.min(...fetched)).toBe(startPage);
        expect(Math.max(...fetched)).toBeLessThanOrEqual(holding.at(-1)! + concurrency);
        const items = read.flatMap((page) => page.items);
        expect(items).toEqual(itemsFrom(server, startPage).slice(0, items.length));
      }),
      runs(1000),
    );
  });

  // Known gap, left to src/paging/pager.ts: asked 100 a page from page 1, a server that serves 60
  // answers items 60-119 of 150. The size asked for cannot explain that page (page 1 of 100 would
  // hold items 100-149, 50 of them), yet the pager takes it for the last and never reads items 120-149.
  test("a later first page that only a capped size explains is read as that size, and paging goes on", async () => {
    const { fetched } = await walk({
      server: { total: 150, served: 60, firstPage: 0, tells: "total" },
      asked: 100,
      startPage: 1,
      concurrency: 1,
    });

    expect(fetched).toEqual([1, 2]);
  });
});

// Edges the static servers above do not have: data that grows or shrinks between requests.
describe("lastPageAfter", () => {
  test("an empty page ends paging, whatever the total says", () => {
    expect(lastPageAfter({ pageNumber: 1, count: 0, extent: { total: 500 } }, 0, 50, 50)).toEqual({
      lastPage: 1,
      pageSize: 50,
    });
  });

  test("a total that grew since the last page moves the end further", () => {
    expect(lastPageAfter({ pageNumber: 1, count: 50, extent: { total: 301 } }, 0, 50, 50)).toEqual({
      lastPage: 6,
      pageSize: 50,
    });
  });

  test("a page shorter than the pages before it ends paging, though the total says more (data shrank)", () => {
    expect(lastPageAfter({ pageNumber: 2, count: 20, extent: { total: 300 } }, 0, 50, 50)).toEqual({
      lastPage: 2,
      pageSize: 50,
    });
    expect(lastPageAfter({ pageNumber: 2, count: 20, extent: { lastPage: 6 } }, 1, 25, 25)).toEqual({
      lastPage: 2,
      pageSize: 25,
    });
  });

  test("a full page past the last page Recrubo names is the last (data shrank)", () => {
    expect(lastPageAfter({ pageNumber: 4, count: 25, extent: { lastPage: 3 } }, 1, 25, 25)).toEqual({
      lastPage: 4,
      pageSize: 25,
    });
  });

  test("an empty first page says nothing of the size: the size asked for stands", () => {
    expect(lastPageAfter({ pageNumber: 0, count: 0, extent: { total: 0 } }, 0, 50, undefined)).toEqual({
      lastPage: 0,
      pageSize: 50,
    });
  });

  test("a short first page at the last page Recrubo names is the last, at the size asked for", () => {
    // Starting at page 3 of 3, asked 25: the last page holds the remaining 10, not a capped size of 10.
    expect(lastPageAfter({ pageNumber: 3, count: 10, extent: { lastPage: 3 } }, 1, 25, undefined)).toEqual({
      lastPage: 3,
      pageSize: 25,
    });
  });

  test("a first page read further on that starts at or past the total, under the size asked for, shows the size served", () => {
    // Page 1 of 50 would start at item 50 of 50: the server serves 25, and page 1 holds items 25-49.
    expect(lastPageAfter({ pageNumber: 1, count: 25, extent: { total: 50 } }, 0, 50, undefined)).toEqual({
      lastPage: 1,
      pageSize: 25,
    });
    // Page 1 of 1,000 would start at item 1,000 of 250: the server serves 100, and page 1 holds items 100-199.
    expect(lastPageAfter({ pageNumber: 1, count: 100, extent: { total: 250 } }, 0, 1000, undefined)).toEqual({
      lastPage: 2,
      pageSize: 100,
    });
  });

  test("a first page larger than asked while more remain shows the size the server serves", () => {
    expect(lastPageAfter({ pageNumber: 0, count: 100, extent: { total: 250 } }, 0, 50, undefined)).toEqual({
      lastPage: 2,
      pageSize: 100,
    });
  });

  test("a short first page that the size asked for explains is the last, not a capped size", () => {
    // Starting at page 3 of 50 with 180 in all: page 3 holds the last 30.
    expect(lastPageAfter({ pageNumber: 3, count: 30, extent: { total: 180 } }, 0, 50, undefined)).toEqual({
      lastPage: 3,
      pageSize: 50,
    });
  });
});
