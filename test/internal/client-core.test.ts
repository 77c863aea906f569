import { afterEach, describe, expect, expectTypeOf, test, vi } from "vitest";
import type { paths } from "../../generated/blynk.js";
import { commaSeparated, rules } from "../../generated/blynk.rules.js";
import { blynkErrors } from "../../src/blynk/errors.js";
import {
  type BlynkOrganization,
  type BlynkOrganizationPage,
  createBlynkClient,
  NotFoundError,
  UnexpectedResponseError,
  VERSION,
} from "../../src/index.js";
import { callOptionIssues, createCore } from "../../src/internal/client-core.js";
import { Redactor } from "../../src/internal/redact.js";
import { FakeClock } from "../support/clock.js";
import { accessToken, blynkBaseUrl, blynkOrganization } from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

/** A core over Blynk's spec whose fetch records each request and answers with `answer`. */
function blynkCore(answer: (request: Request) => Response) {
  const sent: Array<{ method: string; url: string }> = [];
  const core = createCore<paths, "application/json">({
    options: {
      retry: false,
      clock: new FakeClock(),
      fetch: async (request) => {
        sent.push({ method: request.method, url: request.url });
        return answer(request);
      },
    },
    rules,
    commaSeparated,
    rateLimit: undefined,
    defaultBaseUrl: blynkBaseUrl,
    mediaType: "application/json",
    authorizer: { authorization: async () => `Bearer ${accessToken}` },
    dialect: blynkErrors,
    redactor: new Redactor(),
  });
  return { core, sent };
}

describe("createCore's call helpers", () => {
  test("send the method they are given, to the path with its parameters", async () => {
    const { core, sent } = blynkCore(() => Response.json(blynkOrganization));

    await core.body("put", "/api/v1/organization/edit/name", {
      params: { query: { orgId: 7 } },
      body: { name: "Acme" },
    });
    await core.answer("get", "/api/v1/organization", { params: { query: { orgId: 7 } } });
    await core.done("delete", "/api/v1/organization", { params: { query: { orgId: 7 } }, parseAs: "text" });

    expect(sent).toEqual([
      { method: "PUT", url: `${blynkBaseUrl}/api/v1/organization/edit/name?orgId=7` },
      { method: "GET", url: `${blynkBaseUrl}/api/v1/organization?orgId=7` },
      { method: "DELETE", url: `${blynkBaseUrl}/api/v1/organization?orgId=7` },
    ]);
  });

  test.each([
    {
      helper: "body",
      call: (core: ReturnType<typeof blynkCore>["core"]) =>
        core.body("put", "/api/v1/organization/edit/name", { body: { name: "Acme" } }),
      method: "PUT",
    },
    {
      helper: "answer",
      call: (core: ReturnType<typeof blynkCore>["core"]) =>
        core.answer("post", "/api/v1/organization/create", { body: { name: "Acme" } }),
      method: "POST",
    },
    {
      helper: "done",
      call: (core: ReturnType<typeof blynkCore>["core"]) =>
        core.done("delete", "/api/v1/organization", { params: { query: { orgId: 7 } } }),
      method: "DELETE",
    },
  ])("$helper reports a failure with the method that was sent", async ({ call, method }) => {
    const { core, sent } = blynkCore(() =>
      Response.json({ error: { message: "Organization is not found." } }, { status: 404 }),
    );

    const error = await rejectionOf(call(core), NotFoundError);

    expect(error.method).toBe(method);
    expect(error.message).toMatch(new RegExp(`^404 Not Found: ${method} ${blynkBaseUrl}/`));
    expect(sent.map((request) => request.method)).toEqual([method]);
  });

  test("answer resolves with the body and the response it came in; body with the body alone; done with nothing", async () => {
    const { core } = blynkCore(() => Response.json(blynkOrganization, { headers: { "x-request-id": "req-1" } }));

    const { data, response } = await core.answer("get", "/api/v1/organization/profile");

    expect(data).toEqual(blynkOrganization);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    await expect(core.body("get", "/api/v1/organization/profile")).resolves.toEqual(blynkOrganization);
    await expect(core.done("get", "/api/v1/organization/profile")).resolves.toBeUndefined();
  });

  test("are typed by openapi-fetch: a path accepts only its own methods, and results are the spec's", () => {
    const { core } = blynkCore(() => Response.json(blynkOrganization));
    const wrong = () => [
      // @ts-expect-error edit/name is a PUT: a POST there does not compile
      core.body("post", "/api/v1/organization/edit/name", { body: { name: "Acme" } }),
      // @ts-expect-error the profile has no DELETE
      core.done("delete", "/api/v1/organization/profile", {}),
      // @ts-expect-error the token endpoint is a POST
      core.answer("get", "/oauth2/token", { params: { query: { grant_type: "client_credentials" } } }),
      // @ts-expect-error openapi-fetch names methods in lower case
      core.body("PUT", "/api/v1/organization/edit/name", { body: { name: "Acme" } }),
      // @ts-expect-error a PUT to edit/name needs its body
      core.body("put", "/api/v1/organization/edit/name", { params: { query: { orgId: 7 } } }),
    ];
    expect(wrong).toBeTypeOf("function"); // never called: the calls above are for the compiler

    const profile = () => core.body("get", "/api/v1/organization/profile");
    const search = () => core.body("get", "/api/v1/organization/search", { params: { query: { query: "acme" } } });
    const rename = () => core.answer("put", "/api/v1/organization/edit/name", { body: { name: "Acme" } });
    const remove = () => core.done("delete", "/api/v1/organization", { params: { query: { orgId: 7 } } });
    expectTypeOf(profile).returns.resolves.toExtend<BlynkOrganization>();
    expectTypeOf(search).returns.resolves.toExtend<BlynkOrganizationPage>();
    expectTypeOf(rename).returns.resolves.toHaveProperty("data").toExtend<BlynkOrganization>();
    expectTypeOf(rename).returns.resolves.toHaveProperty("response").toEqualTypeOf<Response>();
    expectTypeOf(remove).returns.resolves.toEqualTypeOf<void>();
  });
});

describe("callOptionIssues", () => {
  test("refuses a signal that is not an AbortSignal, by field", () => {
    expect(callOptionIssues({ signal: { aborted: false } as unknown as AbortSignal })).toEqual([
      { field: "signal", rule: "type", message: "must be an AbortSignal" },
    ]);
    expect(callOptionIssues({ signal: new AbortController().signal })).toEqual([]);
  });

  test("refuses the headers orgkit sets, in any case, and only those", () => {
    const headers = {
      "Content-Type": "text/plain",
      authorization: "Bearer x",
      "x-content-type": "a",
      "content-type-hint": "b",
      "x-authorization-id": "c",
    };
    expect(callOptionIssues({ headers })).toEqual([
      { field: "headers.Content-Type", rule: "reserved", message: "is set by orgkit and cannot be given per call" },
      { field: "headers.authorization", rule: "reserved", message: "is set by orgkit and cannot be given per call" },
    ]);
  });
});

describe("createCore's answers", () => {
  test("a success left without a body (a middleware's own answer) fails as unexpected rather than resolving with nothing", async () => {
    const { core } = blynkCore(() => Response.json(blynkOrganization));
    core.raw.use({ onResponse: () => new Response(null, { status: 204 }) });

    const error = await rejectionOf(core.body("get", "/api/v1/organization/profile"), UnexpectedResponseError);

    expect(error.issues).toEqual([{ field: "body", rule: "type", message: "is missing" }]);
    expect(error.status).toBe(204);
    expect(error.method).toBe("GET");
  });
});

describe("createCore's User-Agent", () => {
  afterEach(() => vi.unstubAllGlobals());

  const userAgentSent = async () => {
    const sent: Request[] = [];
    const client = createBlynkClient({
      auth: { accessToken },
      fetch: async (request) => {
        sent.push(request);
        return Response.json(blynkOrganization);
      },
    });
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
