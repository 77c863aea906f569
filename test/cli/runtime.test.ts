// What cli/runtime.ts adds for the command line: pages walked with the client's pager, and what
// each page says, read where the generated tables say it is.
import { describe, expect, test } from "vitest";
import { findMethod } from "../../cli/commands.js";
import { clientFor, firstPageOf, pageFacts, runPages } from "../../cli/runtime.js";
import { createSandbox } from "../../src/sandbox/index.js";

const sandbox = createSandbox();
const env = {
  RECRUBO_API_KEY: sandbox.credentials.recrubo.apiKey,
  BLYNK_CLIENT_ID: sandbox.credentials.blynk.clientId,
  BLYNK_CLIENT_SECRET: sandbox.credentials.blynk.clientSecret,
};
const list = findMethod("recrubo", "organizations", "list")!.command;
const search = findMethod("blynk", "organizations", "search")!.command;

async function pagesOf(command: typeof list, input: Record<string, unknown>, options = {}) {
  const api = command === list ? "recrubo" : "blynk";
  const client = clientFor(api, command, env, { fetch: sandbox.fetch });
  const pages: unknown[] = [];
  for await (const page of runPages(client, command, input, options)) pages.push(page);
  return pages;
}

describe("runtime: pages", () => {
  test("the first page is the page number's minimum", () => {
    expect(firstPageOf(list)).toBe(1);
    expect(firstPageOf(search)).toBe(0);
  });

  test("Recrubo: every page in order, its items, its last page's number and the total", async () => {
    const pages = await pagesOf(list, { page: { size: 7 } });
    expect(pages.map((page) => pageFacts(list, page).items.length)).toEqual([7, 7, 7, 7, 2]);
    expect(pageFacts(list, pages[0])).toMatchObject({ lastPage: 5, total: 30, firstPage: 1 });
  });

  test("Blynk: its items and the total; a page number the fields give is where the walk starts", async () => {
    const pages = await pagesOf(search, { query: "acme", size: 10, page: 2 });
    expect(pages.map((page) => pageFacts(search, page).items.length)).toEqual([10, 1]);
    expect(pageFacts(search, pages[0])).toMatchObject({ total: 31, firstPage: 0 });
    const items = pages.flatMap((page) => pageFacts(search, page).items) as Array<{ id: number }>;
    expect(items[0]!.id).toBe(21);
  });

  test("the pager's options apply: no page past the one holding the last item wanted", async () => {
    const pages = await pagesOf(search, { query: "acme", size: 10 }, { maxItems: 15, concurrency: 3 });
    expect(pages).toHaveLength(2);
  });

  test("a command that does not page is refused", () => {
    const get = findMethod("blynk", "organizations", "get")!.command;
    expect(() => pageFacts(get, {})).toThrow("organizations.get does not page");
    expect(() => firstPageOf(get)).toThrow("organizations.get does not page");
  });
});
