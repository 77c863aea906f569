import { inspect } from "node:util";
import { describe, expect, test, vi } from "vitest";
import { createBlynkClient, createRecruboClient, ValidationError } from "../../src/index.js";
import { basicSecret, basicUserId, credentialIssues } from "../../src/internal/secret.js";
import { blynkOrganization, orgId, recruboOrganization } from "../support/fixtures.js";
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

function neverCalled() {
  return vi.fn(async (_request: Request): Promise<Response> => {
    throw new Error("nothing may be sent");
  });
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
      const fetch = neverCalled();
      const client = createRecruboClient({ apiKey: () => value, fetch });

      const error = await rejectionOf(client.organizations.get(orgId), ValidationError);

      expect(error.issues.map((issue) => issue.field)).toEqual(["apiKey"]);
      expect(fetch).not.toHaveBeenCalled();
      expectHidden(error);
    },
  );

  test.each(cases)(
    "a Blynk access token with $name, as a value or from a function, is refused by name",
    async ({ value }) => {
      const fetch = neverCalled();
      const fromFunction = createBlynkClient({ auth: { accessToken: async () => value }, fetch });

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
    const fetch = vi.fn(async (request: Request) =>
      new URL(request.url).pathname === "/oauth2/token"
        ? Response.json({
            access_token: "eIdWHQqRfFmvP5LDDh-IGxPUzi7I27HthzCPAVmS",
            token_type: "Bearer",
            expires_in: 86400,
            refresh_token: null,
          })
        : Response.json(blynkOrganization),
    );
    const client = createBlynkClient({
      auth: { clientId: "oa2-client-id_ü", clientSecret: "sécret ✓" },
      fetch,
      retry: false,
    });

    await expect(client.organizations.profile()).resolves.toEqual(blynkOrganization);
    const tokenRequest = fetch.mock.calls
      .map(([request]) => request)
      .find((request) => new URL(request.url).pathname === "/oauth2/token");
    expect(tokenRequest?.headers.get("authorization")).toBe(
      `Basic ${Buffer.from("oa2-client-id_ü:sécret ✓", "utf8").toString("base64")}`,
    );
  });

  test("a key with an inner space is sent: a header can carry it", async () => {
    const fetch = vi.fn(async (_request: Request) => Response.json({ data: recruboOrganization, meta: {} }));
    const client = createRecruboClient({ apiKey: "rk live key", authScheme: "raw", fetch, retry: false });

    await client.organizations.get(orgId);

    expect(fetch.mock.calls[0]![0].headers.get("authorization")).toBe("rk live key");
  });
});

describe("credentialIssues", () => {
  const headerMessage =
    "must be printable ASCII without leading or trailing spaces: it is sent in an HTTP header, which cannot carry line breaks, NUL or other control characters";
  const pattern = (message: string) => [{ field: "apiKey", rule: "pattern", message }];

  test.each([undefined, null, 42, { length: 3 }])("refuses %o as not a string", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([
      { field: "apiKey", rule: "type", message: "must be a string" },
    ]);
  });

  test("refuses an empty value as empty, whatever the rule", () => {
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("", "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "minLength", message: "must not be empty" },
      ]);
    }
  });

  test("accepts 4096 characters and refuses 4097 as too long, whatever the rule", () => {
    expect(credentialIssues("x".repeat(4096), "apiKey")).toStrictEqual([]);
    for (const rule of [undefined, basicSecret, basicUserId]) {
      expect(credentialIssues("x".repeat(4097), "apiKey", rule)).toStrictEqual([
        { field: "apiKey", rule: "maxLength", message: "must be at most 4096 characters" },
      ]);
    }
  });

  test.each(["a", "!", "~", "ab", "rk live key", "a  b"])("accepts %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual([]);
  });

  test.each([" ", " a", "a ", "\u0000a", "a\u0000", "a\tb", "a\u007f", "\u00e9"])("refuses %j in a header", (value) => {
    expect(credentialIssues(value, "apiKey")).toStrictEqual(pattern(headerMessage));
  });

  test("accepts any text without control characters as a Basic secret", () => {
    for (const value of [" ", "s", "sécret ✓", "a:b"])
      expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual([]);
  });

  test.each(["\u0000abc", "\nabc", "ab\rc", "abc\u0000"])("refuses %j as a Basic secret", (value) => {
    expect(credentialIssues(value, "apiKey", basicSecret)).toStrictEqual(
      pattern("must not contain line breaks, NUL or other control characters"),
    );
  });

  test("accepts any text without a colon or control characters as a Basic user id", () => {
    for (const value of [" ", "i", "oa2-client-id_ü"])
      expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual([]);
  });

  test.each([":", "id:x", "\u0000id", "id\n"])("refuses %j as a Basic user id", (value) => {
    expect(credentialIssues(value, "apiKey", basicUserId)).toStrictEqual(
      pattern(
        'must not contain ":" (HTTP Basic separates the id from the secret with it, RFC 7617), line breaks or other control characters',
      ),
    );
  });
});
