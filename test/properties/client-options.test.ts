import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type BlynkClientOptions,
  createBlynkClient,
  createRecruboClient,
  OrgkitError,
  type RecruboClientOptions,
  ValidationError,
} from "../../src/index.js";
import { forbiddenFetch } from "../support/fetches.js";
import { accessToken, clientId, clientSecret, partnerKey } from "../support/fixtures.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import { outcomeOf, show } from "./support.js";

// Property: client options that break their rules are refused with a ValidationError naming the
// option, and a credential that cannot travel in a header (CR, LF, NUL, non-ASCII; a client id with
// ":") is refused by name without ever being shown: not in the message, not in JSON.stringify, not
// in util.inspect. A credential given as a function is checked when read, before anything is sent.

announceSeed("client options");
failOnUnhandledRejection();

/** A credential-looking marker: long and random, so that finding it in an error means it leaked. */
const marker = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);

interface BadCredential {
  value: string;
  /** The parts around the bad character, each long enough that finding one means a leak. */
  parts: string[];
}

function credential(bad: fc.Arbitrary<string>): fc.Arbitrary<BadCredential> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(marker, bad, marker)
        .map(([before, character, after]) => ({ value: before + character + after, parts: [before, after] })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(bad, marker).map(([character, after]) => ({ value: character + after, parts: [after] })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(marker, bad).map(([before, character]) => ({ value: before + character, parts: [before] })),
    },
  );
}

// What each kind of credential may not hold (src/internal/secret.ts states the same in words).
const notInHeader = fc.constantFrom(
  "\r",
  "\n",
  "\r\n",
  "\0",
  "\t",
  "\x01",
  "\x1b",
  "\x7f",
  "\x85",
  "é",
  "ü",
  "😀",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\ud800",
  "\u0100",
  "你",
);
const notInBasicId = fc.constantFrom(":", "\r", "\n", "\r\n", "\0", "\t", "\x01", "\x7f", "\x85", "\x9f");
const notInBasicSecret = fc.constantFrom("\r", "\n", "\r\n", "\0", "\t", "\x01", "\x1b", "\x7f", "\x85", "\x9f");
const headerCredential = fc.oneof(
  { weight: 5, arbitrary: credential(notInHeader) },
  // Leading or trailing spaces would be trimmed by fetch: a different key would be sent.
  { weight: 1, arbitrary: marker.map((inner) => ({ value: ` ${inner}`, parts: [inner] })) },
  { weight: 1, arbitrary: marker.map((inner) => ({ value: `${inner} `, parts: [inner] })) },
);

/** JS values that are no string credential at all. */
const notAString = fc.constantFrom<unknown>(
  undefined,
  null,
  5,
  true,
  {},
  [],
  ["key"],
  Symbol("key"),
  "",
  "x".repeat(4097),
);

/** Asserts the error is a ValidationError naming `field`, and that none of `secrets` shows anywhere in it. */
function expectRefusedByName(error: unknown, field: string, secrets: readonly string[]): void {
  if (!(error instanceof ValidationError) || !(error instanceof OrgkitError))
    throw new Error(`expected a ValidationError naming ${field}, got ${show(error)}`);
  if (!error.issues.some((issue) => issue.field === field))
    throw new Error(`the issues ${JSON.stringify(error.issues)} do not name ${field}`);
  const renderings = {
    message: error.message,
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    stack: String(error.stack),
  };
  for (const [how, text] of Object.entries(renderings)) {
    for (const secret of secrets) {
      if (secret.length >= 8 && text.includes(secret))
        throw new Error(`the ${how} of the error shows ${JSON.stringify(secret)}: ${text}`);
    }
  }
}

function thrownBy(create: () => unknown): unknown {
  try {
    create();
  } catch (error) {
    return error;
  }
  throw new Error("the options were accepted");
}

/** Options that break orgkit's rules for both clients, and the field named. */
const badCommonOption: fc.Arbitrary<{ options: Record<string, unknown>; field: string }> = fc.oneof(
  fc
    .constantFrom<unknown>(0, -1, 2 ** 31, NaN, Infinity, "1000", null, true)
    .map((timeoutMs) => ({ options: { timeoutMs }, field: "timeoutMs" })),
  fc
    .constantFrom<[string, unknown, string]>(
      ["maxRetries", -1, ""],
      ["maxRetries", 1.5, ""],
      ["maxRetries", NaN, ""],
      ["maxRetries", "2", ""],
      ["initialDelayMs", -1, ""],
      ["initialDelayMs", 2 ** 31, ""],
      ["maxDelayMs", NaN, ""],
      ["maxRetryAfterMs", -5, ""],
      ["methods", "GET", ""],
      ["methods", [1], "[0]"],
      ["statuses", [99], "[0]"],
      ["statuses", [503, 600], "[1]"],
      ["statuses", [502.5], "[0]"],
      ["statuses", "503", ""],
    )
    .map(([name, value, item]) => ({ options: { retry: { [name]: value } }, field: `retry.${name}${item}` })),
  fc.constantFrom("retries", "constructor", "toString", "__proto__", "delay").map((name) => {
    const retry = JSON.parse(`{${JSON.stringify(name)}: 3}`) as Record<string, unknown>;
    return { options: { retry }, field: `retry.${name}` };
  }),
  fc.constantFrom<unknown>("yes", 3, ["GET"]).map((retry) => ({ options: { retry }, field: "retry" })),
  fc
    .constantFrom<unknown>(
      "",
      "api.recrubo.app",
      "ftp://api.example.com",
      "https://user:password@api.example.com",
      "https://api.example.com?x=1",
      "https://api.example.com/#top",
      "https://api.example.com/?",
      "http://api.example.com",
      "http://10.0.0.7:8080",
      "javascript:alert(1)",
      "https://",
      5,
      {},
    )
    .map((baseUrl) => ({ options: { baseUrl }, field: "baseUrl" })),
);

describe("Recrubo client options", () => {
  test(`an apiKey that cannot travel in a header is refused by name and never shown (${runs(5000)} runs)`, async () => {
    const spy = forbiddenFetch();
    const cases = fc.oneof(
      headerCredential.map((bad) => ({ kind: "value" as const, bad })),
      headerCredential.map((bad) => ({ kind: "function" as const, bad })),
      headerCredential.map((bad) => ({ kind: "async function" as const, bad })),
    );
    await assertProperty(
      fc.asyncProperty(cases, fc.constantFrom<"bearer" | "raw">("bearer", "raw"), async ({ kind, bad }, authScheme) => {
        const secrets = [bad.value, ...bad.parts];
        if (kind === "value") {
          expectRefusedByName(
            thrownBy(() => createRecruboClient({ apiKey: bad.value, authScheme, fetch: spy.fetch, retry: false })),
            "apiKey",
            secrets,
          );
          return;
        }
        const apiKey = kind === "function" ? () => bad.value : async () => bad.value;
        const client = createRecruboClient({ apiKey, authScheme, fetch: spy.fetch, retry: false });
        const outcome = await outcomeOf(() => client.organizations.list());
        expect(spy.calls).toBe(0);
        expectRefusedByName(outcome.ok ? undefined : outcome.error, "apiKey", secrets);
      }),
      runs(5000),
    );
  });

  test(`an apiKey that is no usable string, an unknown authScheme and broken common options are refused by name (${runs(2000)} runs)`, async () => {
    const spy = forbiddenFetch();
    const cases = fc.oneof(
      notAString.map((apiKey) => ({ options: { apiKey }, field: "apiKey" })),
      fc.constantFrom<unknown>("Bearer", "basic", "", 1, "raw ", ["raw"]).map((authScheme) => ({
        options: { apiKey: partnerKey, authScheme },
        field: "authScheme",
      })),
      badCommonOption.map(({ options, field }) => ({
        options: { apiKey: partnerKey, ...options },
        field,
      })),
    );
    await assertProperty(
      fc.property(cases, ({ options, field }) => {
        expectRefusedByName(
          thrownBy(() => createRecruboClient({ fetch: spy.fetch, ...options } as unknown as RecruboClientOptions)),
          field,
          [],
        );
      }),
      runs(2000),
    );
    expect(spy.calls).toBe(0);
  });
});

describe("Blynk client options", () => {
  test(`credentials that HTTP cannot carry are refused by name and never shown (${runs(5000)} runs)`, async () => {
    const spy = forbiddenFetch();
    const cases = fc.oneof(
      headerCredential.map((bad) => ({ kind: "accessToken" as const, bad, field: "auth.accessToken" })),
      headerCredential.map((bad) => ({ kind: "accessToken function" as const, bad, field: "auth.accessToken" })),
      credential(notInBasicId).map((bad) => ({ kind: "clientId" as const, bad, field: "auth.clientId" })),
      credential(notInBasicSecret).map((bad) => ({ kind: "clientSecret" as const, bad, field: "auth.clientSecret" })),
    );
    await assertProperty(
      fc.asyncProperty(cases, async ({ kind, bad, field }) => {
        const secrets = [bad.value, ...bad.parts];
        const common = { fetch: spy.fetch, retry: false as const };
        switch (kind) {
          case "accessToken":
            return expectRefusedByName(
              thrownBy(() => createBlynkClient({ ...common, auth: { accessToken: bad.value } })),
              field,
              secrets,
            );
          case "clientId":
            return expectRefusedByName(
              thrownBy(() => createBlynkClient({ ...common, auth: { clientId: bad.value, clientSecret } })),
              field,
              secrets,
            );
          case "clientSecret":
            return expectRefusedByName(
              thrownBy(() => createBlynkClient({ ...common, auth: { clientId, clientSecret: bad.value } })),
              field,
              [...secrets, clientSecret],
            );
          case "accessToken function": {
            const client = createBlynkClient({ ...common, auth: { accessToken: async () => bad.value } });
            const outcome = await outcomeOf(() => client.organizations.profile());
            expect(spy.calls).toBe(0);
            return expectRefusedByName(outcome.ok ? undefined : outcome.error, field, secrets);
          }
        }
      }),
      runs(5000),
    );
  });

  test(`auth that is no object, credentials that are no usable strings and broken common options are refused by name (${runs(2000)} runs)`, async () => {
    const spy = forbiddenFetch();
    const cases = fc.oneof(
      fc
        .constantFrom<unknown>(undefined, null, "token", 5, [], true)
        .map((auth) => ({ options: { auth }, field: "auth" })),
      fc.constant({}).map((auth) => ({ options: { auth }, field: "auth.accessToken" })),
      notAString.map((accessToken) => ({ options: { auth: { accessToken } }, field: "auth.accessToken" })),
      notAString.map((clientId) => ({
        options: { auth: { clientId, clientSecret } },
        field: "auth.clientId",
      })),
      notAString.map((clientSecret) => ({
        options: { auth: { clientId, clientSecret } },
        field: "auth.clientSecret",
      })),
      badCommonOption.map(({ options, field }) => ({
        options: { auth: { accessToken }, ...options },
        field,
      })),
      badCommonOption.map(({ options, field }) => ({
        options: { auth: { clientId, clientSecret }, ...options },
        field,
      })),
    );
    await assertProperty(
      fc.property(cases, ({ options, field }) => {
        expectRefusedByName(
          thrownBy(() => createBlynkClient({ fetch: spy.fetch, ...options } as unknown as BlynkClientOptions)),
          field,
          [],
        );
      }),
      runs(2000),
    );
    expect(spy.calls).toBe(0);
  });
});
