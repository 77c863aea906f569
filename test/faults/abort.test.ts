// Abort in every phase of a call and of an iteration. Each call must reject with the signal's own
// reason, promptly: the server or gate is still holding when the rejection arrives, so only the
// abort can have ended the call (a timeout would reject with a TimeoutError instead).
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, test } from "vitest";
import type { BlynkOrganization, RecruboOrganization } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { fakeBlynk, fakeRecrubo } from "../support/fake-servers.js";
import { type Fetch, scripted } from "../support/fetches.js";
import {
  blynkOrganization,
  blynkOrganizations,
  clientId,
  clientSecret,
  recruboListDocument,
  recruboOrganizations,
} from "../support/fixtures.js";
import { Gate } from "../support/gate.js";
import { rejection } from "../support/rejection.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import {
  asFetchDoes,
  BlockingClock,
  blynkTokenPath,
  deferred,
  drain,
  expectEachOnceInOrder,
  json,
  loopbackServer,
  neverAnswer,
  stallMidBody,
} from "./harness.js";

const search = { query: "acme", size: 50 };
describe("faults: abort in every phase", () => {
  failOnUnhandledRejection();

  test("before sending: rejects with the reason, nothing is sent, not even a token request", async () => {
    const reason = new Error("aborted before sending");
    const recruboServer = scripted(() => json(recruboListDocument));
    const blynkServer = scripted(() => json(blynkOrganization));

    await expect(
      recruboClient({ fetch: recruboServer.fetch }).client.organizations.list(
        {},
        { signal: AbortSignal.abort(reason) },
      ),
    ).rejects.toBe(reason);
    const oauth = blynkClient({ auth: { clientId, clientSecret }, fetch: blynkServer.fetch }).client;
    await expect(oauth.organizations.profile({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);

    expect(recruboServer.requests).toEqual([]);
    expect(blynkServer.requests).toEqual([]);
  });

  test("while waiting for a token: rejects with the reason, no API request is sent, and the token still serves the next call", async () => {
    const tokenRequested = deferred();
    const tokenReleased = deferred();
    const apiRequests: string[] = [];
    const fetch: Fetch = async (request) => {
      if (new URL(request.url).pathname === blynkTokenPath) {
        tokenRequested.resolve();
        await tokenReleased.promise;
        return json({ access_token: "tok-9aQ2wE4rT6yU8iO0pA1s", token_type: "Bearer", expires_in: 3600 });
      }
      apiRequests.push(request.headers.get("authorization") ?? "");
      return json(blynkOrganization);
    };
    const { client } = blynkClient({ auth: { clientId, clientSecret }, fetch });
    const controller = new AbortController();
    const reason = new Error("gave up waiting for the token");

    const call = client.organizations.profile({ signal: controller.signal });
    await tokenRequested.promise;
    controller.abort(reason);

    await expect(call).rejects.toBe(reason);
    expect(apiRequests).toEqual([]);
    tokenReleased.resolve();
    await expect(client.organizations.profile()).resolves.toEqual(blynkOrganization);
    expect(apiRequests).toEqual(["Bearer tok-9aQ2wE4rT6yU8iO0pA1s"]);
  });

  test("while waiting for headers (real server): rejects with the reason and the connection is closed", async () => {
    const server = await loopbackServer(neverAnswer);
    try {
      const { client } = recruboClient({ baseUrl: server.url, timeoutMs: 10_000 });
      const controller = new AbortController();
      const reason = new Error("gave up waiting for headers");

      const call = client.organizations.list({}, { signal: controller.signal });
      const response = await server.nextRequest();
      const closed = once(response, "close");
      controller.abort(reason);

      await expect(call).rejects.toBe(reason);
      await closed;
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test("while reading the body (real server): rejects with the reason and the connection is closed", async () => {
    const server = await loopbackServer(stallMidBody('{"id":1,"name":"Acme'));
    try {
      const headers = deferred();
      const fetch: Fetch = async (request) => {
        const response = await globalThis.fetch(request);
        headers.resolve();
        return response;
      };
      const { client } = blynkClient({ baseUrl: server.url, fetch, timeoutMs: 10_000 });
      const controller = new AbortController();
      const reason = new Error("gave up reading the body");

      const call = client.organizations.profile({ signal: controller.signal });
      const response = await server.nextRequest();
      const closed = once(response, "close");
      await headers.promise;
      await nextTurn(); // the transport is reading the body now
      controller.abort(reason);

      await expect(call).rejects.toBe(reason);
      await closed;
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test("during a retry backoff: rejects with the reason, and no further attempt is made", async () => {
    const clock = new BlockingClock();
    const { fetch, requests } = scripted(() => json({ errors: [{ status: 503, title: "Service Unavailable" }] }, 503));
    const { client } = recruboClient({ fetch, clock });
    const controller = new AbortController();
    const reason = new Error("gave up during the backoff");

    const call = client.organizations.list({}, { signal: controller.signal });
    await clock.asleep;
    controller.abort(reason);

    await expect(call).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(1);
  });

  test("between pages: the next page is never requested, and the iteration rejects with the reason", async () => {
    const organizations = blynkOrganizations(200);
    const server = fakeBlynk(organizations);
    const { client } = blynkClient({ fetch: asFetchDoes(server.fetch) });
    const controller = new AbortController();
    const reason = new Error("gave up between pages");
    const seen: number[] = [];

    const iterate = async () => {
      for await (const organization of client.organizations.items(search, { signal: controller.signal })) {
        seen.push(organization.id);
        if (seen.length === 50) controller.abort(reason); // the last item of page 0
      }
    };

    expect(await rejection(iterate())).toBe(reason);
    expectEachOnceInOrder(
      seen,
      organizations.slice(0, 50).map((organization: BlynkOrganization) => organization.id),
    );
    expect(server.log.pages).toEqual([0]);
  });

  test("with prefetches in flight: the iteration rejects with the reason at once, and every request in flight is aborted", async () => {
    const organizations = recruboOrganizations(200);
    const gate = new Gate();
    gate.release(1, 2);
    const server = fakeRecrubo(organizations, { hold: gate.hold });
    const { client } = recruboClient({ fetch: asFetchDoes(server.fetch) });
    const controller = new AbortController();
    const reason = new Error("gave up with prefetches in flight");
    const seen: string[] = [];
    let afterAbort = 0;

    const iterate = async () => {
      for await (const organization of client.organizations.items(
        { page: { size: 10 } },
        { concurrency: 4, signal: controller.signal },
      )) {
        if (controller.signal.aborted) afterAbort++;
        seen.push(organization.id);
        if (seen.length === 11) controller.abort(reason); // the first item of page 2: pages 3-5 are in flight
      }
    };

    expect(await rejection(iterate())).toBe(reason);
    const inFlight = server.log.pages.filter((page) => page > 2).sort((a, b) => a - b);
    expect(inFlight).toEqual([3, 4, 5]);
    expect([...server.log.aborted].sort((a, b) => a - b)).toEqual(inFlight);
    // "Cancels the call at once": the rest of page 2, already in hand, is not yielded after the abort.
    expect(afterAbort, "items yielded after the abort").toBe(0);
    expectEachOnceInOrder(
      seen,
      organizations.slice(0, 11).map((organization: RecruboOrganization) => organization.id),
    );
  });

  test("while a prefetched page waits out a Retry-After: the iteration rejects with the reason and the other pages in flight are aborted", async () => {
    const organizations = blynkOrganizations(500);
    const gate = new Gate();
    gate.release(0, 1, 2);
    const server = fakeBlynk(organizations, { hold: gate.hold });
    const clock = new BlockingClock();
    const fetch: Fetch = async (request) => {
      if (new URL(request.url).searchParams.get("page") === "2")
        return json({ error: { message: "Too many requests." } }, 429, { "retry-after": "5" });
      return asFetchDoes(server.fetch)(request);
    };
    const { client } = blynkClient({ fetch, clock });
    const controller = new AbortController();
    const reason = new Error("gave up during a page's backoff");

    const iteration = drain(client.organizations.items(search, { concurrency: 4, signal: controller.signal }));
    await clock.asleep;
    controller.abort(reason);
    const { items, error } = await iteration;

    expect(error).toBe(reason);
    expect(clock.sleeps).toEqual([5000]);
    expectEachOnceInOrder(
      items.map((organization) => organization.id),
      organizations.slice(0, items.length).map((organization) => organization.id),
    );
    expect(items.length % 50).toBe(0);
    const held = server.log.pages.filter((page) => page > 2).sort((a, b) => a - b);
    expect(held.length).toBeGreaterThan(0);
    expect([...server.log.aborted].sort((a, b) => a - b)).toEqual(held);
  });
});
