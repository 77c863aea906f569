import { inspect, isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, test } from "vitest";
import { ApiError, OrgkitError, ValidationError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import type { FakeClock } from "../support/clock.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import {
  allOperations,
  at,
  type Client,
  exampleArguments,
  type FacadeOperation,
  labelled,
  operationOf,
  schemaAt,
} from "./operations.js";
import { anyString, define, isPlainRecord, type JsonSchema, valid } from "./schemas.js";
import { answerProblem, errorSchemaOf, loadSpecs, type Specs, successOf } from "./spec.js";
import { outcomeOf, pooled, show } from "./support.js";

// Property: whatever the server answers (any status, headers such as Retry-After, Location,
// content-type and x-request-id, and a body that is valid, valid but mutated, random JSON, deeply
// nested JSON, not JSON, empty, truncated, cut off mid-stream, or no answer at all), every call ends
// in a value that matches the spec's response schema (ajv over the bundled spec; a value that breaks
// only value keywords such as an enum or a format passes, as the client checks answers for their
// shape by design: see `answerProblem` in spec.ts), or in an OrgkitError: never a bare SyntaxError,
// TypeError or RangeError, never a hang, never an unhandled rejection. The Blynk token endpoint's
// answers are fuzzed the same way. Along the way: a credential the caller gave never shows in an
// error, and no request leaves the base URL's origin.

announceSeed("server responses");
const rejections = failOnUnhandledRejection();

/** Runs per operation: each builds a client and answers up to three requests (about 1.5 ms). */
const RUNS = 300;

let specs: Specs;
beforeAll(async () => {
  specs = await loadSpecs();
});

// ---------------------------------------------------------------------------------------------
// Replies

type Body =
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  /** The connection drops after `text` (undici rejects the body with TypeError "terminated"). */
  | { kind: "cut"; text: string }
  /** `text`, then nothing more until the request is aborted. */
  | { kind: "stall"; text: string };

type Reply =
  | { kind: "http"; status: number; statusText: string; headers: Array<[string, string]>; body: Body }
  /** The request fails before any answer, as undici and Node report it. */
  | { kind: "network"; error: "fetch failed" | "ECONNRESET" | "ENOTFOUND" }
  /** No answer until the request is aborted. */
  | { kind: "hang" };

const nullBodyStatuses = new Set([204, 205, 304]);

const statuses = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(200, 201) },
  { weight: 2, arbitrary: fc.constantFrom(202, 203, 204, 205, 206, 207, 226, 299) },
  { weight: 2, arbitrary: fc.constantFrom(300, 301, 302, 303, 304, 305, 307, 308, 399) },
  { weight: 4, arbitrary: fc.constantFrom(400, 401, 403, 404, 409, 422, 429) },
  { weight: 1, arbitrary: fc.constantFrom(402, 405, 408, 410, 418, 425, 451, 499) },
  { weight: 3, arbitrary: fc.constantFrom(500, 502, 503, 504) },
  { weight: 1, arbitrary: fc.constantFrom(501, 505, 511, 599) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

// The fake clock's time is 2026-11-23T10:00:00Z: some dates are before it, some after.
const retryAfter = fc.constantFrom(
  "0",
  "1",
  "2.5",
  "120",
  "86400",
  "-1",
  "abc",
  " 3 ",
  "1e3",
  "99999999999999999999",
  "Wed, 21 Oct 2015 07:28:00 GMT",
  "Mon, 23 Nov 2026 10:00:30 GMT",
  "Mon, 23 Nov 2026 11:00:00 GMT",
  "Sunday, 06-Nov-94 08:49:37 GMT",
  "Sun Nov  6 08:49:37 1994",
  "Mon, 32 Nov 2026 10:00:30 GMT",
);
const retryAfterMs = fc.constantFrom("0", "100", "2500", "-5", "NaN", "1e309", "abc", "60001");
const contentTypes = fc.constantFrom(
  "application/json",
  "application/vnd.api+json",
  "application/json; charset=utf-8",
  "application/problem+json",
  "text/html; charset=utf-8",
  "text/plain",
  "application/octet-stream",
  "",
  "*/*",
  "application/json; charset=latin1",
);
const locations = fc.constantFrom(
  "/public/v2/management/organizations/",
  "/api/v1/organization/profile",
  "?page=2",
  "https://elsewhere.example/api",
  "//evil.example/steal",
  "https://fra1.blynk.cloud/api/v1/organization",
  "http://[",
  "not a url",
  "",
  "https://api.recrubo.app:8443/x",
);
/** Header values a server may send: visible Latin-1, no line breaks or NUL (the platform refuses those itself). */
const headerText = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9-]{1,36}$/),
  fc.string({ maxLength: 40 }),
  fc
    .array(
      fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
      { maxLength: 8 },
    )
    .map((characters) => characters.join("")),
);

function headersArbitrary(echoes: readonly string[]): fc.Arbitrary<Array<[string, string]>> {
  const echo = fc.constantFrom(...echoes);
  return fc
    .record(
      {
        "content-type": contentTypes,
        "x-request-id": fc.oneof(
          headerText,
          echo,
          echo.map((secret) => `req-${secret}-1`),
        ),
        "retry-after": retryAfter,
        "retry-after-ms": retryAfterMs,
        location: locations,
        "content-length": fc.constantFrom("0", "5", "100000"),
        "www-authenticate": fc.oneof(
          fc.constant('Bearer error="invalid_token"'),
          echo.map((secret) => `Bearer realm="${secret}"`),
        ),
        "x-extra": headerText,
      },
      { requiredKeys: [] },
    )
    .map((headers) => Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A random path into a JSON value, and what to do there. */
function mutated(value: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[], depth: number) => {
    paths.push(path);
    if (depth > 6) return;
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) walk(item, [...path, String(index)], depth + 1);
    } else if (isPlainRecord(node))
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key], depth + 1);
  };
  walk(value, [], 0);
  const change = fc.oneof(
    fc.constant({ remove: true as const }),
    fc
      .constantFrom<unknown>(null, "", "1", 1, -1, 1.5, 2 ** 53 + 2, true, [], {}, "Infinity", "\ud800")
      .map((replacement) => ({ remove: false as const, replacement })),
    fc.jsonValue({ maxDepth: 2 }).map((replacement) => ({ remove: false as const, replacement })),
  );
  return fc
    .tuple(fc.constantFrom(...paths), change)
    .map(([path, what]) => setPath(value, path, what.remove, what.remove ? undefined : what.replacement));
}

function setPath(node: unknown, path: string[], remove: boolean, replacement: unknown): unknown {
  if (path.length === 0) return remove ? undefined : replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(node)) {
    const copy = [...node];
    if (rest.length === 0 && remove) copy.splice(Number(head), 1);
    else copy[Number(head)] = setPath(copy[Number(head)], rest, remove, replacement);
    return copy;
  }
  if (!isPlainRecord(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(node))
    if (!(rest.length === 0 && remove && key === head))
      define(copy, key, key === head ? setPath(item, rest, remove, replacement) : item);
  return copy;
}

function deeplyNested(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const json = (value: unknown) => JSON.stringify(value) ?? "null";

/** Bodies for a status: the spec's schema for it (success or error) drives the valid ones. */
// Valid bodies are drawn from a pool per schema (costly to generate); the mutations of them are new each run.
const validPools = new Map<JsonSchema | undefined, fc.Arbitrary<unknown>>();

function validBodies(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  let pool = validPools.get(schema);
  if (!pool) {
    pool = pooled(schema ? valid(schema, { extras: true }) : fc.jsonValue({ maxDepth: 3 }), 300);
    validPools.set(schema, pool);
  }
  return pool;
}

function bodies(schema: JsonSchema | undefined, echoes: readonly string[]): fc.Arbitrary<Body> {
  const validValue = validBodies(schema);
  const text = (arbitrary: fc.Arbitrary<string>) => arbitrary.map((value): Body => ({ kind: "text", text: value }));
  return fc.oneof(
    { weight: 32, arbitrary: text(validValue.map(json)) },
    { weight: 24, arbitrary: text(validValue.chain(mutated).map(json)) },
    { weight: 8, arbitrary: text(fc.jsonValue({ maxDepth: 4 }).map(json)) },
    {
      weight: 2,
      arbitrary: text(
        fc
          .tuple(fc.constantFrom(100, 2_000, 20_000), fc.constantFrom<"array" | "object">("array", "object"))
          .map(([depth, kind]) => deeplyNested(depth, kind)),
      ),
    },
    {
      weight: 8,
      arbitrary: text(
        fc.oneof(
          fc.constantFrom(
            "<html><body>502 Bad Gateway</body></html>",
            "undefined",
            "NaN",
            "{'a': 1}",
            "OK",
            "\0",
            "null garbage",
            "{",
            "[1,]",
            '{"a":1}{"b":2}',
            "\ufeff{}",
          ),
          anyString,
        ),
      ),
    },
    { weight: 4, arbitrary: text(fc.constantFrom("", " ", "\n\r\t")) },
    {
      weight: 8,
      arbitrary: fc
        .tuple(validValue.map(json), fc.nat())
        .map(([whole, at]): Body => ({ kind: "text", text: whole.slice(0, at % Math.max(1, whole.length)) })),
    },
    {
      weight: 4,
      arbitrary: fc
        .array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })
        .map((bytes): Body => ({ kind: "bytes", bytes })),
    },
    {
      weight: 4,
      arbitrary: validValue.map(
        (value): Body => ({ kind: "bytes", bytes: [0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json(value))] }),
      ),
    },
    // The server echoing the caller's credential, in a body field named like one and in one that is not.
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...echoes), fc.boolean()).map(
        ([echo, asJson]): Body => ({
          kind: "text",
          text: asJson
            ? json({
                error: { message: `invalid key ${echo}` },
                errors: [{ status: 401, title: `key ${echo}`, detail: echo }],
                note: echo,
              })
            : `denied: ${echo}`,
        }),
      ),
    },
    { weight: 1, arbitrary: text(fc.constant("x".repeat(70_000))) },
    {
      weight: 4,
      arbitrary: validValue
        .map(json)
        .map((whole): Body => ({ kind: "cut", text: whole.slice(0, Math.floor(whole.length / 2)) })),
    },
    // A body that stalls costs a (short) timeout of real time: rare.
    { weight: 1, arbitrary: fc.constant<Body>({ kind: "stall", text: '{"a' }) },
  );
}

/** Replies to the operation's requests (or to the token endpoint's, with its own schemas). */
function replies(
  successSchema: JsonSchema | undefined,
  errorSchema: (status: number) => JsonSchema | undefined,
  echoes: readonly string[],
): fc.Arbitrary<Reply> {
  const http = statuses.chain((status) =>
    fc
      .record({
        statusText: fc.constantFrom("", "OK", "Whatever", "Ärger"),
        headers: headersArbitrary(echoes),
        body: status >= 200 && status < 300 ? bodies(successSchema, echoes) : bodies(errorSchema(status), echoes),
      })
      .map(
        ({ statusText, headers, body }): Reply => ({
          kind: "http",
          status,
          statusText,
          headers,
          body: nullBodyStatuses.has(status) ? { kind: "none" } : body,
        }),
      ),
  );
  // An answer that never comes costs a (short) timeout of real time: rare, so that the suite stays fast.
  return fc.oneof(
    { weight: 160, arbitrary: http },
    {
      weight: 8,
      arbitrary: fc.constantFrom<Reply>(
        { kind: "network", error: "fetch failed" },
        { kind: "network", error: "ECONNRESET" },
        { kind: "network", error: "ENOTFOUND" },
      ),
    },
    { weight: 1, arbitrary: fc.constant<Reply>({ kind: "hang" }) },
  );
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** Answers as a fetch would, honouring the request's signal (an abort ends a stalled body too). */
async function answer(reply: Reply, request: Request): Promise<Response> {
  if (reply.kind === "hang") return aborted(request.signal);
  if (reply.kind === "network") {
    if (reply.error === "fetch failed")
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }),
      });
    throw Object.assign(new Error(`${reply.error === "ECONNRESET" ? "read" : "getaddrinfo"} ${reply.error}`), {
      code: reply.error,
    });
  }
  const { body } = reply;
  let content: BodyInit | null = null;
  if (body.kind === "text") content = body.text;
  if (body.kind === "bytes") content = new Uint8Array(body.bytes);
  if (body.kind === "cut" || body.kind === "stall") {
    const bytes = new TextEncoder().encode(body.text);
    content = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        if (body.kind === "cut") controller.error(new TypeError("terminated"));
        else request.signal.addEventListener("abort", () => controller.error(request.signal.reason), { once: true });
      },
    });
  }
  return new Response(content, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
}

// ---------------------------------------------------------------------------------------------
// Calls

// Valid arguments for each operation (the answers are what is fuzzed here): the spec's examples.
const argumentsOf = new Map<FacadeOperation, unknown[]>();

const credentials = {
  apiKey: "rk_live_partner_Zq8w3N5x2Lp7",
  accessToken: "blynk_at_Hx4k9QmZr2Vt7Lp0",
  clientId: "oa2-client_Gm5t8Rw2",
  clientSecret: "cs_secret_Vb6n1Qx9Kc3Jf7",
};

interface Setup {
  retry: "off" | "default" | "everything";
  /** Blynk: client credentials (the token endpoint fuzzed too) or an access token. */
  clientCredentials: boolean;
  recruboScheme: "bearer" | "raw";
  concurrency: number;
}

const setups: fc.Arbitrary<Setup> = fc.record({
  retry: fc.constantFrom<Setup["retry"]>("off", "default", "everything"),
  clientCredentials: fc.boolean(),
  recruboScheme: fc.constantFrom<"bearer" | "raw">("bearer", "raw"),
  concurrency: fc.integer({ min: 1, max: 3 }),
});

/** An ApiError's status must be one the server answered (its own property: a wrong status is a smaller fault than a wrong class). */
function statusProblems(outcome: Awaited<ReturnType<typeof outcomeOf>>, served: Served): string[] {
  if (outcome.ok || !(outcome.error instanceof ApiError)) return [];
  const { status, message } = outcome.error;
  const answered = served.log.flatMap(({ reply }) => (reply.kind === "http" ? [reply.status] : []));
  return answered.includes(status)
    ? []
    : [`an ${outcome.error.name} with status ${status}, but the server answered ${answered.join(", ")}: ${message}`];
}

interface Served {
  api: Reply[];
  token: Reply[];
  /** What each consumed reply was, in order. */
  log: Array<{ url: string; reply: Reply }>;
}

function exchanges(served: Served): string {
  return served.log
    .map(({ url, reply }) => `${url} -> ${reply.kind === "http" ? reply.status : reply.kind}`)
    .join(", ");
}

function clientFor(operation: FacadeOperation, setup: Setup, served: Served): Client {
  return clientWithClock(operation, setup, served).client;
}

function clientWithClock(
  operation: FacadeOperation,
  setup: Setup,
  served: Served,
): { client: Client; clock: FakeClock } {
  let apiIndex = 0;
  let tokenIndex = 0;
  const base = operation.api === "recrubo" ? "https://api.recrubo.app" : "https://blynk.cloud";
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    if (url.origin !== new URL(base).origin)
      throw new Error(`a request left the base URL's origin: ${request.method} ${request.url}`);
    const isToken = url.pathname === "/oauth2/token";
    const list = isToken ? served.token : served.api;
    const reply = list[Math.min(isToken ? tokenIndex++ : apiIndex++, list.length - 1)]!;
    served.log.push({ url: `${request.method} ${request.url}`, reply });
    return answer(reply, request);
  };
  const hangs = [...served.api, ...served.token].some(
    (reply) => reply.kind === "hang" || (reply.kind === "http" && reply.body.kind === "stall"),
  );
  const retry =
    setup.retry === "off"
      ? (false as const)
      : setup.retry === "default"
        ? undefined
        : { methods: ["GET", "POST", "PUT", "PATCH", "DELETE"], statuses: [408, 429, 500, 502, 503, 504, 401, 404] };
  // The shared factories' FakeClock runs time limits in real time, as they must here: generated bodies really stall.
  const common = {
    fetch,
    ...(retry === undefined ? {} : { retry }),
    // A reply that never comes is a timeout: a short one, so that nothing waits long.
    ...(hangs ? { timeoutMs: 3 } : {}),
  };
  if (operation.api === "recrubo")
    return recruboClient({ ...common, apiKey: credentials.apiKey, authScheme: setup.recruboScheme });
  const auth = setup.clientCredentials
    ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
    : { accessToken: credentials.accessToken };
  return blynkClient({ ...common, auth });
}

/** The credentials a client was given, which no error may show. */
function secretsOf(operation: FacadeOperation, setup: Setup): string[] {
  if (operation.api === "recrubo") return [credentials.apiKey];
  return setup.clientCredentials ? [credentials.clientSecret] : [credentials.accessToken];
}

function invoke(operation: FacadeOperation, client: Client, setup: Setup): Promise<unknown> {
  let args = argumentsOf.get(operation);
  if (!args) {
    args = exampleArguments(specs, operation);
    argumentsOf.set(operation, args);
  }
  if (operation.paging)
    return operation.invoke(client, args, {
      maxPages: 3,
      concurrency: setup.concurrency,
      ...(operation.paging === "items" ? { maxItems: 50, dedupe: true } : {}),
    });
  return operation.invoke(client, args, undefined);
}

/** The schema the call's value must match, and how to find that value in a JSON body: the member the spec declares. */
function resultShape(operation: FacadeOperation): { schema: JsonSchema | undefined; of(body: unknown): unknown } {
  const success = successOf(operationOf(specs, operation)).schema;
  if (!success) return { schema: undefined, of: () => undefined };
  const schema = schemaAt(success, operation.result);
  // items() resolves with many pages' items, one by one.
  if (operation.paging === "items") return { schema: schema?.items, of: () => undefined };
  return { schema, of: (body) => at(body, operation.result) };
}

/**
 * Everything wrong with how a call ended. `alone`: the call was the client's only one, so its value
 * must be what the last answer to it said.
 */
function outcomeProblems(
  operation: FacadeOperation,
  outcome: Awaited<ReturnType<typeof outcomeOf>>,
  served: Served,
  secrets: readonly string[],
  alone = true,
): string[] {
  const problems: string[] = [];
  if (!outcome.ok) {
    const { error } = outcome;
    if (!(error instanceof OrgkitError))
      return [
        `rejected with ${show(error)}, not an OrgkitError${error instanceof Error && error.stack ? `\n${error.stack.split("\n").slice(0, 6).join("\n")}` : ""}`,
      ];
    // The arguments are fixed and valid: refused, they would leave every answer untried.
    if (error instanceof ValidationError)
      return [`the test's own arguments were refused: ${JSON.stringify(error.issues)}`];
    // The message, every own enumerable member, the stack and the cause chain (what util.inspect shows).
    const renderings = `${error.message}\n${JSON.stringify(error)}\n${String(error.stack)}\n${error.cause === undefined ? "" : inspect(error.cause, { depth: 10 })}`;
    for (const secret of secrets) {
      if (renderings.includes(secret))
        problems.push(`the error shows the credential ${secret}: ${renderings.slice(0, 2000)}`);
    }
    return problems;
  }
  const { value } = outcome;
  const shape = resultShape(operation);
  // A success the spec gives no body means done, with nothing to resolve with.
  if (!shape.schema) return value === undefined ? [] : [`${operation.name} resolved with ${show(value)}`];
  const values = operation.paging ? (Array.isArray(value) ? value : [value]) : [value];
  for (const item of values) {
    const problem = shape.schema ? answerProblem(shape.schema, item) : undefined;
    if (problem)
      problems.push(`resolved with ${show(item).slice(0, 500)}, which breaks the spec's response schema: ${problem}`);
  }
  if (!operation.paging && alone) {
    // The value is what the last answer said, not something else.
    const last = [...served.log].reverse().find(({ url }) => !url.includes("/oauth2/token"));
    const reply = last?.reply;
    if (reply?.kind !== "http" || reply.status < 200 || reply.status > 299)
      problems.push(`resolved although the last answer was ${reply ? show(reply).slice(0, 300) : "none"}`);
    else if (reply.body.kind === "text" || reply.body.kind === "bytes") {
      const text =
        reply.body.kind === "text" ? reply.body.text : new TextDecoder().decode(new Uint8Array(reply.body.bytes));
      let said: unknown;
      try {
        said = JSON.parse(text);
      } catch {
        problems.push(`resolved from an answer that is not JSON: ${text.slice(0, 200)}`);
      }
      if (said !== undefined && !isDeepStrictEqual(value, shape.of(said)))
        problems.push(`resolved with ${show(value).slice(0, 300)}, which the answer did not say`);
    }
  }
  return problems;
}

describe("server responses", () => {
  test.each(labelled(allOperations))(
    `%s: ${runs(RUNS)} generated answers each end in a value of the spec's shape or an OrgkitError`,
    async (_, operation) => {
      const spec = operationOf(specs, operation);
      const successSchema = successOf(spec).schema;
      const token = specs.operation("blynk", "requestAccessToken");
      // The server echoes the client's own credential now and then: it must never show in an error.
      const echoes =
        operation.api === "recrubo" ? [credentials.apiKey] : [credentials.accessToken, credentials.clientSecret];
      const apiReplies = replies(successSchema, (status) => errorSchemaOf(spec, status), echoes);
      const tokenReplies = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.constant<Reply>({
            kind: "http",
            status: 200,
            statusText: "OK",
            headers: [["content-type", "application/json"]],
            body: {
              kind: "text",
              text: json({ access_token: "blynk_issued_Tk5r8Wq2", token_type: "Bearer", expires_in: 86400 }),
            },
          }),
        },
        {
          weight: 4,
          arbitrary: replies(successOf(token).schema, (status) => errorSchemaOf(token, status), [
            credentials.clientSecret,
          ]),
        },
      );
      await assertProperty(
        fc.asyncProperty(
          fc.array(apiReplies, { minLength: 1, maxLength: 3 }),
          operation.api === "blynk" ? fc.array(tokenReplies, { minLength: 1, maxLength: 3 }) : fc.constant<Reply[]>([]),
          setups,
          async (api, tokenList, setup) => {
            const served: Served = { api, token: tokenList, log: [] };
            const client = clientFor(operation, setup, served);
            const outcome = await outcomeOf(() => invoke(operation, client, setup), 5000);
            const problems = outcomeProblems(operation, outcome, served, secretsOf(operation, setup));
            if (problems.length > 0) throw new Error(`${problems.join("\n")}\nexchanges: ${exchanges(served)}`);
          },
        ),
        runs(RUNS),
      );
    },
  );

  test(`the Blynk token endpoint: ${runs(500)} generated token answers each end in a value or an OrgkitError, over several calls`, async () => {
    const token = specs.operation("blynk", "requestAccessToken");
    // A Blynk call that needs no arguments, so that every request of the run is about the token.
    const profile = allOperations.find(
      (operation) => operation.api === "blynk" && operation.args.length === 0 && !operation.paging,
    )!;
    const profileSchema = successOf(operationOf(specs, profile)).schema!;
    // Well-formed grants too (a token a header can carry, short lives, any refresh token), so that
    // renewals with whatever refresh token the server gave are reached often.
    const grants = fc
      .record(
        {
          access_token: fc.stringMatching(/^[A-Za-z0-9._~+/-]{8,40}$/),
          token_type: fc.constant("Bearer"),
          expires_in: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant(86400)),
          refresh_token: fc.oneof(anyString, fc.constant(null)),
        },
        { requiredKeys: ["access_token", "token_type", "expires_in"] },
      )
      .map(
        (grant): Reply => ({
          kind: "http",
          status: 200,
          statusText: "OK",
          headers: [["content-type", "application/json"]],
          body: { kind: "text", text: json(grant) },
        }),
      );
    const tokenReplies = fc.oneof(
      { weight: 2, arbitrary: grants },
      {
        weight: 3,
        arbitrary: replies(successOf(token).schema, (status) => errorSchemaOf(token, status), [
          credentials.clientSecret,
        ]),
      },
    );
    // The API mostly accepts, sometimes refuses the token (401), so that tokens are renewed.
    const apiReplies = fc.oneof(
      {
        weight: 4,
        arbitrary: validBodies(profileSchema).map(
          (body): Reply => ({
            kind: "http",
            status: 200,
            statusText: "OK",
            headers: [["content-type", "application/json"]],
            body: { kind: "text", text: json(body) },
          }),
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constant<Reply>({
          kind: "http",
          status: 401,
          statusText: "",
          headers: [],
          body: { kind: "text", text: json({ error: { message: "Invalid token." } }) },
        }),
      },
    );
    await assertProperty(
      fc.asyncProperty(
        fc.array(tokenReplies, { minLength: 1, maxLength: 5 }),
        fc.array(apiReplies, { minLength: 1, maxLength: 5 }),
        setups,
        // Calls at once (sharing one token request), or one after another with time passing (renewing expired tokens).
        fc.oneof(
          fc
            .integer({ min: 1, max: 4 })
            .map((count) => ({ together: true, gaps: Array.from({ length: count }, () => 0) })),
          fc
            .array(fc.constantFrom(0, 1000, 3_600_000, 90_000_000), { minLength: 2, maxLength: 4 })
            .map((gaps) => ({ together: false, gaps })),
        ),
        async (tokenList, api, setup, { together, gaps }) => {
          const served: Served = { api, token: tokenList, log: [] };
          const { client, clock } = clientWithClock(profile, { ...setup, clientCredentials: true }, served);
          const call = () => outcomeOf(() => invoke(profile, client, setup), 5000);
          const outcomes: Array<Awaited<ReturnType<typeof outcomeOf>>> = [];
          if (together) outcomes.push(...(await Promise.all(gaps.map(call))));
          else {
            for (const gap of gaps) {
              clock.advance(gap);
              outcomes.push(await call());
            }
          }
          for (const outcome of outcomes) {
            const problems = outcomeProblems(profile, outcome, served, [credentials.clientSecret], gaps.length === 1);
            if (problems.length > 0) throw new Error(`${problems.join("\n")}\nexchanges: ${exchanges(served)}`);
          }
        },
      ),
      runs(500),
    );
  });

  test.each(labelled(allOperations.filter((operation) => operation.api === "blynk")))(
    `%s: an ApiError carries a status the server answered (${runs(100)} runs, the token endpoint included)`,
    async (_, operation) => {
      const spec = operationOf(specs, operation);
      const token = specs.operation("blynk", "requestAccessToken");
      const apiReplies = replies(successOf(spec).schema, (status) => errorSchemaOf(spec, status), [
        credentials.clientSecret,
      ]);
      const tokenReplies = replies(successOf(token).schema, (status) => errorSchemaOf(token, status), [
        credentials.clientSecret,
      ]);
      await assertProperty(
        fc.asyncProperty(
          fc.array(apiReplies, { minLength: 1, maxLength: 2 }),
          fc.array(tokenReplies, { minLength: 1, maxLength: 2 }),
          setups,
          async (api, tokenList, setup) => {
            const served: Served = { api, token: tokenList, log: [] };
            const client = clientFor(operation, { ...setup, clientCredentials: true }, served);
            const problems = statusProblems(await outcomeOf(() => invoke(operation, client, setup), 5000), served);
            if (problems.length > 0) throw new Error(`${problems.join("\n")}\nexchanges: ${exchanges(served)}`);
          },
        ),
        runs(100),
      );
    },
  );

  test("no rejection went unhandled", () => {
    if (rejections.seen.length > 0) throw new Error(`unhandled rejections: ${rejections.seen.map(show).join("; ")}`);
  });
});
