import { beforeAll, describe, expect, test } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  type BlynkClient,
  collect,
  createBlynkClient,
  NotFoundError,
  RateLimitError,
  ServerError,
} from "../../src/index.js";
import { FakeClock } from "../support/clock.js";
import { throughPrism } from "./prism.js";

// Every Blynk operation and both OAuth2 grants, through `prism proxy --errors` in front of the
// sandbox: a request or response that breaks openapi/blynk fails here.
describe("Blynk contract: client -> Prism proxy -> sandbox", () => {
  const clock = new FakeClock();
  const contract = throughPrism("blynk", { proxy: { clock } });
  const { recorder } = contract;
  const client = (clientSecret: string) =>
    createBlynkClient({
      auth: { clientId: contract.server.sandbox.credentials.blynk.clientId, clientSecret },
      baseUrl: contract.url,
      fetch: recorder.fetch,
      retry: false,
      clock,
    });
  let blynk: BlynkClient;
  beforeAll(() => {
    blynk = client(contract.server.sandbox.credentials.blynk.clientSecret);
  });

  test("a client-credentials token, then the profile", async () => {
    expect(await blynk.organizations.profile()).toMatchObject({ id: 1, name: "Acme Corp" });
    expect(recorder.exchanges.map((exchange) => exchange.request)).toEqual([
      `POST ${contract.url}/oauth2/token?grant_type=client_credentials`,
      `GET ${contract.url}/api/v1/organization/profile`,
    ]);
  });

  test("search and page through the hierarchy", async () => {
    const page = await blynk.organizations.search({ query: "branch", sortBy: "Name", sortOrder: "DESC", page: 1, size: 10 });
    expect(page.totalElements).toBe(30);
    expect(page.content[0]?.name).toBe("Acme Branch 020");
    expect(await collect(blynk.organizations.items({ query: "branch", size: 8 }, { concurrency: 3 }))).toHaveLength(30);
    expect((await blynk.organizations.get(5)).parentOrganizationId).toBe(1);
  });

  test("create under a parent, update, and delete children first", async () => {
    const parent = await blynk.organizations.create({ name: "Contract Parent", tz: "Europe/Kyiv", unitSystem: "IMPERIAL", phoneNumber: "+380441234567" });
    const child = await blynk.organizations.create({ name: "Contract Child", parentId: parent.id, description: "Made by the contract test" });
    expect(child.parentOrganizationId).toBe(parent.id);

    expect((await blynk.organizations.update({ name: "Contract Child Renamed" }, { orgId: child.id })).name).toBe("Contract Child Renamed");
    expect((await blynk.organizations.update({ name: "Acme Corp", tz: "Europe/Kyiv" })).id).toBe(1);

    await expect(blynk.organizations.delete(parent.id)).rejects.toBeInstanceOf(BadRequestError);
    await blynk.organizations.delete(child.id);
    await blynk.organizations.delete(parent.id);
    await expect(blynk.organizations.get(parent.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("the errors the sandbox sends are the spec's", async () => {
    await expect(blynk.organizations.get(99_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.update({ name: "Nobody" }, { orgId: 99_999 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.delete(99_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.create({ name: "Orphan", parentId: 99_999 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(blynk.organizations.search({ query: "acme", sortBy: "Colour" })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client("wrong-secret").organizations.profile()).rejects.toMatchObject({ constructor: AuthenticationError, status: 400 });

    contract.server.sandbox.faults.failNext(1, 429, { retryAfterSeconds: 3 });
    await expect(blynk.organizations.get(1)).rejects.toMatchObject({ constructor: RateLimitError, retryAfterMs: 3000 });
    contract.server.sandbox.faults.failNext(1, 500);
    await expect(blynk.organizations.search({ query: "acme" })).rejects.toBeInstanceOf(ServerError);

    const unauthorized = await globalThis.fetch(`${contract.url}/api/v1/organization/profile`, { headers: { authorization: "Bearer made-up" } });
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
