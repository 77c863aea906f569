import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { createBlynkClient, createRecruboClient, ValidationError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { forbiddenFetch, onlyRequest, scripted } from "../support/fetches.js";
import { blynkOrganization, orgId, recruboDocument, tokenResponse } from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

// Each carries a marker that must never show up in an error.
const unusable = {
  "a line feed": "rk_live_MARKER\nx-admin: yes",
  "a carriage return": "rk_live_MARKER\rmore",
  NUL: "rk_live_MARKER\u0000",
  "a tab": "rk_live_MARKER\tx",
  "a character beyond Latin-1": "rk_live_MARKER\u2713",
  "a leading space": " rk_live_MARKER",
  "4097 characters": `rk_live_MARKER${"x".repeat(4083)}`,
};
const cases = Object.entries(unusable).map(([name, value]) => ({ name, value }));

function expectHidden(error: Error): void {
  for (const text of [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })])
    expect(text).not.toContain("MARKER");
}

describe("credentials a header cannot carry", () => {
  test.each(cases)("a Recrubo API key with $name is refused by name when the client is built", ({ value }) => {
    const error = (() => {
      try {
        createRecruboClient({ apiKey: value });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("the client was built");
    })();

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(["apiKey"]);
    expectHidden(error);
  });

  test.each(cases)(
    "a Recrubo API key function returning one with $name fails the call before anything is sent",
    async ({ value }) => {
      const { fetch } = forbiddenFetch();
      const { client } = recruboClient({ apiKey: () => value, fetch });

      const error = await rejectionOf(client.organizations.get(orgId), ValidationError);

      expect(error.issues.map((issue) => issue.field)).toEqual(["apiKey"]);
      expect(fetch).not.toHaveBeenCalled();
      expectHidden(error);
    },
  );

  test.each(cases)(
    "a Blynk access token with $name, as a value or from a function, is refused by name",
    async ({ value }) => {
      const { fetch } = forbiddenFetch();
      const { client: fromFunction } = blynkClient({ auth: { accessToken: async () => value }, fetch });

      expect(() => createBlynkClient({ auth: { accessToken: value } })).toThrow(/auth\.accessToken/);
      const error = await rejectionOf(fromFunction.organizations.profile(), ValidationError);

      expect(error.issues.map((issue) => issue.field)).toEqual(["auth.accessToken"]);
      expect(fetch).not.toHaveBeenCalled();
      expectHidden(error);
    },
  );

  test.each([
    { field: "auth.clientId", auth: { clientId: "oa2-client-id:MARKER", clientSecret: "cs_secret_value" } },
    { field: "auth.clientId", auth: { clientId: "oa2-MARKER\r\n", clientSecret: "cs_secret_value" } },
    { field: "auth.clientSecret", auth: { clientId: "oa2-client-id", clientSecret: "cs_MARKER\n" } },
    { field: "auth.clientSecret", auth: { clientId: "oa2-client-id", clientSecret: "cs_MARKER\u0000" } },
  ])("Blynk client credentials are refused by name: $field", ({ field, auth }) => {
    let error: unknown;
    try {
      createBlynkClient({ auth });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual([field]);
    expectHidden(error as Error);
  });

  test("a client id and secret outside ASCII still work: HTTP Basic carries them encoded", async () => {
    const { fetch, requests } = scripted((request) =>
      new URL(request.url).pathname === "/oauth2/token"
        ? Response.json(tokenResponse)
        : Response.json(blynkOrganization),
    );
    const { client } = blynkClient({
      auth: { clientId: "oa2-client-id_ü", clientSecret: "sécret ✓" },
      fetch,
      retry: false,
    });

    await expect(client.organizations.profile()).resolves.toEqual(blynkOrganization);
    const tokenRequest = requests.find((request) => request.url.pathname === "/oauth2/token");
    expect(tokenRequest?.headers.get("authorization")).toBe(
      `Basic ${Buffer.from("oa2-client-id_ü:sécret ✓", "utf8").toString("base64")}`,
    );
  });

  test("a key with an inner space is sent: a header can carry it", async () => {
    const { fetch, requests } = scripted(() => Response.json(recruboDocument));
    const { client } = recruboClient({ apiKey: "rk live key", authScheme: "raw", fetch, retry: false });

    await client.organizations.get(orgId);

    expect(onlyRequest(requests).headers.get("authorization")).toBe("rk live key");
  });
});
