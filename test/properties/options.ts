import fc from "fast-check";
import { define } from "./schemas.js";

// The options arguments, as CallOptions and PagingOptions document them (orgkit's own rules, not the
// spec's): timeoutMs in (0, 2147483647], header names HTTP tokens and values without line breaks,
// NUL or characters beyond Latin-1, a real AbortSignal; paging counts whole and in range.

export const longestTimer = 2 ** 31 - 1;

const tokenCharacters = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers that change what a request is (its body's media type and length, its target, its
// credentials), which the valid-request checks would have to second-guess.
const semanticHeaders = new Set([
  "content-type",
  "content-length",
  "transfer-encoding",
  "host",
  "authorization",
  "accept",
  "user-agent",
  "connection",
  "expect",
  "te",
  "trailer",
  "upgrade",
  "keep-alive",
]);

export const headerName: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^x-[a-z0-9-]{1,12}$/) },
    { weight: 2, arbitrary: fc.stringMatching(tokenCharacters).filter((name) => name.length <= 40) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "X-Trace-Id",
        "prefer",
        "Idempotency-Key",
        "constructor",
        "toString",
        "__proto__",
        "valueOf",
        "x-a.b",
        "~",
        "!#$%&'*+.^_`|~",
      ),
    },
  )
  .filter((name) => !semanticHeaders.has(name.toLowerCase()));

const latin1 = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
  .map((code) => String.fromCharCode(code));

export const headerValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.array(latin1, { maxLength: 30 }).map((characters) => characters.join("")) },
  { weight: 1, arbitrary: fc.constantFrom("", " padded ", "\tx\t", "a".repeat(8192), "ÿ€".replace("€", "é")) },
);

/** Headers whose own members may be named like Object.prototype's, as JSON.parse makes them. */
function headersOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of entries) define(headers, name, value);
  return headers;
}

export const validHeaders = fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }).map(headersOf);

export interface OptionsDraft {
  timeoutMs?: number;
  headers?: Record<string, unknown>;
  signal?: AbortSignal;
  concurrency?: number;
  maxItems?: number;
  maxPages?: number;
  startPage?: number;
  dedupe?: boolean;
}

/**
 * Timeouts that hold: at least a second, so that no valid call times out on a busy machine (a
 * smaller valid timeout is legitimate but would make the request race the timer).
 */
export const validTimeout = fc.oneof(
  fc.integer({ min: 1000, max: longestTimer }),
  fc.constantFrom(longestTimer, 1000.5, 30_000),
  fc.double({ min: 1000, max: longestTimer, noNaN: true }),
);

export const validCallOptions: fc.Arbitrary<OptionsDraft> = fc.record(
  {
    timeoutMs: validTimeout,
    headers: validHeaders,
    signal: fc.constant(null).map(() => new AbortController().signal),
  },
  { requiredKeys: [] },
);

/** Paging options that lead to at least one request: `maxItems` and `maxPages` of 0 ask for none. */
export function validPagingOptions(firstPage: number): fc.Arbitrary<OptionsDraft> {
  return fc
    .tuple(
      validCallOptions,
      fc.record(
        {
          concurrency: fc.integer({ min: 1, max: 16 }),
          maxItems: fc.integer({ min: 1, max: 1_000_000 }),
          maxPages: fc.integer({ min: 1, max: 1000 }),
          startPage: fc.oneof(
            fc.integer({ min: firstPage, max: firstPage + 5 }),
            fc.integer({ min: firstPage, max: 2 ** 31 - 1 }),
          ),
          dedupe: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([call, paging]) => ({ ...call, ...paging }));
}

/** Options with one member broken, and the field its issue must name. */
export interface BrokenOptions {
  options: unknown;
  field: string;
  how: string;
}

const badTimeouts = fc.constantFrom<unknown>(
  0,
  -0,
  -1,
  -0.5,
  2 ** 31,
  longestTimer + 0.5,
  1e12,
  Infinity,
  -Infinity,
  NaN,
  "100",
  null,
  true,
  [100],
  {},
);

const withCharacter = (base: fc.Arbitrary<string>, characters: readonly string[]) =>
  fc.tuple(base, fc.constantFrom(...characters), fc.nat()).map(([text, character, at]) => {
    const position = at % (text.length + 1);
    return text.slice(0, position) + character + text.slice(position);
  });

const badHeaderNames = fc.oneof(
  withCharacter(fc.stringMatching(/^x-[a-z]{1,8}$/), [
    "\r",
    "\n",
    "\r\n",
    "\0",
    " ",
    ":",
    "(",
    ")",
    ",",
    "/",
    "@",
    "[",
    "]",
    "{",
    "}",
    '"',
    "é",
    "😀",
    "\u0100",
    "\t",
    "\ud800",
  ]),
  fc.constant(""),
);
const badHeaderValues = fc.oneof(
  withCharacter(fc.string({ maxLength: 12 }), ["\r", "\n", "\r\n", "\0", "\u0100", "€", "😀", "\ud800", "\u2028"]),
  fc.constantFrom<unknown>(5, null, true, ["a", "b"], {}),
);
const badSignals = fc.constantFrom<unknown>(
  {},
  "signal",
  1,
  true,
  null,
  { aborted: false, addEventListener() {}, removeEventListener() {} },
  new AbortController(),
);
const badCounts = (minimum: number) =>
  fc.constantFrom<unknown>(minimum - 1, minimum - 2, -1, 1.5, NaN, "2", null, true, [1], {});

/** CallOptions (or PagingOptions, with `paging`) with exactly one member broken. */
export function brokenOptions(paging: { firstPage: number } | undefined): fc.Arbitrary<BrokenOptions> {
  const base = paging ? validPagingOptions(paging.firstPage) : validCallOptions;
  const broken = (name: string, values: fc.Arbitrary<unknown>) =>
    fc.tuple(base, values).map(
      ([options, value]): BrokenOptions => ({
        options: { ...options, [name]: value },
        field: name,
        how: `${name} out of its rule`,
      }),
    );
  const choices: Array<fc.WeightedArbitrary<BrokenOptions>> = [
    { weight: 3, arbitrary: broken("timeoutMs", badTimeouts) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(base, validHeaders, badHeaderNames, headerValue)
        .map(([options, headers, name, value]): BrokenOptions => {
          const next = headersOf([...Object.entries(headers), [name, value]]);
          return {
            options: { ...options, headers: next },
            field: `headers.${name}`,
            how: "a header name that is no HTTP token",
          };
        }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(base, validHeaders, headerName, badHeaderValues)
        .map(([options, headers, name, value]): BrokenOptions => {
          const next = headersOf([...Object.entries(headers).filter(([other]) => other !== name), [name, value]]);
          return {
            options: { ...options, headers: next },
            field: `headers.${name}`,
            how: "a header value fetch would refuse",
          };
        }),
    },
    { weight: 1, arbitrary: broken("headers", fc.constantFrom<unknown>("x-a: b", 5, [], [["x-a", "b"]], null, true)) },
    { weight: 2, arbitrary: broken("signal", badSignals) },
  ];
  if (paging) {
    choices.push(
      { weight: 2, arbitrary: broken("concurrency", badCounts(1)) },
      { weight: 2, arbitrary: broken("maxItems", badCounts(0)) },
      { weight: 2, arbitrary: broken("maxPages", badCounts(0)) },
      { weight: 2, arbitrary: broken("startPage", badCounts(paging.firstPage)) },
    );
  }
  return fc.oneof(...choices);
}
