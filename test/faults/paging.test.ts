import { describe, expect, test } from "vitest";
import {
  type BlynkOrganization,
  type RecruboOrganization,
  ServerError,
  UnexpectedResponseError,
} from "../../src/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { fakeBlynk, fakeRecrubo } from "../support/fake-servers.js";
import type { Fetch } from "../support/fetches.js";
import { hangingFetch } from "../support/fetches.js";
import { blynkOrganizations, recruboOrganizations } from "../support/fixtures.js";
import { Gate } from "../support/gate.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import {
  asFetchDoes,
  blynkTokenPath,
  connectionReset,
  drain,
  expectEachOnceInOrder,
  json,
  tally,
  typedFailure,
} from "./harness.js";

const search = { query: "acme", size: 10 };

/** A deterministic pseudo-random sequence in [0, 1), so a shuffled scenario replays exactly. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Wraps a fetch to record the token grants and the status of every API answer. */
function watched(fetch: Fetch) {
  const grants: Array<string | null> = [];
  const apiStatuses: number[] = [];
  const wrapped: Fetch = async (request) => {
    const url = new URL(request.url);
    if (url.pathname === blynkTokenPath) grants.push(url.searchParams.get("grant_type"));
    const response = await fetch(request);
    if (url.pathname !== blynkTokenPath) apiStatuses.push(response.status);
    return response;
  };
  return { fetch: wrapped, grants, apiStatuses };
}

describe("faults: paging", () => {
  failOnUnhandledRejection();

  describe("token expiry in the middle of a concurrent 100-page iteration", () => {
    const sandboxWith100Pages = (clock: FakeClock) =>
      createSandbox({ clock, blynk: { organizations: 999, tokenLifetimeSeconds: 300 } }); // 1000 with the root: 100 pages of 10

    test("the client's clock passes expires_in at page 50: the token is renewed and every item comes once, in order", async () => {
      const clock = new FakeClock();
      const sandbox = sandboxWith100Pages(clock);
      const expected = sandbox.blynk.organizations().map((organization) => organization.id);
      const server = watched(sandbox.fetch);
      const { client } = blynkClient({ sandbox, fetch: server.fetch, clock });

      const yielded: number[] = [];
      for await (const organization of client.organizations.items(search, { concurrency: 4 })) {
        yielded.push(organization.id);
        if (yielded.length === 500) clock.advance(301_000);
      }

      expect(expected).toHaveLength(1000);
      expectEachOnceInOrder(yielded, expected);
      // The refresh token died with the access token, so the renewal falls back to the credentials.
      expect(server.grants).toEqual(["client_credentials", "refresh_token", "client_credentials"]);
      expect(server.apiStatuses.filter((status) => status !== 200 && status !== 401)).toEqual([]);
    });

    test("the server's clock passes expires_in at page 50 (the client learns it from 401s): every item comes once, in order", async () => {
      const clientClock = new FakeClock();
      const serverClock = new FakeClock();
      const sandbox = sandboxWith100Pages(serverClock);
      const expected = sandbox.blynk.organizations().map((organization) => organization.id);
      const server = watched(sandbox.fetch);
      const { client } = blynkClient({ sandbox, fetch: server.fetch, clock: clientClock });

      const yielded: number[] = [];
      for await (const organization of client.organizations.items(search, { concurrency: 4 })) {
        yielded.push(organization.id);
        if (yielded.length === 500) serverClock.advance(301_000);
      }

      expectEachOnceInOrder(yielded, expected);
      expect(server.apiStatuses).toContain(401);
      expect(server.grants).toEqual(["client_credentials", "refresh_token", "client_credentials"]);
    });
  });

  describe("data shifting between pages", () => {
    test("Blynk, concurrency 4, dedupe: three organizations inserted first before every page; none that existed throughout is lost or repeated", async () => {
      const organizations = blynkOrganizations(200);
      const expected = organizations.map((organization) => organization.id);
      let nextId = 10_000;
      const server = fakeBlynk(organizations, {
        beforeAnswer: (page) => {
          if (page === 0) return;
          for (let i = 0; i < 3; i++)
            organizations.unshift({ id: nextId++, name: "Acme New", tz: "Europe/Kyiv", lastModifiedTs: 0 });
        },
      });
      const { client } = blynkClient({ fetch: server.fetch, retry: false });

      const { items, failed } = await drain(client.organizations.items(search, { concurrency: 4, dedupe: true }));

      expect(failed).toBe(false);
      const yielded = items.map((organization) => organization.id);
      expect(tally(yielded, expected).duplicated).toEqual([]);
      expectEachOnceInOrder(
        yielded.filter((id) => id < 10_000),
        expected,
      );
    });

    test("Recrubo, dedupe: organizations inserted at random positions while iterating; none that existed throughout is lost or repeated", async () => {
      const organizations = recruboOrganizations(137);
      const expected = organizations.map((organization) => organization.id);
      const random = seeded(7);
      let inserted = 0;
      const server = fakeRecrubo(organizations, {
        beforeAnswer: () => {
          for (let i = 0; i < 4; i++) {
            const [template] = recruboOrganizations(1);
            const fresh: RecruboOrganization = { ...template!, id: `new-${++inserted}` };
            organizations.splice(Math.floor(random() * (organizations.length + 1)), 0, fresh);
          }
        },
      });
      const { client } = recruboClient({ fetch: server.fetch, retry: false });

      const { items, failed } = await drain(client.organizations.items({ page: { size: 10 } }, { dedupe: true }));

      expect(failed).toBe(false);
      const yielded = items.map((organization) => organization.id);
      expect(tally(yielded, expected).duplicated).toEqual([]);
      expectEachOnceInOrder(
        yielded.filter((id) => !id.startsWith("new-")),
        expected,
      );
    });
  });

  describe("an error on page N with concurrency 4", () => {
    test("Blynk page 5 fails with 500: items of pages 0-4 yielded in order, then ServerError, requests in flight aborted", async () => {
      const organizations = blynkOrganizations(300);
      const gate = new Gate();
      gate.release(0, 1, 2, 3, 4, 5); // later pages are held: still in flight when page 5 fails
      const server = fakeBlynk(organizations, { hold: gate.hold, failPage: 5 });
      const { client } = blynkClient({ fetch: asFetchDoes(server.fetch) });

      const { items, error } = await drain(client.organizations.items(search, { concurrency: 4 }));

      await typedFailure(Promise.reject(error), ServerError);
      expectEachOnceInOrder(
        items.map((organization) => organization.id),
        organizations.slice(0, 50).map((organization) => organization.id),
      );
      const beyond = [...new Set(server.log.pages.filter((page) => page > 5))].sort((a, b) => a - b);
      expect(beyond.length).toBeGreaterThan(0);
      expect([...server.log.aborted].sort((a, b) => a - b)).toEqual(beyond);
    });

    test("Recrubo page 3 answers a resource without attributes: items of pages 1-2 yielded in order, then UnexpectedResponseError, requests in flight aborted", async () => {
      const organizations = recruboOrganizations(100);
      const gate = new Gate();
      gate.release(1, 2, 3);
      const { attributes: _, ...broken } = organizations[25]!;
      const server = fakeRecrubo(organizations, { hold: gate.hold });
      const fetch: Fetch = async (request) => {
        const response = await asFetchDoes(server.fetch)(request);
        if (new URL(request.url).searchParams.get("page[number]") !== "3") return response;
        const document = (await response.json()) as { data: RecruboOrganization[]; meta: unknown };
        return json({ ...document, data: [broken, ...document.data.slice(1)] });
      };
      const { client } = recruboClient({ fetch });

      const { items, error } = await drain(client.organizations.items({ page: { size: 10 } }, { concurrency: 4 }));

      await typedFailure(Promise.reject(error), UnexpectedResponseError);
      expectEachOnceInOrder(
        items.map((organization) => organization.id),
        organizations.slice(0, 20).map((organization) => organization.id),
      );
      const beyond = [...new Set(server.log.pages.filter((page) => page > 3))].sort((a, b) => a - b);
      expect(beyond.length).toBeGreaterThan(0);
      expect([...server.log.aborted].sort((a, b) => a - b)).toEqual(beyond);
    });
  });

  describe("transient faults in the middle of an iteration", () => {
    test("Recrubo, concurrency 4: a page whose first attempt never answers times out and is retried; every item once, in order", async () => {
      const organizations = recruboOrganizations(120);
      const server = fakeRecrubo(organizations);
      const attempts = new Map<number, number>();
      const hanging = hangingFetch();
      const fetch: Fetch = async (request, init) => {
        const page = Number(new URL(request.url).searchParams.get("page[number]"));
        const attempt = (attempts.get(page) ?? 0) + 1;
        attempts.set(page, attempt);
        // Hangs until the attempt's timeout aborts it, as a real fetch does.
        if (page === 4 && attempt === 1) return hanging(request, init);
        return server.fetch(request);
      };
      const { client } = recruboClient({ fetch, timeoutMs: 50 });

      const { items, failed } = await drain(client.organizations.items({ page: { size: 10 } }, { concurrency: 4 }));

      expect(failed).toBe(false);
      expectEachOnceInOrder(
        items.map((organization) => organization.id),
        organizations.map((organization) => organization.id),
      );
      expect(attempts.get(4)).toBe(2);
    });

    test("Blynk, concurrency 4: a reset on page 7 and a 429 with Retry-After on page 8 are retried; every item once, in order", async () => {
      const organizations: BlynkOrganization[] = blynkOrganizations(333);
      const server = fakeBlynk(organizations);
      const attempts = new Map<number, number>();
      const fetch: Fetch = async (request) => {
        const page = Number(new URL(request.url).searchParams.get("page"));
        const attempt = (attempts.get(page) ?? 0) + 1;
        attempts.set(page, attempt);
        if (page === 7 && attempt === 1) throw connectionReset();
        if (page === 8 && attempt === 1)
          return json({ error: { message: "Too many requests." } }, 429, { "retry-after": "2" });
        return server.fetch(request);
      };
      const { client, clock } = blynkClient({ fetch });

      const { items, failed } = await drain(client.organizations.items(search, { concurrency: 4 }));

      expect(failed).toBe(false);
      expectEachOnceInOrder(
        items.map((organization) => organization.id),
        organizations.map((organization) => organization.id),
      );
      expect(attempts.get(7)).toBe(2);
      expect(attempts.get(8)).toBe(2);
      expect(clock.sleeps).toContain(2000);
    });
  });
});
