import { beforeAll, describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type BlynkClient,
  collect,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "../../src/index.js";
import { blynkClient } from "../support/clients.js";
import { FakeClock } from "../support/clock.js";
import { rejectionOf } from "../support/rejection.js";
import { throughPrism } from "./prism.js";

// Every Blynk operation and both OAuth2 grants, through `prism proxy --errors` in front of the
// sandbox: a request or response that breaks openapi/blynk fails here.
describe("Blynk contract: client -> Prism proxy -> sandbox", () => {
  const clock = new FakeClock();
  const contract = throughPrism("blynk", { proxy: { clock } });
  const { recorder } = contract;
  const through = () => ({ baseUrl: contract.url, fetch: recorder.fetch, retry: false as const, clock });
  let blynk: BlynkClient;
  beforeAll(() => {
    blynk = blynkClient({ sandbox: contract.server.sandbox, ...through() }).client;
  });

  test("a client-credentials token, then the profile", async () => {
    expect(await blynk.organizations.profile()).toMatchObject({ id: 1, name: "Acme Corp" });
    expect(recorder.exchanges.map((exchange) => exchange.request)).toEqual([
      `POST ${contract.url}/oauth2/token?grant_type=client_credentials`,
      `GET ${contract.url}/api/v1/organization/profile`,
    ]);
  });

  test("search and page through the hierarchy", async () => {
    const page = await blynk.organizations.search({
      query: "branch",
      sortBy: "Name",
      sortOrder: "DESC",
      page: 1,
      size: 10,
    });
    expect(page.totalElements).toBe(30);
    expect(page.content[0]?.name).toBe("Acme Branch 020");
    expect(await collect(blynk.organizations.items({ query: "branch", size: 8 }, { concurrency: 3 }))).toHaveLength(30);
    const pages = await collect(blynk.organizations.pages({ query: "branch", size: 12 }));
    expect(pages.map((page) => page.content.length)).toEqual([12, 12, 6]);
    expect((await blynk.organizations.get(5)).parentOrganizationId).toBe(1);
  });

  test("create under a parent, update, and delete children first", async () => {
    const parent = await blynk.organizations.create({
      name: "Contract Parent",
      tz: "Europe/Kyiv",
      unitSystem: "IMPERIAL",
      phoneNumber: "+380441234567",
    });
    const child = await blynk.organizations.create({
      name: "Contract Child",
      parentId: parent.id,
      description: "Made by the contract test",
    });
    expect(child.parentOrganizationId).toBe(parent.id);

    expect((await blynk.organizations.update({ name: "Contract Child Renamed" }, { orgId: child.id })).name).toBe(
      "Contract Child Renamed",
    );
    expect((await blynk.organizations.update({ name: "Acme Corp" })).id).toBe(1);

    await expect(blynk.organizations.delete(parent.id)).rejects.toBeInstanceOf(BadRequestError);
    await blynk.organizations.delete(child.id);
    await blynk.organizations.delete(parent.id);
    await expect(blynk.organizations.get(parent.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("rename by orgId and the token's own organization, at PUT /api/v1/organization/edit/name", async () => {
    const branch = await blynk.organizations.create({ name: "Contract Rename", description: "kept" });

    const renamed = await blynk.organizations.update({ name: "Contract Renamed" }, { orgId: branch.id });
    const root = await blynk.organizations.update({ name: "Acme Corp Renamed" });

    expect(renamed).toMatchObject({
      id: branch.id,
      name: "Contract Renamed",
      description: "kept",
      parentOrganizationId: 1,
    });
    expect(root).toMatchObject({ id: 1, name: "Acme Corp Renamed", tz: "Europe/Kyiv", unitSystem: "METRIC" });
    expect(
      recorder.exchanges
        .filter((exchange) => exchange.request.startsWith("PUT "))
        .map(({ request, status }) => ({ request, status })),
    ).toEqual([
      { request: `PUT ${contract.url}/api/v1/organization/edit/name?orgId=${branch.id}`, status: 200 },
      { request: `PUT ${contract.url}/api/v1/organization/edit/name`, status: 200 },
    ]);
    expect((await blynk.organizations.profile()).name).toBe("Acme Corp Renamed");
    await blynk.organizations.update({ name: "Acme Corp" });
    await blynk.organizations.delete(branch.id);
  });

  test("create with a type, which the answer does not carry", async () => {
    const branch = await blynk.organizations.create({ name: "Contract Typed Branch", type: "BRANCH" });
    const reseller = await blynk.organizations.create({
      name: "Contract Typed Reseller",
      type: "RESELLER",
      parentId: branch.id,
    });

    expect(branch).toMatchObject({ name: "Contract Typed Branch", parentOrganizationId: 1 });
    expect(branch).not.toHaveProperty("type");
    expect(reseller).toMatchObject({ name: "Contract Typed Reseller", parentOrganizationId: branch.id });
    expect(
      recorder.exchanges
        .filter((exchange) => exchange.request.startsWith("POST ") && exchange.request.endsWith("/create"))
        .map((exchange) => exchange.status),
    ).toEqual([201, 201]);
    await blynk.organizations.delete(reseller.id);
    await blynk.organizations.delete(branch.id);
  });

  test("a 4th level is created, and a 5th refused with 400 in Blynk's error format", async () => {
    // Branch 005 (id 6) is seeded at level 3, under branch 004.
    const level4 = await blynk.organizations.create({ name: "Contract Level Four", parentId: 6 });

    const refused = await rejectionOf(
      blynk.organizations.create({ name: "Contract Level Five", parentId: level4.id }),
      ApiError,
    );

    expect(level4.parentOrganizationId).toBe(6);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused.body).toEqual({
      error: {
        message:
          "Some of the validations have not been passed: parentId is at level 4, and a hierarchy is at most 4 levels deep.",
      },
    });
    expect(
      (await blynk.organizations.search({ query: "Contract Level" })).content.map((organization) => organization.id),
    ).toEqual([level4.id]);
    await blynk.organizations.delete(level4.id);
  });

  test("the errors the sandbox sends are the spec's", async () => {
    await expect(blynk.organizations.get(99_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.update({ name: "Nobody" }, { orgId: 99_999 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(blynk.organizations.delete(99_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.create({ name: "Orphan", parentId: 99_999 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(blynk.organizations.delete(1)).rejects.toBeInstanceOf(BadRequestError);
    const sent = recorder.exchanges.length;
    // A label or a field the spec does not list never leaves the client, so Prism never sees it.
    // @ts-expect-error "Colour" is not a label of the spec's sortBy enum
    await expect(blynk.organizations.search({ query: "acme", sortBy: "Colour" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // @ts-expect-error the rename takes the name alone
    await expect(blynk.organizations.update({ name: "Acme Corp", tz: "Europe/Kyiv" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // @ts-expect-error "FRANCHISE" is not a kind the spec lists
    await expect(blynk.organizations.create({ name: "Odd", type: "FRANCHISE" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(recorder.exchanges).toHaveLength(sent);
    await expect(
      blynkClient({
        auth: { clientId: contract.server.sandbox.credentials.blynk.clientId, clientSecret: "wrong-secret" },
        ...through(),
      }).client.organizations.profile(),
    ).rejects.toMatchObject({
      constructor: AuthenticationError,
      status: 400,
    });

    contract.server.sandbox.faults.failNext(1, 429, { retryAfterSeconds: 3 });
    await expect(blynk.organizations.get(1)).rejects.toMatchObject({ constructor: RateLimitError, retryAfterMs: 3000 });
    contract.server.sandbox.faults.failNext(1, 500);
    await expect(blynk.organizations.search({ query: "acme" })).rejects.toBeInstanceOf(ServerError);

    const unauthorized = await globalThis.fetch(`${contract.url}/api/v1/organization/profile`, {
      headers: { authorization: "Bearer made-up" },
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("sl-violations")).toBeNull();
  });

  test("in the token's last minute it is renewed with the refresh token", async () => {
    await blynk.organizations.profile();
    clock.advance(24 * 60 * 60 * 1000 - 30_000);
    recorder.exchanges.length = 0;
    await blynk.organizations.profile();
    expect(recorder.exchanges[0]?.request).toMatch(/\/oauth2\/token\?grant_type=refresh_token&refresh_token=/);
    expect(recorder.exchanges.map((exchange) => exchange.status)).toEqual([200, 200]);
  });
});
