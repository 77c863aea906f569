import { beforeAll, describe, expect, test } from "vitest";
import { NotFoundError } from "../../src/index.js";
import { allOperations, at, exampleArguments, type FacadeOperation, labelled } from "../properties/operations.js";
import { answerProblem, loadSpecs, type Specs, successOf } from "../properties/spec.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { throughPrism } from "./prism.js";

// `prism mock` answers from the specs' own examples: every facade operation the specs declare
// (read from them, test/properties/operations.ts) is called with the spec's example arguments,
// each optional one given and left out, and must resolve with what the example says, so the
// examples, the spec and the client agree.

let specs: Specs;
beforeAll(async () => {
  specs = await loadSpecs();
});

const clients = {
  recrubo: (url: string, fetch: (request: Request) => Promise<Response>) =>
    recruboClient({ apiKey: "rk_mock_partner_key", baseUrl: url, fetch, retry: false }).client,
  // Client credentials, so that the token endpoint is called through the mock too.
  blynk: (url: string, fetch: (request: Request) => Promise<Response>) =>
    blynkClient({
      auth: { clientId: "oa2-client-id_mock", clientSecret: "mock-secret" },
      baseUrl: url,
      fetch,
      retry: false,
    }).client,
};

/** The first example of an operation's documented success, the body Prism's mock answers with. */
function successExample(api: FacadeOperation["api"], operationId: string): unknown {
  const spec = specs.operation(api, operationId);
  const [status, response] = Object.entries(spec.responses).find(([code]) => /^2\d\d$/.test(code)) ?? [];
  const media = Object.values(response?.content ?? {})[0] as { example?: unknown; examples?: unknown } | undefined;
  if (!status || media === undefined) return undefined;
  if (media.example !== undefined) return media.example;
  return Object.values((media.examples ?? {}) as Record<string, { value?: unknown }>)[0]?.value;
}

/** The ways to call an operation: every argument given, then each optional one left out. */
function variants(args: unknown[], operation: FacadeOperation): Array<{ how: string; args: unknown[] }> {
  return [
    { how: "every argument given", args },
    ...operation.args.flatMap((argument, index) =>
      argument.optional
        ? [{ how: `${argument.field} left out`, args: args.map((value, at) => (at === index ? undefined : value)) }]
        : [],
    ),
  ];
}

/** `METHOD /path` of the request a call makes, its path parameters filled in. */
function routeOf(api: FacadeOperation["api"], operationId: string, pathParameters: Record<string, string>): string {
  const spec = specs.operation(api, operationId);
  const path = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParameters[name] ?? ""));
  return `${spec.method} ${path}`;
}

/** Registers, in the describe of `api`'s mock, one test per declared operation. */
function everyOperationSucceeds(api: FacadeOperation["api"], mock: ReturnType<typeof throughPrism>): void {
  test.each(labelled(allOperations.filter((operation) => operation.api === api)))(
    "%s succeeds against the spec's examples",
    async (_, operation) => {
      const { recorder } = mock;
      const schema = successOf(specs.operation(api, operation.operationId)).schema;
      const example = successExample(api, operation.operationId);
      for (const { how, args } of variants(exampleArguments(specs, operation), operation)) {
        const sent = recorder.exchanges.length;
        // One page is enough: the mock answers every page with the same example.
        const options = operation.paging ? { maxPages: 1 } : undefined;
        const value = await operation.invoke(clients[api](mock.url, recorder.fetch), args, options);

        const what = `${api} ${operation.name}, ${how} (${JSON.stringify(args)})`;
        if (!schema) expect(value, what).toBeUndefined();
        else if (example === undefined) expect(answerProblem(schema, value), what).toBeUndefined();
        else {
          const said = at(example, operation.result);
          expect(value, what).toStrictEqual(operation.paging === "pages" ? [said] : said);
        }
        // The call's own requests come last (a token request may come first): the declared read
        // when an argument with a fallback is left out, then the operation's, at what it learned.
        const read = operation.reads?.when(args) ? operation.reads : undefined;
        const learned = read ? read.learn(args, successExample(api, read.operationId)) : args;
        const expected = [...(read ? [read.request] : []), operation.request(learned, undefined)].map((request) =>
          routeOf(api, request.operationId, request.pathParameters),
        );
        const made = recorder.exchanges.slice(sent).map(({ request }) => {
          const [method, url] = request.split(" ") as [string, string];
          return `${method} ${new URL(url).pathname}`;
        });
        expect(made.slice(-expected.length), what).toEqual(expected);
      }
    },
  );
}

describe("Recrubo contract: client -> Prism mock", () => {
  const mock = throughPrism("recrubo", "mock");
  everyOperationSucceeds("recrubo", mock);

  test("a PATCH without data.id, which the spec allows, and a 404 example as a NotFoundError", async () => {
    const recrubo = clients.recrubo(mock.url, mock.recorder.fetch);
    const id = "303f151b-3f33-4ddd-9779-eb522f7225a9";

    const withoutId = await recrubo.raw.PATCH("/public/v2/management/organizations/{id}", {
      params: { path: { id } },
      body: { data: { type: "organizations", attributes: { name: "Test Org" } } },
    });
    const missing = recrubo.organizations.get(id, { headers: { prefer: "code=404" } });

    expect(withoutId.response.status).toBe(200);
    await expect(missing).rejects.toMatchObject({
      constructor: NotFoundError,
      message: expect.stringContaining("Organization not found."),
    });
  });
});

describe("Blynk contract: client -> Prism mock", () => {
  const mock = throughPrism("blynk", "mock");
  everyOperationSucceeds("blynk", mock);

  test("the token endpoint first, and a 404 example as a NotFoundError", async () => {
    const missing = clients.blynk(mock.url, mock.recorder.fetch).organizations.get(7, {
      headers: { prefer: "code=404" },
    });

    await expect(missing).rejects.toMatchObject({
      constructor: NotFoundError,
      details: [{ message: "Organization is not found or you don't have access to it." }],
    });
    expect(mock.recorder.exchanges[0]?.request).toBe(`POST ${mock.url}/oauth2/token?grant_type=client_credentials`);
  });
});
