import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import { validOptionsFor } from "./invalid-arguments.js";
import {
  allOperations,
  at,
  type Client,
  type ExpectedRequest,
  type FacadeOperation,
  labelled,
  operationOf,
} from "./operations.js";
import { valid } from "./schemas.js";
import {
  ajv,
  errorsOf,
  expectedPairs,
  loadSpecs,
  type Operation,
  queryPairs,
  queryProblems,
  requestBodySchema,
  type Specs,
  successOf,
} from "./spec.js";
import { outcomeOf, pooled, show } from "./support.js";

// Property: a valid call sends exactly one request (two for the organization-key update without
// id, which first reads the own list for it), and that request is what the spec describes and
// what was asked: the method and path of the operation, each query parameter and its value read
// back exactly (deepObject `name[key]` included) and valid for the spec's parameter schema, nothing
// else in the query, the body valid for the operation's requestBody schema and equal to the
// arguments, the caller's headers sent. Answered with a valid response, the call resolves with it.

announceSeed("valid requests");
failOnUnhandledRejection();

let specs: Specs;
beforeAll(async () => {
  specs = await loadSpecs();
});

interface ClientSetup {
  baseUrl: string | undefined;
  credential: string;
  /** The credential as a value or as a function returning it. */
  asFunction: boolean;
  authScheme: "bearer" | "raw";
}

const defaultBaseUrls = { recrubo: "https://api.recrubo.app", blynk: "https://blynk.cloud" } as const;

function clientSetups(api: "recrubo" | "blynk"): fc.Arbitrary<ClientSetup> {
  return fc.record({
    baseUrl: fc.constantFrom(
      undefined,
      api === "recrubo" ? "https://api-staging.recrubo.app" : "https://fra1.blynk.cloud",
      "https://gateway.example.com/",
      "https://gateway.example.com/proxy/v1",
      "http://127.0.0.1:8080/sandbox/",
      "http://localhost:3000",
    ),
    credential: fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/),
    asFunction: fc.boolean(),
    authScheme: fc.constantFrom<"bearer" | "raw">("bearer", "raw"),
  });
}

function clientFor(
  api: "recrubo" | "blynk",
  setup: ClientSetup,
  fetch: (request: Request) => Promise<Response>,
): Client {
  const secret = setup.asFunction ? () => setup.credential : setup.credential;
  const common = { fetch, retry: false as const, ...(setup.baseUrl === undefined ? {} : { baseUrl: setup.baseUrl }) };
  return api === "recrubo"
    ? recruboClient({ ...common, apiKey: secret, authScheme: setup.authScheme }).client
    : blynkClient({ ...common, auth: { accessToken: secret } }).client;
}

/** What a valid answer to the (first) request is, and what the call should resolve with. */
interface Answer {
  status: number;
  mediaType: string | undefined;
  body: unknown;
}

// Answers only need to be valid here (the responses suite varies them): a pool per spec operation.
const answerPools = new Map<Operation, fc.Arbitrary<unknown>>();

function answersOf(spec: Operation): fc.Arbitrary<unknown> {
  let pool = answerPools.get(spec);
  if (!pool) {
    const success = successOf(spec);
    pool = success.schema ? pooled(valid(success.schema, { extras: true }), 200) : fc.constant(undefined);
    answerPools.set(spec, pool);
  }
  return pool;
}

const answers = (operation: FacadeOperation) => answersOf(operationOf(specs, operation));

/** The operation a call reads first (when its arguments say so), with a valid answer to it. */
function firstRead(operation: FacadeOperation, args: readonly unknown[], read: unknown) {
  if (!operation.reads?.when(args)) return undefined;
  const spec = specs.operation(operation.api, operation.reads.operationId);
  const success = successOf(spec);
  const answer: Answer = { status: success.status, mediaType: success.mediaType, body: read };
  return { spec, answer, request: operation.reads.request, args: operation.reads.learn(args, read) };
}

/**
 * A valid answer: for the pagers, a page that says it is the last one (by its total or its last
 * page's number, as the spec's paging declares), holding no more than a page's worth, so that
 * exactly one request is made.
 */
function answerFor(
  operation: FacadeOperation,
  generated: unknown,
  args: readonly unknown[],
  startPage: number | undefined,
): Answer {
  const success = successOf(operationOf(specs, operation));
  const { pager } = operation;
  const body = pager ? pager.lastPage(generated, args, startPage ?? pager.firstPage) : generated;
  return { status: success.status, mediaType: success.mediaType, body };
}

function respond(answer: Answer): Response {
  const empty = answer.body === undefined || answer.status === 204;
  return new Response(empty ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: { ...(answer.mediaType ? { "content-type": answer.mediaType } : {}), "x-request-id": "req-valid" },
  });
}

/** What the call resolves with, given the answer: the declared member of its body, nothing when the spec promises none. */
function expectedResult(
  operation: FacadeOperation,
  answer: Answer,
  options: Record<string, unknown> | undefined,
): unknown {
  if (!successOf(operationOf(specs, operation)).schema) return undefined;
  const value = at(answer.body, operation.result);
  if (operation.paging === "pages") return [value];
  if (operation.paging === "items") {
    const seen = new Set<unknown>();
    const items = (value as Array<{ id: unknown }>).filter((item) => {
      if (!options?.["dedupe"]) return true;
      if (seen.has(item.id)) return false;
      seen.add(item.id);
      return true;
    });
    return items.slice(0, (options?.["maxItems"] as number | undefined) ?? Infinity);
  }
  return value;
}

/** JSON.stringify escapes a lone surrogate (and only a lone one) as \\udxxx. */
function hasLoneSurrogate(value: unknown): boolean {
  return /\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value) ?? "");
}

interface Sent {
  request: Request;
  body: string;
}

/** Every way the request departs from the spec or from what was asked. */
function requestProblems(
  operation: FacadeOperation,
  spec: Operation,
  expected: ExpectedRequest,
  sent: Sent,
  setup: ClientSetup,
  options: Record<string, unknown> | undefined,
): string[] {
  const problems: string[] = [];
  const { request } = sent;
  const url = new URL(request.url);

  if (request.method !== spec.method) problems.push(`method ${request.method}, not ${spec.method}`);
  const base = new URL(setup.baseUrl ?? defaultBaseUrls[operation.api]);
  const basePath = base.pathname.replace(/\/+$/, "");
  const path = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(expected.pathParameters[name] ?? `{${name}}`),
  );
  if (url.origin !== base.origin || url.pathname !== basePath + path)
    problems.push(`URL ${url.origin}${url.pathname}, not ${base.origin}${basePath}${path}`);
  if (url.hash !== "") problems.push(`a fragment ${url.hash}`);

  // Path parameters, read back from the path and judged by the spec.
  const template = new RegExp(
    `^${escapeRegExp(basePath)}${spec.path
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join("([^/]*)")}$`,
  );
  const names = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const matched = template.exec(url.pathname);
  for (const [index, name] of names.entries()) {
    const raw = matched?.[index + 1];
    const parameter = spec.parameters.find((candidate) => candidate.in === "path" && candidate.name === name)!;
    const value = raw === undefined ? undefined : decodeURIComponent(raw);
    if (value !== expected.pathParameters[name])
      problems.push(
        `path parameter ${name} reads ${JSON.stringify(value)}, not ${JSON.stringify(expected.pathParameters[name])}`,
      );
    const errors = errorsOf(parameter.schema, value);
    if (errors.length > 0) problems.push(`path parameter ${name}: ${ajv.errorsText(errors)}`);
  }

  // The query, read back: valid for the spec, and exactly what was asked.
  const pairs = queryPairs(url.search);
  problems.push(...queryProblems(spec, pairs));
  const sentPairs = pairs.map(({ name, value }) => `${name}=${value}`).sort();
  const askedPairs = expectedPairs(spec, expected.query)
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  if (!isDeepStrictEqual(sentPairs, askedPairs))
    problems.push(`the query reads ${JSON.stringify(sentPairs)}, not ${JSON.stringify(askedPairs)}`);

  // The body: valid for the requestBody schema, and the arguments themselves.
  if (expected.body === undefined) {
    if (sent.body !== "") problems.push(`a body was sent: ${sent.body}`);
    if (request.headers.has("content-type"))
      problems.push(`a content-type without a body: ${request.headers.get("content-type")}`);
  } else {
    const { mediaType, schema } = requestBodySchema(spec);
    if (request.headers.get("content-type") !== mediaType)
      problems.push(`content-type ${request.headers.get("content-type")}, not ${mediaType}`);
    let body: unknown;
    try {
      body = JSON.parse(sent.body);
    } catch {
      problems.push(`the body is not JSON: ${sent.body}`);
    }
    const errors = errorsOf(schema, body);
    if (errors.length > 0) problems.push(`the body breaks the requestBody schema: ${ajv.errorsText(errors)}`);
    const asked = JSON.parse(JSON.stringify(expected.body)) as unknown;
    if (!isDeepStrictEqual(body, asked)) problems.push(`the body is ${sent.body}, not ${JSON.stringify(asked)}`);
  }

  // Headers: credentials, media type, and the caller's own.
  const authorization =
    operation.api === "recrubo" && setup.authScheme === "raw" ? setup.credential : `Bearer ${setup.credential}`;
  if (request.headers.get("authorization") !== authorization)
    problems.push(`authorization ${request.headers.get("authorization")}`);
  const accept =
    successOf(spec).mediaType ?? (operation.api === "recrubo" ? "application/vnd.api+json" : "application/json");
  if (request.headers.get("accept") !== accept) problems.push(`accept ${request.headers.get("accept")}, not ${accept}`);
  const asked = new Headers();
  for (const [name, value] of Object.entries((options?.["headers"] ?? {}) as Record<string, string>))
    asked.set(name, value);
  for (const [name, value] of asked) {
    if (request.headers.get(name) !== value)
      problems.push(`header ${name}: ${JSON.stringify(request.headers.get(name))}, not ${JSON.stringify(value)}`);
  }
  return problems;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
}

function validCase(operation: FacadeOperation) {
  const args = fc.tuple(
    ...operation.args.map((argument) => {
      const value = valid(argument.rule, { omit: argument.omit ?? [] });
      return argument.optional ? fc.option(value, { nil: undefined }) : value;
    }),
  );
  const read = operation.reads
    ? answersOf(specs.operation(operation.api, operation.reads.operationId))
    : fc.constant(undefined);
  return fc.record({
    args,
    options: validOptionsFor(operation),
    setup: clientSetups(operation.api),
    generated: answers(operation),
    read,
  });
}

describe("the operations table", () => {
  test("calls each spec operation at the method and path the spec now gives it", () => {
    const routes = Object.fromEntries(
      allOperations.map((operation) => [
        `${operation.api} ${operation.name}`,
        `${operationOf(specs, operation).method} ${operationOf(specs, operation).path}`,
      ]),
    );

    // Blynk's rename moved from PUT /api/v1/organization to its own path (commit 05163ca).
    expect(routes["blynk organizations.update"]).toBe("PUT /api/v1/organization/edit/name");
    expect(routes["blynk organizations.get"]).toBe("GET /api/v1/organization");
    expect(routes["recrubo organization.get"]).toBe("GET /public/v2/organizations");
    expect(routes["recrubo organization.update"]).toBe("PATCH /public/v2/organizations/{id}");
    expect(routes["recrubo organizations.update"]).toBe("PATCH /public/v2/management/organizations/{id}");
  });
});

describe("valid requests", () => {
  test.each(labelled(allOperations))(
    `%s: ${runs(1000)} valid calls each send one request the spec allows, saying exactly what was asked`,
    async (_, operation) => {
      const spec = operationOf(specs, operation);
      await assertProperty(
        fc.asyncProperty(validCase(operation), async ({ args, options, setup, generated, read }) => {
          const pagingOptions = options as Record<string, unknown> | undefined;
          const startPage = pagingOptions?.["startPage"] as number | undefined;
          const answer = answerFor(operation, generated, args, startPage);
          const first = firstRead(operation, args, read);
          for (const [schema, body] of [
            [successOf(spec).schema, answer.body],
            [first && successOf(first.spec).schema, read],
          ] as const) {
            const answerErrors = body === undefined || !schema ? [] : errorsOf(schema, body);
            if (answerErrors.length > 0)
              throw new Error(`the test's own answer breaks the spec: ${ajv.errorsText(answerErrors)}`);
          }

          const sent: Sent[] = [];
          const client = clientFor(operation.api, setup, async (request) => {
            sent.push({ request, body: await request.text() });
            return respond(first && sent.length === 1 ? first.answer : answer);
          });
          const outcome = await outcomeOf(() => operation.invoke(client, args, options));
          // A lone surrogate has no UTF-8 form: a body carries it JSON-escaped, a URL cannot carry
          // it at all, and orgkit refuses it by field (rule "unicode") before anything is sent.
          if (
            !outcome.ok &&
            hasLoneSurrogate(args) &&
            outcome.error instanceof ValidationError &&
            outcome.error.issues.every((issue) => issue.rule === "unicode")
          ) {
            expect(sent).toHaveLength(0);
            return;
          }
          if (!outcome.ok)
            throw new Error(
              `the call rejected with ${show(outcome.error)}${outcome.error instanceof ValidationError ? `: ${JSON.stringify(outcome.error.issues)}` : ""}`,
            );
          const expected = [
            ...(first ? [{ spec: first.spec, request: first.request }] : []),
            { spec, request: operation.request(first?.args ?? args, startPage) },
          ];
          if (sent.length !== expected.length)
            throw new Error(
              `${sent.length} requests were sent, not ${expected.length}: ${sent.map(({ request }) => `${request.method} ${request.url}`).join(", ")}`,
            );

          for (const [index, { spec: asked, request }] of expected.entries()) {
            const problems = requestProblems(operation, asked, request, sent[index]!, setup, pagingOptions);
            if (problems.length > 0)
              throw new Error(
                `${sent[index]!.request.method} ${sent[index]!.request.url}:\n- ${problems.join("\n- ")}`,
              );
          }

          // The client reads the answer as JSON text: compare with what JSON carries (-0 is 0 there).
          const wanted = expectedResult(
            operation,
            { ...answer, body: answer.body === undefined ? undefined : JSON.parse(JSON.stringify(answer.body)) },
            pagingOptions,
          );
          if (!isDeepStrictEqual(outcome.value, wanted))
            throw new Error(`resolved with ${show(outcome.value)}, not ${show(wanted)}`);
        }),
        runs(1000),
      );
    },
  );

  test.each(labelled(allOperations))(
    "%s: a null options argument is read as none (or refused by a ValidationError), never a TypeError",
    async (_, operation) => {
      await assertProperty(
        // Arguments without lone surrogates: those fail for a reason of their own (see the property above).
        fc.asyncProperty(
          validCase(operation).filter(({ args }) => !hasLoneSurrogate(args)),
          async ({ args, setup, generated, read }) => {
            const answer = answerFor(operation, generated, args, undefined);
            // Blynk's update takes its orgId in the options, Recrubo's organization.update its id:
            // without one, null is the whole options argument.
            const plainArgs = args.map((value, index) => (operation.args[index]?.optional ? undefined : value));
            const first = firstRead(operation, plainArgs, read);
            const sent: Request[] = [];
            const client = clientFor(operation.api, setup, async (request) => {
              sent.push(request);
              return respond(first && sent.length === 1 ? first.answer : answer);
            });
            const outcome = await outcomeOf(() => operation.invoke(client, plainArgs, null));
            if (outcome.ok) {
              expect(sent).toHaveLength(first ? 2 : 1);
              return;
            }
            if (!(outcome.error instanceof ValidationError))
              throw new Error(`null options: rejected with ${show(outcome.error)}`);
            expect(sent).toHaveLength(0);
          },
        ),
        runs(30),
      );
    },
  );
});
