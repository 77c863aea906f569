import { describe, expect, test } from "vitest";
import { collect, ValidationError } from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { fakeBlynk } from "../support/fake-servers.js";
import { blynkOrganizations } from "../support/fixtures.js";

const ids = (organizations: { id: number }[]) => organizations.map((organization) => organization.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe("blynk organizations paging", () => {
  test.each([
    { total: 100, size: 50, pages: [0, 1] },
    { total: 101, size: 50, pages: [0, 1, 2] },
    { total: 0, size: 50, pages: [0] },
    { total: 1, size: 50, pages: [0] },
  ])("yields $total items of size $size from pages $pages", async ({ total, size, pages }) => {
    const server = fakeBlynk(blynkOrganizations(total));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ query: "acme", size }));

    expect(ids(items)).toEqual(range(1, total));
    expect(server.log.pages).toEqual(pages);
  });

  test.each([1, 4])(
    "a server that serves fewer items per page than asked is read to the end (concurrency %i)",
    async (concurrency) => {
      // Asked for 1,000 a page, the server serves 100: trusting the size asked for would stop at 100 of 250.
      const server = fakeBlynk(blynkOrganizations(250), { capSize: 100 });
      const { client } = blynkClient({ fetch: server.fetch, retry: false });
      const items = await collect(client.organizations.items({ query: "acme", size: 1000 }, { concurrency }));

      expect(ids(items)).toEqual(range(1, 250));
      expect(server.log.pages).toEqual([0, 1, 2]);
    },
  );

  test("a capped page size also counts from a later start page", async () => {
    const server = fakeBlynk(blynkOrganizations(250), { capSize: 100 });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ query: "acme", size: 1000 }, { startPage: 1 }));

    expect(ids(items)).toEqual(range(101, 250));
    expect(server.log.pages).toEqual([1, 2]);
  });

  test("data shrinking while pages are prefetched ends at the new end, each item once, without an error", async () => {
    const organizations = blynkOrganizations(300);
    // Once page 0 has told 300, the data shrinks to 120 before page 1 is answered.
    const server = fakeBlynk(organizations, { beforeAnswer: (page) => void (page === 1 && organizations.splice(120)) });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const pages = await collect(client.organizations.pages({ query: "acme", size: 50 }, { concurrency: 4 }));

    expect(pages.map((page) => page.content.length)).toEqual([50, 50, 20]);
    expect(ids(pages.flatMap((page) => page.content))).toEqual(range(1, 120));
    expect(server.log.pages.slice(0, 4)).toEqual([0, 1, 2, 3]); // prefetched while the total still said 300
  });

  test("pages() yields whole { content, totalElements } pages", async () => {
    const server = fakeBlynk(blynkOrganizations(120));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const pages = await collect(client.organizations.pages({ query: "acme", size: 50 }));

    expect(pages.map((page) => page.content.length)).toEqual([50, 50, 20]);
    expect(pages.every((page) => page.totalElements === 120)).toBe(true);
  });

  test("the default page size is the spec's default, 50", async () => {
    const server = fakeBlynk(blynkOrganizations(60));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    await collect(client.organizations.items({ query: "acme" }));
    expect(server.log.pages).toEqual([0, 1]);
  });

  test("maxItems stops mid-page and requests no page beyond it", async () => {
    const server = fakeBlynk(blynkOrganizations(500));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items = await collect(
      client.organizations.items({ query: "acme", size: 50 }, { maxItems: 120, concurrency: 4 }),
    );

    expect(ids(items)).toEqual(range(1, 120));
    expect(server.log.pages).toEqual([0, 1, 2]);
  });

  test("maxPages stops after that many pages", async () => {
    const server = fakeBlynk(blynkOrganizations(500));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const pages = await collect(
      client.organizations.pages({ query: "acme", size: 50 }, { maxPages: 2, concurrency: 8 }),
    );

    expect(pages).toHaveLength(2);
    expect(server.log.pages).toEqual([0, 1]);
  });

  test("startPage starts there", async () => {
    const server = fakeBlynk(blynkOrganizations(150));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ query: "acme", size: 50 }, { startPage: 1 }));

    expect(ids(items)).toEqual(range(51, 150));
    expect(server.log.pages).toEqual([1, 2]);
  });

  test.each([1, 3, 8])("yields the same sequence with concurrency %i", async (concurrency) => {
    const server = fakeBlynk(blynkOrganizations(1234));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ query: "acme", size: 100 }, { concurrency }));

    expect(ids(items)).toEqual(range(1, 1234));
    expect([...server.log.pages].sort((a, b) => a - b)).toEqual(range(0, 12));
  });

  test("validation applies before any request", async () => {
    const server = fakeBlynk(blynkOrganizations(10));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const organizations = client.organizations;

    await expect(collect(organizations.items({ query: "acme", size: 1001 }))).rejects.toBeInstanceOf(ValidationError);
    await expect(collect(organizations.items({ query: "acme" }, { startPage: -1 }))).rejects.toMatchObject({
      issues: [{ field: "startPage", rule: "minimum" }],
    });
    await expect(collect(organizations.items({ query: "acme" }, { concurrency: 0 }))).rejects.toMatchObject({
      issues: [{ field: "concurrency", rule: "minimum" }],
    });
    // @ts-expect-error query is required
    await expect(collect(organizations.items({}))).rejects.toMatchObject({
      issues: [{ field: "query", rule: "required" }],
    });
    expect(server.log.pages).toEqual([]);
  });

  test("missing parameters are refused as a validation error, not a crash", async () => {
    const server = fakeBlynk(blynkOrganizations(10));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const organizations = client.organizations;

    await expect(collect(organizations.items(undefined as never))).rejects.toBeInstanceOf(ValidationError);
    await expect(collect(organizations.pages(undefined as never))).rejects.toBeInstanceOf(ValidationError);
    expect(server.log.pages).toEqual([]);
  });

  test("a page number the caller set is refused under its own name, page", async () => {
    const server = fakeBlynk(blynkOrganizations(10));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const params = { query: "acme", page: 1 } as never;

    await expect(collect(client.organizations.items(params))).rejects.toMatchObject({
      issues: [{ field: "page", rule: "pager" }],
    });
    expect(server.log.pages).toEqual([]);
  });
});
