import type { PageSource } from "../../src/paging/pager.js";

export interface Page {
  items: { id: number }[];
  total: number;
}

/** A PageSource over `count` items, `size` a page, from page 0; it records the pages fetched. */
export function source(count: number, size = 10, issues: PageSource<Page, { id: number }>["issues"] = () => []) {
  const fetched: number[] = [];
  const pages: PageSource<Page, { id: number }> = {
    issues,
    firstPage: 0,
    pageSize: size,
    fetch: async (number) => {
      fetched.push(number);
      const items = Array.from({ length: Math.max(0, Math.min(size, count - number * size)) }, (_, index) => ({
        id: number * size + index + 1,
      }));
      return { items, total: count };
    },
    items: (page) => page.items,
    extent: (page) => ({ total: page.total }),
  };
  return { pages, fetched };
}

export const ids = (items: { id: number }[]) => items.map((item) => item.id);
