import { describe, expect, test, vi } from "vitest";
import {
  type CommonOptions,
  createBlynkClient,
  createRecruboClient,
  ValidationError,
  type ValidationIssue,
} from "../../src/index.js";
import { accessToken, blynkOrganization, orgId, partnerKey, recruboOrganization } from "../support/fixtures.js";

/** Both clients, built from the same common options, each with a fetch that records what it is sent. */
const clients = [
  {
    api: "Recrubo",
    build(options: CommonOptions) {
      const fetch = vi.fn(async (_request: Request) => Response.json({ data: recruboOrganization, meta: {} }));
      const client = createRecruboClient({ apiKey: partnerKey, retry: false, ...options, fetch });
      return {
        fetch,
        call: () => client.organizations.get(orgId),
        path: `/public/v2/management/organizations/${orgId}`,
      };
    },
  },
  {
    api: "Blynk",
    build(options: CommonOptions) {
      const fetch = vi.fn(async (_request: Request) => Response.json(blynkOrganization));
      const client = createBlynkClient({ auth: { accessToken }, retry: false, ...options, fetch });
      return { fetch, call: () => client.organizations.profile(), path: "/api/v1/organization/profile" };
    },
  },
];

/** The issues of the ValidationError that `build` throws; fails the test when it throws nothing or something else. */
function issuesOf(build: () => unknown): ValidationIssue[] {
  try {
    build();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error("the client was built");
}

describe.each(clients)("$api client construction", ({ build }) => {
  test.each(["http://api.example.com", "http://blynk.cloud", "http://192.168.1.10:8080"])(
    "refuses the plain-http base URL %s",
    (baseUrl) => {
      const issues = issuesOf(() => build({ baseUrl }));

      expect(issues).toEqual([{ field: "baseUrl", rule: "https", message: expect.stringContaining("must use https") }]);
      expect(issues[0]?.message).toContain(new URL(baseUrl).host);
    },
  );

  test.each([
    "http://127.0.0.1:8080",
    "http://127.0.0.53:8080",
    "http://127.10.200.254",
    "http://localhost:3000",
    "http://[::1]:3000",
  ])("sends to the loopback base URL %s", async (baseUrl) => {
    const { fetch, call, path } = build({ baseUrl });

    await call();

    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.mock.calls[0]![0].url).toBe(`${baseUrl}${path}`);
  });

  test.each([
    "http://evil-localhost:3000",
    "http://localhost.example.com",
    "http://127.0.0.1.example.com",
    "http://localhost.evil",
    // A name the system resolver answers for, with whatever address it likes.
    "http://api.localhost:4010",
    "http://localhost.:4010",
  ])("refuses the plain-http base URL %s, which only looks like a loopback host", (baseUrl) => {
    expect(issuesOf(() => build({ baseUrl }))).toEqual([
      {
        field: "baseUrl",
        rule: "https",
        message: expect.stringContaining(`in clear text to ${new URL(baseUrl).host}.`),
      },
    ]);
  });

  test("sends to a plain-http base URL when allowInsecureHttp is set", async () => {
    const { fetch, call, path } = build({ baseUrl: "http://api.internal", allowInsecureHttp: true });

    await call();

    expect(fetch.mock.calls[0]![0].url).toBe(`http://api.internal${path}`);
  });

  test.each(["https://eu.example.com/", "https://eu.example.com//"])(
    "drops the trailing slashes of %s",
    async (baseUrl) => {
      const { fetch, call, path } = build({ baseUrl });

      await call();

      expect(fetch.mock.calls[0]![0].url).toBe(`https://eu.example.com${path}`);
    },
  );

  test.each(["/api", "api.example.com", "not a url", ""])(
    "refuses the relative or malformed base URL %j",
    (baseUrl) => {
      expect(issuesOf(() => build({ baseUrl }))).toEqual([
        { field: "baseUrl", rule: "format", message: "must be an absolute URL such as https://api.example.com" },
      ]);
    },
  );

  test.each([
    "https://user:pa55word@api.example.com",
    "https://token@api.example.com",
    "https://:pa55word@api.example.com",
    "https://api.example.com?key=pa55word",
    "https://api.example.com#x",
    "https://api.example.com?",
  ])("refuses the base URL %s, which holds credentials, a query or a fragment, without quoting it", (baseUrl) => {
    const issues = issuesOf(() => build({ baseUrl }));

    expect(issues).toEqual([
      { field: "baseUrl", rule: "format", message: "must not hold a user name, password, query or fragment" },
    ]);
  });

  test.each(["ftp://files.example.com", "file:///etc/passwd", "ws://localhost:3000"])(
    "refuses the non-http scheme %s",
    (baseUrl) => {
      expect(issuesOf(() => build({ baseUrl }))).toEqual([
        { field: "baseUrl", rule: "format", message: "must be an http(s) URL" },
      ]);
    },
  );

  test.each([0, -1])("refuses timeoutMs %d", (timeoutMs) => {
    expect(issuesOf(() => build({ timeoutMs }))).toEqual([
      { field: "timeoutMs", rule: "exclusiveMinimum", message: "must be more than 0" },
    ]);
  });

  test("refuses a timeoutMs that is not a number", () => {
    expect(issuesOf(() => build({ timeoutMs: Number.NaN }))).toEqual([
      { field: "timeoutMs", rule: "type", message: "must be a number" },
    ]);
  });

  test("refuses a negative maxRetries", () => {
    expect(issuesOf(() => build({ retry: { maxRetries: -1 } }))).toEqual([
      { field: "retry.maxRetries", rule: "minimum", message: "must be at least 0" },
    ]);
  });

  test("lists every bad option at once", () => {
    const issues = issuesOf(() =>
      build({ timeoutMs: -1, retry: { maxRetries: 1.5, initialDelayMs: -5, statuses: [99] } }),
    );

    expect(issues.map(({ field, rule }) => ({ field, rule }))).toEqual([
      { field: "timeoutMs", rule: "exclusiveMinimum" },
      { field: "retry.maxRetries", rule: "type" },
      { field: "retry.initialDelayMs", rule: "minimum" },
      { field: "retry.statuses[0]", rule: "minimum" },
    ]);
  });

  test("accepts valid timeout and retry options", async () => {
    const { fetch, call } = build({ timeoutMs: 5000, retry: { maxRetries: 0, initialDelayMs: 0, statuses: [503] } });

    await call();

    expect(fetch).toHaveBeenCalledOnce();
  });
});
