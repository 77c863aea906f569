import { afterEach, describe, expect, test, vi } from "vitest";
import {
  createBlynkClient,
  createRecruboClient,
  NotFoundError,
  UnexpectedResponseError,
  ValidationError,
  VERSION,
} from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { forbiddenFetch, scripted } from "../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  blynkOrganizations,
  partnerKey,
  recruboOrganization,
} from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

/** A Blynk client whose fetch records each request and answers with `answer`. */
function blynk(answer: (request: Request) => Response) {
  const sent: Request[] = [];
  const client = createBlynkClient({
    auth: { accessToken },
    retry: false,
    rateLimit: false,
    fetch: async (request) => {
      sent.push(request);
      return answer(request);
    },
  });
  return { client, sent };
}

describe("the facade", () => {
  test("sends each operation's method to its path, with the arguments where the spec puts them", async () => {
    const { client, sent } = blynk((request) =>
      request.method === "DELETE"
        ? new Response(null, { status: 204 })
        : request.url.includes("search")
          ? Response.json({ content: [], totalElements: 0 })
          : Response.json(blynkOrganization),
    );

    await client.organizations.get(7);
    await client.organizations.search({ query: "acme", size: 10 });
    await client.organizations.update({ name: "Acme" }, { orgId: 7 });
    await client.organizations.update({ name: "Acme" });
    await client.organizations.delete(7);

    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${blynkBaseUrl}/api/v1/organization?orgId=7`,
      `GET ${blynkBaseUrl}/api/v1/organization/search?query=acme&size=10`,
      `PUT ${blynkBaseUrl}/api/v1/organization/edit/name?orgId=7`,
      `PUT ${blynkBaseUrl}/api/v1/organization/edit/name`,
      `DELETE ${blynkBaseUrl}/api/v1/organization?orgId=7`,
    ]);
    expect(await sent[2]!.text()).toBe(JSON.stringify({ name: "Acme" }));
    expect(sent[2]!.headers.get("content-type")).toBe("application/json");
    expect(sent[0]!.headers.get("content-type")).toBeNull();
  });

  test.each([
    {
      method: "PUT",
      call: (client: ReturnType<typeof blynk>["client"]) => client.organizations.update({ name: "Acme" }),
    },
    {
      method: "POST",
      call: (client: ReturnType<typeof blynk>["client"]) => client.organizations.create({ name: "Acme" }),
    },
    { method: "DELETE", call: (client: ReturnType<typeof blynk>["client"]) => client.organizations.delete(7) },
  ])("reports a failed $method with the method that was sent", async ({ call, method }) => {
    const { client, sent } = blynk(() =>
      Response.json({ error: { message: "Organization is not found." } }, { status: 404 }),
    );

    const error = await rejectionOf(call(client), NotFoundError);

    expect(error.method).toBe(method);
    expect(error.message).toMatch(new RegExp(`^404 Not Found: ${method} ${blynkBaseUrl}/`));
    expect(sent.map((request) => request.method)).toEqual([method]);
  });

  test("a missing body, or a query with required members, is refused as missing, never filled in", async () => {
    const { fetch, urls } = forbiddenFetch();
    const { client: blynk } = blynkClient({ fetch });
    const { client: recrubo } = recruboClient({ fetch });
    const refused = async (call: () => Promise<unknown>) =>
      (await rejectionOf(call(), ValidationError)).issues.map(({ field, rule }) => `${field} ${rule}`);
    const missing = undefined as never;

    expect(await refused(() => blynk.organizations.create(missing))).toEqual(["argument type"]);
    expect(await refused(() => blynk.organizations.search(missing))).toEqual(["argument type"]);
    expect(await refused(() => recrubo.organizations.create(missing))).toEqual(["argument type"]);
    expect(urls).toEqual([]);
  });

  test("leaves the options object a caller passes as it was", async () => {
    const { client, sent } = blynk(() => Response.json(blynkOrganization));
    const options = { orgId: 7, timeoutMs: 5000 };

    await client.organizations.update({ name: "Acme" }, options);

    expect(options).toEqual({ orgId: 7, timeoutMs: 5000 });
    expect(sent[0]!.url).toBe(`${blynkBaseUrl}/api/v1/organization/edit/name?orgId=7`);
  });

  test("pages a search up to its total at the size it asks for, each page once", async () => {
    const content = blynkOrganizations(5);
    const page = (from: number) => () => Response.json({ content: content.slice(from, from + 2), totalElements: 5 });
    const { fetch, requests } = scripted(page(0), page(2), page(4));
    const { client } = blynkClient({ fetch, rateLimit: false });

    const ids: unknown[] = [];
    for await (const organization of client.organizations.items({ query: "acme", size: 2 })) ids.push(organization.id);

    expect(ids).toEqual(content.map((organization) => organization.id));
    expect(requests.map(({ url }) => `${url.searchParams.get("page")}/${url.searchParams.get("size")}`)).toEqual([
      "0/2",
      "1/2",
      "2/2",
    ]);
  });

  test("a success without the body its operation promises fails as unexpected rather than resolving with nothing", async () => {
    const { client } = blynk(() => new Response(null, { status: 204 }));

    const error = await rejectionOf(client.organizations.profile(), UnexpectedResponseError);

    expect(error.issues).toEqual([expect.objectContaining({ field: "body", rule: "type" })]);
    expect(error).toMatchObject({ status: 204, method: "GET" });
  });

  test("resolves a delete with nothing, whatever JSON its success carries", async () => {
    for (const response of [new Response(null, { status: 204 }), Response.json({ deleted: true })]) {
      const { client } = blynk(() => response);
      await expect(client.organizations.delete(7)).resolves.toBeUndefined();
    }
  });

  test("builds a JSON:API document around the attributes, with the resource's type and, on an update, its id", async () => {
    const bodies: unknown[] = [];
    const recrubo = createRecruboClient({
      apiKey: partnerKey,
      fetch: async (request) => {
        bodies.push(await request.json());
        return Response.json({ data: recruboOrganization }, { status: request.method === "POST" ? 201 : 200 });
      },
    });

    await recrubo.organizations.create({ name: "Acme" });
    await recrubo.organizations.update(recruboOrganization.id, { name: "Acme 2" });

    expect(bodies).toEqual([
      { data: { type: "organizations", attributes: { name: "Acme" } } },
      { data: { id: recruboOrganization.id, type: "organizations", attributes: { name: "Acme 2" } } },
    ]);
  });

  test("returns a resource from its document, and learns the secrets it shows", async () => {
    const logged: string[] = [];
    const recrubo = createRecruboClient({
      apiKey: partnerKey,
      logger: { debug: (line) => logged.push(line), info: () => {}, warn: () => {}, error: () => {} },
      fetch: async (request) =>
        request.url.endsWith("/echo")
          ? Response.json({ data: recruboOrganization })
          : Response.json({ data: recruboOrganization }, { status: 201 }),
    });

    const created = await recrubo.organizations.create({ name: "Acme" });
    await recrubo.raw.GET(`/public/v2/management/organizations/{id}`, {
      params: { path: { id: created.attributes.token! } },
    });

    expect(created).toEqual(recruboOrganization);
    expect(logged.join("\n")).not.toContain(recruboOrganization.attributes.token);
  });
});

describe("the User-Agent", () => {
  afterEach(() => vi.unstubAllGlobals());

  const userAgentSent = async () => {
    const { client, sent } = blynk(() => Response.json(blynkOrganization));
    await client.organizations.profile();
    return sent[0]!.headers.get("user-agent");
  };

  test("is left to the browser on a page, where setting it would cost a CORS preflight", async () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(await userAgentSent()).toBeNull();
  });

  test("is orgkit's where there is no page: Node, workers, and Deno, which has a window but no document", async () => {
    expect(await userAgentSent()).toBe(`orgkit/${VERSION}`);
    vi.stubGlobal("window", {});
    expect(await userAgentSent()).toBe(`orgkit/${VERSION}`);
    vi.unstubAllGlobals();
    vi.stubGlobal("document", {});
    expect(await userAgentSent()).toBe(`orgkit/${VERSION}`);
  });
});
