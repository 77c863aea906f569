import nock from "nock";
import { describe, expect, test, vi } from "vitest";
import {
  ApiError,
  type BlynkClientOptions,
  createBlynkClient,
  createRecruboClient,
  ValidationError,
} from "../../../src/index.js";
import { FakeClock } from "../../support/clock.js";
import { type Answer, scripted } from "../../support/fetches.js";
import {
  accessToken,
  blynkBaseUrl,
  blynkOrganization,
  partnerKey,
  recruboBaseUrl,
  recruboOrganization,
} from "../../support/fixtures.js";
import { rejectionOf } from "../../support/rejection.js";

const regionalBaseUrl = "https://fra1.blynk.cloud";
const profilePath = "/api/v1/organization/profile";
const newOrganization = { name: "Acme Corp", tz: "Europe/Kyiv" };
const customCredential = "xk_custom_credential_5e7d";

function blynk(options: Partial<BlynkClientOptions> = {}) {
  return createBlynkClient({ auth: { accessToken }, clock: new FakeClock(), ...options });
}

/** An answer for `scripted`: `status`, with `location` if given and `body` as JSON. */
function reply({ status, location, body }: { status: number; location?: string; body?: unknown }): Answer {
  return () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...(location ? { location } : {}) },
    });
}

describe("redirect", () => {
  test.each([307, 308])("follows a same-origin %i with the same method, body and Authorization", async (status) => {
    const { fetch, requests, lines } = scripted(
      reply({ status, location: "/api/v2/organization/edit/name?orgId=7" }),
      reply({ status: 200, body: blynkOrganization }),
    );
    const client = blynk({ fetch });

    await expect(client.organizations.update({ name: "Acme Corp" }, { orgId: 7 })).resolves.toEqual(blynkOrganization);

    expect(lines()).toEqual([
      `PUT ${blynkBaseUrl}/api/v1/organization/edit/name?orgId=7`,
      `PUT ${blynkBaseUrl}/api/v2/organization/edit/name?orgId=7`,
    ]);
    const [first, second] = requests;
    expect(second?.body).toBe(JSON.stringify({ name: "Acme Corp" }));
    expect(second?.body).toBe(first?.body);
    expect(second?.headers.get("authorization")).toBe(`Bearer ${accessToken}`);
    expect(second?.headers.get("content-type")).toBe("application/json");
  });

  test("follows a same-origin 307 of a POST through nock, body and credentials intact", async () => {
    const scope = nock(blynkBaseUrl, { reqheaders: { authorization: `Bearer ${accessToken}` } })
      .post("/api/v1/organization/create", newOrganization)
      .reply(307, "", { location: `${blynkBaseUrl}/api/v1/organization/new` })
      .post("/api/v1/organization/new", newOrganization)
      .reply(201, { ...blynkOrganization, id: 751 });

    await expect(blynk().organizations.create(newOrganization)).resolves.toMatchObject({ id: 751 });
    scope.done();
  });

  test("follows a 303 with a GET without body or Content-Type", async () => {
    const { fetch, requests, lines } = scripted(
      reply({ status: 303, location: "/api/v1/organization?orgId=751" }),
      reply({ status: 200, body: blynkOrganization }),
    );

    await expect(blynk({ fetch }).organizations.create(newOrganization)).resolves.toEqual(blynkOrganization);

    expect(lines()).toEqual([
      `POST ${blynkBaseUrl}/api/v1/organization/create`,
      `GET ${blynkBaseUrl}/api/v1/organization?orgId=751`,
    ]);
    const second = requests[1];
    expect(second?.body).toBe("");
    expect(second?.headers.has("content-type")).toBe(false);
    expect(second?.headers.get("authorization")).toBe(`Bearer ${accessToken}`);
  });

  test("keeps a HEAD a HEAD on a same-origin 303", async () => {
    const { fetch, lines } = scripted(
      reply({ status: 303, location: "/api/v1/organization?orgId=751" }),
      reply({ status: 200 }),
    );

    // The spec declares no HEAD, so the types refuse the path; the transport sends it all the same.
    const { response } = await blynk({ fetch }).raw.HEAD("/api/v1/organization/profile" as never);

    expect(response.status).toBe(200);
    expect(lines()).toEqual([
      `HEAD ${blynkBaseUrl}/api/v1/organization/profile`,
      `HEAD ${blynkBaseUrl}/api/v1/organization?orgId=751`,
    ]);
  });

  test.each([301, 302])("turns a POST into a GET on a same-origin %i", async (status) => {
    const { fetch, requests } = scripted(
      reply({ status, location: "/api/v1/organization?orgId=751" }),
      reply({ status: 200, body: blynkOrganization }),
    );

    await blynk({ fetch }).organizations.create(newOrganization);

    expect(requests.map(({ method }) => method)).toEqual(["POST", "GET"]);
    expect(requests[1]?.body).toBe("");
  });

  test("keeps the method of a PUT on a same-origin 301", async () => {
    const { fetch, requests } = scripted(
      reply({ status: 301, location: "/api/v2/organization/edit/name" }),
      reply({ status: 200, body: blynkOrganization }),
    );

    await blynk({ fetch }).organizations.update({ name: "Acme Corp" });

    expect(requests.map(({ method }) => method)).toEqual(["PUT", "PUT"]);
    expect(requests[1]?.body).toBe(JSON.stringify({ name: "Acme Corp" }));
  });

  describe("to another origin", () => {
    test("does not follow it and tells to set baseUrl to the other origin", async () => {
      const home = nock(blynkBaseUrl)
        .get(profilePath)
        .reply(308, "", { location: `${regionalBaseUrl}${profilePath}` });
      const regional = nock(regionalBaseUrl).get(profilePath).reply(200, blynkOrganization);

      const error = await blynk()
        .organizations.profile()
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiError);
      const { status, message, hint, url } = error as ApiError;
      expect(status).toBe(308);
      expect(url).toBe(`${blynkBaseUrl}${profilePath}`);
      expect(hint).toContain(`Set baseUrl to ${regionalBaseUrl}`);
      expect(message).toContain(`308 Permanent Redirect: GET ${blynkBaseUrl}${profilePath}`);
      expect(message).toContain(`Set baseUrl to ${regionalBaseUrl}`);
      home.done();
      expect(regional.isDone()).toBe(false);
    });

    test.each([
      { method: "GET", path: profilePath, call: (client: ReturnType<typeof blynk>) => client.organizations.profile() },
      {
        method: "POST",
        path: "/api/v1/organization/create",
        call: (client: ReturnType<typeof blynk>) => client.organizations.create(newOrganization),
      },
      {
        method: "PUT",
        path: "/api/v1/organization/edit/name?orgId=7",
        call: (client: ReturnType<typeof blynk>) => client.organizations.update({ name: "Acme Corp" }, { orgId: 7 }),
      },
      {
        method: "DELETE",
        path: "/api/v1/organization?orgId=7",
        call: (client: ReturnType<typeof blynk>) => client.organizations.delete(7),
      },
    ])("sends nothing to the other origin, whatever the method: $method", async ({ path, call }) => {
      const { fetch, requests } = scripted(
        reply({ status: 307, location: `${regionalBaseUrl}${path}` }),
        reply({ status: 200, body: blynkOrganization }),
      );

      const error = await call(blynk({ fetch })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 307 });
      expect(requests.map(({ url }) => url.href)).toEqual([`${blynkBaseUrl}${path}`]);
    });

    test("does not retry it", async () => {
      const { fetch, requests } = scripted(
        reply({ status: 308, location: `${regionalBaseUrl}${profilePath}` }),
        reply({ status: 200, body: blynkOrganization }),
      );

      await expect(blynk({ fetch }).organizations.profile()).rejects.toBeInstanceOf(ApiError);
      expect(requests).toHaveLength(1);
    });

    test("never sends Authorization or a per-call credential header there, even after a same-origin hop", async () => {
      const { fetch, requests } = scripted(
        reply({ status: 307, location: "/api/v1/organization/profile-moved" }),
        reply({ status: 308, location: `${regionalBaseUrl}${profilePath}` }),
        reply({ status: 200, body: blynkOrganization }),
      );

      const error = await blynk({ fetch })
        .organizations.profile({ headers: { "x-api-key": customCredential } })
        .catch((caught: unknown) => caught);

      expect(error).toMatchObject({ status: 308 });
      expect(requests.map(({ url }) => url.origin)).toEqual([blynkBaseUrl, blynkBaseUrl]);
      for (const request of requests) {
        expect(request.headers.get("x-api-key")).toBe(customCredential);
        expect(request.headers.get("authorization")).toBe(`Bearer ${accessToken}`);
      }
    });

    test("never sends the per-call credential header there through nock", async () => {
      const home = nock(blynkBaseUrl, { reqheaders: { "x-api-key": customCredential } })
        .get(profilePath)
        .reply(308, "", { location: `${regionalBaseUrl}${profilePath}` });
      const regional = nock(regionalBaseUrl).get(profilePath).reply(200, blynkOrganization);

      await expect(blynk().organizations.profile({ headers: { "x-api-key": customCredential } })).rejects.toMatchObject(
        { status: 308 },
      );
      home.done();
      expect(regional.pendingMocks()).toHaveLength(1);
    });

    test.each([
      ["plain http on the same host", "http://blynk.cloud/api/v1/organization/profile"],
      ["another port on the same host", "https://blynk.cloud:8443/api/v1/organization/profile"],
      ["a sub-domain", "https://api.blynk.cloud/api/v1/organization/profile"],
    ])("does not follow a redirect to %s", async (_, location) => {
      const { fetch, requests } = scripted(
        reply({ status: 307, location }),
        reply({ status: 200, body: blynkOrganization }),
      );

      const error = await blynk({ fetch })
        .organizations.profile()
        .catch((caught: unknown) => caught);

      expect(error).toMatchObject({ status: 307 });
      expect((error as ApiError).hint).toContain(`Set baseUrl to ${new URL(location).origin}`);
      expect(requests).toHaveLength(1);
    });

    test("does not send a Recrubo key to another origin", async () => {
      const home = nock(recruboBaseUrl)
        .get("/public/v2/management/organizations/")
        .reply(302, "", { location: "https://api-staging.recrubo.app/public/v2/management/organizations/" });
      const staging = nock("https://api-staging.recrubo.app")
        .get("/public/v2/management/organizations/")
        .reply(200, { data: [recruboOrganization], meta: {} });
      const client = createRecruboClient({ apiKey: partnerKey, authScheme: "raw", clock: new FakeClock() });

      const error = await client.organizations.list().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 302 });
      expect((error as ApiError).message).not.toContain(partnerKey);
      home.done();
      expect(staging.isDone()).toBe(false);
    });
  });

  describe("to a URL with a user name and password", () => {
    test.each([
      {
        case: "an absolute Location on the same origin",
        location: `https://user:pw-4f9a@${new URL(blynkBaseUrl).host}/moved`,
      },
      { case: "a password alone", location: `https://:pw-4f9a@${new URL(blynkBaseUrl).host}/moved` },
      { case: "a user name alone", location: `https://user-pw-4f9a@${new URL(blynkBaseUrl).host}/moved` },
      { case: "another origin", location: `https://user:pw-4f9a@fra1.blynk.cloud/moved` },
    ])(
      "is not followed, from $case: the 3xx is an ApiError whose hint says why and quotes neither",
      async ({ location }) => {
        const { fetch, requests } = scripted(
          reply({ status: 307, location }),
          reply({ status: 200, body: blynkOrganization }),
        );

        const error = await rejectionOf(blynk({ fetch, retry: false }).organizations.profile(), ApiError);

        expect(error).toMatchObject({ status: 307 });
        expect(requests).toHaveLength(1);
        const { hint, message } = error;
        if (new URL(location).origin === blynkBaseUrl) expect(hint).toMatch(/user name and password/);
        for (const text of [hint, message, JSON.stringify(error)]) {
          expect(text).not.toContain("pw-4f9a");
          expect(text).not.toContain("user:");
        }
      },
    );
  });

  test.each(["@evil.example/x", ".evil.example/x", ":8443/x", "?x=1"])(
    "refuses a raw path that would leave the base URL (%s) with a ValidationError, sending nothing",
    async (path) => {
      const { fetch, requests } = scripted(reply({ status: 200, body: blynkOrganization }));
      const client = blynk({ fetch });

      // biome-ignore lint/suspicious/noExplicitAny: a path no spec holds, as untyped code could pass
      const error = await (client.raw as any).GET(path).catch((caught: unknown) => caught);

      if (path.startsWith("?")) {
        expect(requests).toHaveLength(1); // a query alone stays on the base URL
        return;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: "path", rule: "format" })]);
      expect(requests).toHaveLength(0);
    },
  );

  test("stops following after 5 same-origin redirects", async () => {
    const hops = Array.from({ length: 7 }, (_, hop) => ({
      status: 307,
      location: `/api/v1/organization/profile?hop=${hop + 1}`,
    }));
    const { fetch, requests } = scripted(...hops.map(reply));

    const error = await blynk({ fetch, retry: false })
      .organizations.profile()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 307 });
    expect(requests).toHaveLength(6);
  });

  test("names the redirecting URL when the fetch option answers without a response URL", async () => {
    const fetch = vi.fn(
      async () => new Response(null, { status: 308, headers: { location: `${regionalBaseUrl}${profilePath}` } }),
    );

    const error = await blynk({ fetch })
      .organizations.profile()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 308, url: `${blynkBaseUrl}${profilePath}` });
    expect((error as ApiError).message).toContain(`GET ${blynkBaseUrl}${profilePath}`);
  });

  test.each([
    {
      case: "a Location that does not parse",
      answer: { status: 308, location: "http://[bad" },
      hint: "The server redirected without a valid Location; check baseUrl.",
    },
    {
      case: "no Location",
      answer: { status: 307 },
      hint: "The server redirected without a valid Location; check baseUrl.",
    },
    {
      case: "a 300",
      answer: { status: 300, location: "/api/v1/organization/profile?x=1" },
      hint: expect.stringMatching(/^orgkit follows only the redirects 301/),
    },
    {
      case: "a 305",
      answer: { status: 305, location: "http://proxy.example.com" },
      hint: expect.stringMatching(/^orgkit follows only the redirects 301/),
    },
    {
      case: "a 399",
      answer: { status: 399, location: "/x" },
      hint: expect.stringMatching(/^orgkit follows only the redirects 301/),
    },
  ])("a 3xx with $case is not followed and becomes an ApiError with a hint", async ({ answer, hint }) => {
    const { fetch, requests } = scripted(reply(answer));

    const error = await rejectionOf(blynk({ fetch, retry: false }).organizations.profile(), ApiError);

    expect(error).toMatchObject({ status: answer.status, hint });
    expect(requests).toHaveLength(1);
  });
});
