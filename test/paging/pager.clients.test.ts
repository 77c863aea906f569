import { describe, expect, test } from "vitest";
import { blynkClient } from "../support/clients.js";
import { fakeBlynk } from "../support/fake-servers.js";
import { blynkOrganizations } from "../support/fixtures.js";
import { Gate } from "../support/gate.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("pager", () => {
  failOnUnhandledRejection();

  test("yields pages in order when later pages complete first, with at most `concurrency` requested ahead", async () => {
    const gate = new Gate();
    const server = fakeBlynk(blynkOrganizations(500), { hold: gate.hold });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const pages = client.organizations.pages({ query: "acme", size: 50 }, { concurrency: 3 })[Symbol.asyncIterator]();

    const first = pages.next();
    await tick();
    expect(server.log.pages).toEqual([0]); // the end is unknown until page 0 answers
    gate.release(0);
    expect((await first).value?.content[0]?.id).toBe(1);

    const second = pages.next();
    await tick();
    expect(server.log.pages).toEqual([0, 1, 2, 3]); // three ahead, no more
    gate.release(3, 2);
    await tick();
    gate.release(1);
    expect((await second).value?.content[0]?.id).toBe(51);
    expect((await pages.next()).value?.content[0]?.id).toBe(101);
    expect((await pages.next()).value?.content[0]?.id).toBe(151);
    await pages.return?.(undefined);
  });

  test("concurrency 1 is strictly sequential: the next page is requested only when asked for", async () => {
    const server = fakeBlynk(blynkOrganizations(200));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const pages = client.organizations.pages({ query: "acme", size: 50 })[Symbol.asyncIterator]();

    await pages.next();
    await tick();
    expect(server.log.pages).toEqual([0]);
    await pages.next();
    await tick();
    expect(server.log.pages).toEqual([0, 1]);
    await pages.return?.(undefined);
  });

  test("break aborts the requests in flight and sends no more", async () => {
    const gate = new Gate();
    const server = fakeBlynk(blynkOrganizations(1000), { hold: gate.hold });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const seen: number[] = [];
    gate.release(0, 1);
    const done = (async () => {
      for await (const organization of client.organizations.items({ query: "acme", size: 50 }, { concurrency: 4 })) {
        seen.push(organization.id);
        if (organization.id === 60) break;
      }
    })();

    await done;
    await tick();
    expect(seen).toHaveLength(60);
    expect(server.log.pages).toEqual([0, 1, 2, 3, 4]);
    expect(server.log.aborted.sort()).toEqual([2, 3, 4]);
  });

  test("an already aborted signal sends nothing", async () => {
    const server = fakeBlynk(blynkOrganizations(10));
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const reason = new Error("cancelled");
    const iterate = async () => {
      for await (const _ of client.organizations.items({ query: "acme" }, { signal: AbortSignal.abort(reason) }));
    };
    await expect(iterate()).rejects.toBe(reason);
    expect(server.log.pages).toEqual([]);
  });

  test("dedupe skips an item already yielded when data shifts between pages", async () => {
    const organizations = blynkOrganizations(100);
    // After page 0 is read, a new organization is inserted first: page 1 then repeats id 50.
    const server = fakeBlynk(organizations, {
      beforeAnswer: (page) => {
        if (page === 1) organizations.unshift({ id: 1000, name: "Acme New", tz: "Europe/Kyiv", lastModifiedTs: 0 });
      },
    });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const organizationsApi = client.organizations;

    const plain: number[] = [];
    for await (const organization of organizationsApi.items({ query: "acme", size: 50 })) plain.push(organization.id);
    expect(plain.filter((id) => id === 50)).toHaveLength(2);

    organizations.splice(0, organizations.length, ...blynkOrganizations(100));
    const deduped: number[] = [];
    for await (const organization of organizationsApi.items({ query: "acme", size: 50 }, { dedupe: true }))
      deduped.push(organization.id);
    expect(deduped.filter((id) => id === 50)).toHaveLength(1);
    expect(new Set(deduped).size).toBe(deduped.length);
  });

  test("dedupe with maxItems requests the further page its skipped items call for", async () => {
    const organizations = blynkOrganizations(100);
    const server = fakeBlynk(organizations, {
      beforeAnswer: (page) => {
        if (page === 1) organizations.unshift({ id: 1000, name: "Acme New", tz: "Europe/Kyiv", lastModifiedTs: 0 });
      },
    });
    const { client } = blynkClient({ fetch: server.fetch, retry: false });
    const items: number[] = [];
    for await (const organization of client.organizations.items(
      { query: "acme", size: 50 },
      { dedupe: true, maxItems: 100 },
    )) {
      items.push(organization.id);
    }
    expect(items).toHaveLength(100);
    expect(new Set(items).size).toBe(100);
    expect(server.log.pages).toEqual([0, 1, 2]);
  });
});
