import { describe, expect, test } from "vitest";
import { collect, ServerError, UnexpectedResponseError, ValidationError } from "../../src/index.js";
import { recruboClient } from "../support/clients.js";
import { fakeRecrubo } from "../support/fake-servers.js";
import { recruboOrganizations } from "../support/fixtures.js";
import { naming } from "../support/messages.js";
import { rejectionOf } from "../support/rejection.js";

const names = (organizations: { attributes: { name: string } }[]) =>
  organizations.map((organization) => organization.attributes.name);
const expected = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `Org ${from + index}`);

describe("recrubo organizations paging", () => {
  test.each([
    { total: 50, size: 25, pages: [1, 2] },
    { total: 51, size: 25, pages: [1, 2, 3] },
    { total: 0, size: 25, pages: [1] },
    { total: 1, size: 25, pages: [1] },
  ])("yields $total items of size $size from pages $pages, ending at meta.maxPage", async ({ total, size, pages }) => {
    const server = fakeRecrubo(recruboOrganizations(total));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ page: { size } }));

    expect(names(items)).toEqual(expected(1, total));
    expect(server.log.pages).toEqual(pages);
  });

  test.each([1, 4])(
    "a server that serves fewer items per page than asked is read to its meta.maxPage (concurrency %i)",
    async (concurrency) => {
      const server = fakeRecrubo(recruboOrganizations(250), { capSize: 100 });
      const { client } = recruboClient({ fetch: server.fetch, retry: false });
      const items = await collect(client.organizations.items({ page: { size: 500 } }, { concurrency }));

      expect(names(items)).toEqual(expected(1, 250));
      expect(server.log.pages).toEqual([1, 2, 3]);
    },
  );

  test("data shrinking while pages are prefetched ends at the new last page, each item once", async () => {
    const organizations = recruboOrganizations(100);
    const server = fakeRecrubo(organizations, {
      beforeAnswer: (page) => void (page === 2 && organizations.splice(60)),
    });
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const pages = await collect(client.organizations.pages({ page: { size: 25 } }, { concurrency: 4 }));

    expect(pages.map((page) => page.data.length)).toEqual([25, 25, 10]);
    expect(names(pages.flatMap((page) => page.data))).toEqual(expected(1, 60));
  });

  test("a page without the meta the spec requires ends the iteration with an UnexpectedResponseError, not silently", async () => {
    const server = fakeRecrubo(recruboOrganizations(50), { meta: false });
    const { client } = recruboClient({ fetch: server.fetch, retry: false });

    const error = await rejectionOf(collect(client.organizations.items()), UnexpectedResponseError);

    expect(error.issues).toEqual([{ field: "body.meta", rule: "required", message: naming() }]);
    expect(server.log.pages).toEqual([1]);
  });

  test("pages() yields whole list documents with their meta", async () => {
    const server = fakeRecrubo(recruboOrganizations(30));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const documents = await collect(client.organizations.pages({ page: { size: 25 } }));

    expect(documents.map((document) => document.meta.currentPage)).toEqual([1, 2]);
    expect(documents.map((document) => document.data.length)).toEqual([25, 5]);
  });

  test("filter and sort are sent with every page", async () => {
    const urls: string[] = [];
    const server = fakeRecrubo(recruboOrganizations(30));
    const fetch = (request: Request) => {
      urls.push(decodeURIComponent(new URL(request.url).search));
      return server.fetch(request);
    };
    const { client } = recruboClient({ fetch, retry: false });
    await collect(
      client.organizations.items({ filter: { name: "Org" }, sort: ["-createdAt", "name"], page: { size: 25 } }),
    );

    expect(urls).toEqual([
      "?filter[name]=Org&sort=-createdAt,name&page[size]=25&page[number]=1",
      "?filter[name]=Org&sort=-createdAt,name&page[size]=25&page[number]=2",
    ]);
  });

  test("maxItems stops mid-page and requests no page beyond it", async () => {
    const server = fakeRecrubo(recruboOrganizations(200));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({}, { maxItems: 30, concurrency: 8 }));

    expect(names(items)).toEqual(expected(1, 30));
    expect(server.log.pages).toEqual([1, 2]);
  });

  test("maxPages and startPage bound the pages requested", async () => {
    const server = fakeRecrubo(recruboOrganizations(200));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({}, { startPage: 3, maxPages: 2, concurrency: 3 }));

    expect(names(items)).toEqual(expected(51, 100));
    expect(server.log.pages).toEqual([3, 4]);
  });

  test.each([1, 3, 8])("yields the same sequence with concurrency %i", async (concurrency) => {
    const server = fakeRecrubo(recruboOrganizations(260));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const items = await collect(client.organizations.items({ page: { size: 25 } }, { concurrency }));

    expect(names(items)).toEqual(expected(1, 260));
    expect([...server.log.pages].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test("an error on page 3 of 5 comes after every item before it and never re-yields", async () => {
    const server = fakeRecrubo(recruboOrganizations(125), { failPage: 3 });
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const organization of client.organizations.items({}, { concurrency: 4 }))
        seen.push(organization.attributes.name);
    };

    await expect(iterate()).rejects.toBeInstanceOf(ServerError);
    expect(seen).toEqual(expected(1, 50));
  });

  test("startPage 0 and a zero page size are refused before any request", async () => {
    const server = fakeRecrubo(recruboOrganizations(10));
    const { client } = recruboClient({ fetch: server.fetch, retry: false });
    const organizations = client.organizations;

    await expect(collect(organizations.items({}, { startPage: 0 }))).rejects.toMatchObject({
      issues: [{ field: "startPage", rule: "minimum" }],
    });
    await expect(collect(organizations.items({ page: { size: 0 } }))).rejects.toBeInstanceOf(ValidationError);
    expect(server.log.pages).toEqual([]);
  });
});
