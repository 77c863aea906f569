import { describe, expect, test } from "vitest";
import { lastPageAfter } from "../../src/paging/pager.js";

// The one rule that ends paging, for both APIs: Blynk pages count from 0 and tell a total, Recrubo
// pages count from 1 and name their last page.
describe("lastPageAfter", () => {
  test.each([
    {
      case: "a full page with more to come",
      page: { pageNumber: 0, count: 50, extent: { total: 120 } },
      end: { lastPage: 2, pageSize: 50 },
    },
    {
      case: "the page that reaches the total",
      page: { pageNumber: 2, count: 20, extent: { total: 120 } },
      end: { lastPage: 2, pageSize: 50 },
    },
    {
      case: "a full page that reaches the total exactly",
      page: { pageNumber: 1, count: 50, extent: { total: 100 } },
      end: { lastPage: 1, pageSize: 50 },
    },
    {
      case: "an empty page, whatever the total says",
      page: { pageNumber: 1, count: 0, extent: { total: 500 } },
      end: { lastPage: 1, pageSize: 50 },
    },
    {
      case: "an empty first page",
      page: { pageNumber: 0, count: 0, extent: { total: 0 } },
      end: { lastPage: 0, pageSize: 50 },
    },
    {
      case: "a total that grew since the last page",
      page: { pageNumber: 1, count: 50, extent: { total: 301 } },
      end: { lastPage: 6, pageSize: 50 },
    },
  ])("Blynk, asked 50 a page: $case", ({ page, end }) => {
    expect(lastPageAfter(page, 0, 50, page.pageNumber === 0 ? undefined : 50)).toEqual(end);
  });

  test("a first page smaller than asked while more remain shows the size the server serves", () => {
    expect(lastPageAfter({ pageNumber: 0, count: 100, extent: { total: 250 } }, 0, 1000, undefined)).toEqual({
      lastPage: 2,
      pageSize: 100,
    });
    expect(lastPageAfter({ pageNumber: 1, count: 100, extent: { total: 250 } }, 0, 1000, 100)).toEqual({
      lastPage: 2,
      pageSize: 100,
    });
    expect(lastPageAfter({ pageNumber: 2, count: 50, extent: { total: 250 } }, 0, 1000, 100)).toEqual({
      lastPage: 2,
      pageSize: 100,
    });
  });

  test("a first page read further on that starts past the total, under the size asked for, shows the size served", () => {
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

  test("a first page read further on that starts exactly at the total shows the size served", () => {
    // Page 1 of 50 would start at item 50 of 50: the server serves 25, and page 1 holds items 25-49.
    expect(lastPageAfter({ pageNumber: 1, count: 25, extent: { total: 50 } }, 0, 50, undefined)).toEqual({
      lastPage: 1,
      pageSize: 25,
    });
  });

  test("counts positions from the first page, whatever its number", () => {
    expect(lastPageAfter({ pageNumber: 1, count: 50, extent: { total: 120 } }, 1, 50, undefined)).toEqual({
      lastPage: 3,
      pageSize: 50,
    });
    expect(lastPageAfter({ pageNumber: 2, count: 50, extent: { total: 120 } }, 1, 50, 50)).toEqual({
      lastPage: 3,
      pageSize: 50,
    });
    expect(lastPageAfter({ pageNumber: 3, count: 20, extent: { total: 120 } }, 1, 50, 50)).toEqual({
      lastPage: 3,
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

  test("a short first page that the size asked for explains is the last, not a capped size", () => {
    // Starting at page 3 of 50 with 230 in all: page 3 holds the last 30.
    expect(lastPageAfter({ pageNumber: 3, count: 30, extent: { total: 180 } }, 0, 50, undefined)).toEqual({
      lastPage: 3,
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

  test.each([
    {
      case: "before the last page it names",
      page: { pageNumber: 1, count: 25, extent: { lastPage: 3 } },
      end: { lastPage: 3, pageSize: 25 },
    },
    {
      case: "at the last page it names",
      page: { pageNumber: 3, count: 25, extent: { lastPage: 3 } },
      end: { lastPage: 3, pageSize: 25 },
    },
    {
      case: "past the last page it names (data shrank)",
      page: { pageNumber: 4, count: 25, extent: { lastPage: 3 } },
      end: { lastPage: 4, pageSize: 25 },
    },
    {
      case: "a first page smaller than asked, the server naming more pages",
      page: { pageNumber: 1, count: 10, extent: { lastPage: 5 } },
      end: { lastPage: 5, pageSize: 10 },
    },
  ])("Recrubo, asked 25 a page: $case", ({ page, end }) => {
    expect(lastPageAfter(page, 1, 25, page.pageNumber === 1 ? undefined : 25)).toEqual(end);
  });
});
