import fc from "fast-check";
import type { Schema } from "../../src/internal/schema.js";
import { ajv } from "./spec.js";

// Generators read from JSON Schema: the request rules of generated/*.rules.ts and the spec's own
// schemas. `valid(schema)` draws values the schema allows; `broken(schema, value)` takes one such
// value and breaks exactly one rule somewhere in it, saying which field and which rules. Nothing
// here names a field of either API, so the generators follow the spec when it changes.

/** The validator's subset of JSON Schema, plus the `oneOf` of the spec's response schemas. */
export type JsonSchema = Schema & { readonly oneOf?: readonly JsonSchema[] };

/** A path into a value: property names and array indexes, from the argument down. */
export type Path = readonly (string | number)[];

export interface GenerateOptions {
  /** Add members the schema does not list, where it allows them (answers; never arguments). */
  extras?: boolean;
  /** Paths never generated nor broken (a member the caller does not set, such as the page number a pager sets). */
  omit?: readonly Path[];
}

// ---------------------------------------------------------------------------------------------
// Strings

/** Characters that end, split or re-shape things: line breaks, NUL, URL delimiters, markup, bidi, BOM, lone surrogates. */
export const nastyCharacters = [
  "\r",
  "\n",
  "\r\n",
  "\0",
  "\t",
  "\x7f",
  "\x85",
  "]",
  "[",
  "&",
  "=",
  "#",
  "?",
  "%",
  "+",
  "/",
  "\\",
  "<",
  ">",
  '"',
  "'",
  " ",
  ":",
  ";",
  ",",
  ".",
  "..",
  "é",
  "ß",
  "€",
  "\u00a0",
  "\u2028",
  "\u202e",
  "\ufeff",
  "\ufffd",
  "😀",
  "𝒜",
  "\ud800",
  "\udfff",
  "%0d%0a",
  "%00",
] as const;

const nasty = fc.constantFrom(...nastyCharacters);

/** Any string: printable ASCII, Unicode, any code point, nasty characters, lone surrogates, or a mix. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  // Any code point, lone surrogates included (a custom unit: fast-check's "binary" costs a second to build).
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.nat({ max: 0x10ffff }).map((code) => String.fromCodePoint(code)), maxLength: 12 }),
  },
  { weight: 2, arbitrary: fc.array(nasty, { maxLength: 6 }).map((parts) => parts.join("")) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.string({ maxLength: 8 }), nasty, fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
  },
);

export function codePoints(value: string): number {
  return [...value].length;
}

const regExps = new Map<string, RegExp>();

export function regExpOf(pattern: string): RegExp {
  let regExp = regExps.get(pattern);
  if (!regExp) {
    regExp = new RegExp(pattern, "u");
    regExps.set(pattern, regExp);
  }
  return regExp;
}

// IANA names as Intl lists them, plus links and aliases that are names too.
const timeZones = [
  ...Intl.supportedValuesOf("timeZone"),
  "UTC",
  "Etc/UTC",
  "Etc/GMT+5",
  "Europe/Kiev",
  "America/Buenos_Aires",
  "Asia/Calcutta",
];

const formatValidators = new Map<string, (value: string) => boolean>();

/** Whether ajv (with ajv-formats and the specs' own formats) checks this format; others only document. */
function checksFormat(format: string): boolean {
  return ajv.formats[format] !== undefined;
}

function formatAllows(format: string, value: string): boolean {
  if (!checksFormat(format)) return true;
  let validate = formatValidators.get(format);
  if (!validate) {
    const compiled = ajv.compile({ type: "string", format });
    validate = (text) => compiled(text) === true;
    formatValidators.set(format, validate);
  }
  return validate(value);
}

// http(s) URLs of the characters RFC 3986 allows unescaped, and percent escapes (fc.webUrl would do,
// but takes a second to build).
const urlSegment = fc.stringMatching(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2}){0,10}$/);
const httpUrl = fc
  .tuple(
    fc.constantFrom("https", "http", "HTTPS"),
    fc.oneof(fc.domain(), fc.constantFrom("localhost", "127.0.0.1", "[::1]", "hooks.example.com")),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    fc.array(urlSegment, { maxLength: 4 }),
    fc.option(
      fc.array(urlSegment, { maxLength: 3 }).map((parts) => parts.join("&")),
      { nil: undefined },
    ),
    fc.option(urlSegment, { nil: undefined }),
  )
  .map(
    ([scheme, host, port, path, query, fragment]) =>
      `${scheme}://${host}${port === undefined ? "" : `:${port}`}/${path.join("/")}${query === undefined ? "" : `?${query}`}${fragment === undefined ? "" : `#${fragment}`}`,
  );

const formatArbitraries: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () =>
    fc.oneof(
      { weight: 6, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: fc.uuid().map((uuid) => uuid.toUpperCase()) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
      },
    ),
  uri: () => httpUrl,
  "date-time": () =>
    fc
      .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
      .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().replace(/\.\d{3}Z$/, "+00:00"))),
  "iana-time-zone": () => fc.constantFrom(...timeZones),
};

const stringCache = new Map<string, fc.Arbitrary<string>>();

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const key = JSON.stringify([schema.minLength, schema.maxLength, schema.pattern, schema.format]);
  let arbitrary = stringCache.get(key);
  if (!arbitrary) {
    arbitrary = buildString(schema);
    stringCache.set(key, arbitrary);
  }
  return arbitrary;
}

function buildString(schema: JsonSchema): fc.Arbitrary<string> {
  const { minLength = 0, maxLength, pattern, format } = schema;
  const regExp = pattern === undefined ? undefined : regExpOf(pattern);
  // Values drawn from a format's own generator are of the format: only other strings are checked for it.
  const fitsLengthAndPattern = (value: string) => {
    const length = codePoints(value);
    return (
      length >= minLength &&
      (maxLength === undefined || length <= maxLength) &&
      (regExp === undefined || regExp.test(value))
    );
  };
  const fits = (value: string) => fitsLengthAndPattern(value) && (format === undefined || formatAllows(format, value));
  const matching = regExp ? fc.stringMatching(regExp) : undefined;
  let base: fc.Arbitrary<string>;
  if (format !== undefined && formatArbitraries[format]) base = formatArbitraries[format]();
  else if (matching)
    base = fc.oneof(
      { weight: 3, arbitrary: matching },
      { weight: 1, arbitrary: anyString.chain((value) => (regExp!.test(value) ? fc.constant(value) : matching)) },
    );
  else base = anyString;
  // Strings at the length limits, of characters the pattern allows (astral ones count once); not for
  // a format with its own generator, whose values padding would only break.
  const generated = format !== undefined && formatArbitraries[format] !== undefined;
  const limits: fc.Arbitrary<string>[] = [];
  for (const length of generated
    ? []
    : [minLength, maxLength].filter((limit): limit is number => limit !== undefined && limit > 0 && limit <= 10_000)) {
    limits.push(
      fc
        .tuple(base, fc.constantFrom("a", "Z", "7", "é", "𝒜", "界", " "))
        .map(([value, pad]) => padTo(value, pad, length))
        .filter(fits),
    );
  }
  const drawn = base.filter(generated && format !== "uri" ? fitsLengthAndPattern : fits);
  return limits.length === 0
    ? drawn
    : fc.oneof({ weight: 4, arbitrary: drawn }, ...limits.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function padTo(value: string, pad: string, length: number): string {
  const characters = [...value].slice(0, length);
  while (characters.length < length) characters.push(pad);
  return characters.join("");
}

// ---------------------------------------------------------------------------------------------
// Numbers

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

interface Bounds {
  min: number;
  max: number;
}

function integerBounds(schema: JsonSchema): Bounds {
  let min = -Infinity;
  let max = Infinity;
  if (schema.minimum !== undefined) min = Math.max(min, Math.ceil(schema.minimum));
  if (schema.exclusiveMinimum !== undefined) min = Math.max(min, Math.floor(schema.exclusiveMinimum) + 1);
  if (schema.maximum !== undefined) max = Math.min(max, Math.floor(schema.maximum));
  if (schema.format === "int32") {
    min = Math.max(min, int32.min);
    max = Math.min(max, int32.max);
  }
  if (schema.format === "int64") {
    min = Math.max(min, Number.MIN_SAFE_INTEGER);
    max = Math.min(max, Number.MAX_SAFE_INTEGER);
  }
  return { min, max };
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { min, max } = integerBounds(schema);
  const inRange = (value: number) => value >= min && value <= max;
  const safe = { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
  const choices: Array<fc.WeightedArbitrary<number>> = [
    { weight: 6, arbitrary: fc.integer(safe) },
    // Small values near the lower bound, as real arguments mostly are.
    { weight: 3, arbitrary: fc.integer({ min: safe.min, max: Math.min(safe.max, safe.min + 100) }) },
  ];
  // The bounds themselves, where a check that is off by one would first go wrong.
  const bounds = [min, max].filter((bound) => Number.isSafeInteger(bound));
  if (bounds.length > 0) choices.push({ weight: 1, arbitrary: fc.constantFrom(...bounds) });
  // An integer JSON Schema allows but no 64-bit type holds: what a spec without a maximum admits.
  const huge = [2 ** 53, 1e21, 2 ** 80].filter(inRange);
  if (huge.length > 0) choices.push({ weight: 1, arbitrary: fc.constantFrom(...huge) });
  return fc.oneof(...choices);
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(
    schema.minimum ?? -1e9,
    schema.exclusiveMinimum === undefined ? -Infinity : schema.exclusiveMinimum + 1e-6,
  );
  const max = schema.maximum ?? 1e9;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

// ---------------------------------------------------------------------------------------------
// Valid values

/** The schema with its `allOf` parts folded in (the request rules use allOf only to wrap one schema). */
export function folded(schema: JsonSchema): JsonSchema {
  if (!schema.allOf) return schema;
  const { allOf, ...rest } = schema;
  return Object.assign({}, rest, ...allOf.map(folded));
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type !== undefined) return [schema.type].flat();
  if (schema.properties || schema.additionalProperties !== undefined || schema.propertyNames || schema.required)
    return ["object"];
  return [];
}

const isOmitted = (omit: readonly Path[] | undefined, path: Path) =>
  (omit ?? []).some(
    (omitted) => omitted.length === path.length && omitted.every((name, index) => name === path[index]),
  );

// Arbitraries are built once per schema, options and path: `broken` asks for them on every draw.
const validCache = new WeakMap<JsonSchema, Map<string, fc.Arbitrary<unknown>>>();

/** Values the schema allows. */
export function valid(schema: JsonSchema, options: GenerateOptions = {}, path: Path = []): fc.Arbitrary<unknown> {
  let bySchema = validCache.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    validCache.set(schema, bySchema);
  }
  const key = JSON.stringify([options.extras ?? false, options.omit ?? [], path]);
  let arbitrary = bySchema.get(key);
  if (!arbitrary) {
    arbitrary = buildValid(schema, options, path);
    bySchema.set(key, arbitrary);
  }
  return arbitrary;
}

/** Names a `propertyNames` rule allows. */
function namesOf(names: JsonSchema): fc.Arbitrary<string> {
  let arbitrary = nameCache.get(names);
  if (!arbitrary) {
    arbitrary = valid({ type: "string", ...names }) as fc.Arbitrary<string>;
    nameCache.set(names, arbitrary);
  }
  return arbitrary;
}
const nameCache = new WeakMap<JsonSchema, fc.Arbitrary<string>>();

function buildValid(schema: JsonSchema, options: GenerateOptions, path: Path): fc.Arbitrary<unknown> {
  const s = folded(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = s;
    return fc.oneof(...branches.map((branch) => valid({ ...rest, ...branch }, options, path)));
  }
  const types = typesOf(s);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => validOfType(type, s, options, path)));
}

function validOfType(type: string, s: JsonSchema, options: GenerateOptions, path: Path): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return stringArbitrary(s);
    case "integer":
      return integerArbitrary(s);
    case "number":
      return numberArbitrary(s);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(s.items ? valid(s.items, options, [...path, "[]"]) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case "object":
      return objectArbitrary(s, options, path);
    default:
      throw new Error(`no generator for type ${type}`);
  }
}

function objectArbitrary(s: JsonSchema, options: GenerateOptions, path: Path): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(s.properties ?? {}).filter(([name]) => !isOmitted(options.omit, [...path, name]));
  const required = new Set(s.required ?? []);
  const model = Object.fromEntries(properties.map(([name, child]) => [name, valid(child, options, [...path, name])]));
  const listed = fc.record(model, {
    requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)),
  });
  // Every listed member, to fill in what dependentRequired asks for.
  const complete = fc.record(model);
  const additional = additionalArbitrary(s, options);
  return fc.tuple(listed, complete, additional).map(([object, all, more]) => {
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(more)) define(result, name, value);
    for (const [name, value] of Object.entries(object)) define(result, name, value);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, needs] of Object.entries(s.dependentRequired ?? {})) {
        if (!Object.hasOwn(result, name)) continue;
        for (const other of needs) {
          if (!Object.hasOwn(result, other) && Object.hasOwn(all, other)) {
            define(result, other, all[other]);
            changed = true;
          }
        }
      }
    }
    return result;
  });
}

/** Members beyond the listed ones: by `propertyNames` and `additionalProperties`, or extras where allowed. */
function additionalArbitrary(s: JsonSchema, options: GenerateOptions): fc.Arbitrary<Record<string, unknown>> {
  const listed = new Set(Object.keys(s.properties ?? {}));
  const schemaOfExtra = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  if (s.propertyNames || schemaOfExtra) {
    const names = s.propertyNames ? namesOf(s.propertyNames) : anyString;
    return fc.dictionary(
      names.filter((name) => !listed.has(name)),
      schemaOfExtra ? valid(schemaOfExtra, options) : fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 4, noNullPrototype: true },
    );
  }
  if (options.extras && s.additionalProperties !== false) {
    return fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras(listed) });
  }
  return fc.constant({});
}

/** Members a schema does not list, named like data and like Object.prototype's members. */
function extras(listed: ReadonlySet<string>): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(
    fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.constantFrom("isActive", "constructor", "__proto__", "toString", "links"),
      )
      .filter((name) => !listed.has(name)),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 2, noNullPrototype: true },
  );
}

/** Sets an own, enumerable member, `__proto__` included (as JSON.parse would). */
export function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: true });
}

/** A copy of `root` with the member at `path` set to `value`, or removed when `remove`. Copies along the path only. */
export function replaced(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const [first, ...rest] = path as [string | number, ...Array<string | number>];
  const head = String(first);
  const source = isPlainRecord(root) ? root : {};
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(source)) define(copy, name, item);
  if (rest.length === 0 && remove) delete copy[head];
  else define(copy, head, replaced(Object.hasOwn(source, head) ? source[head] : undefined, rest, value, remove));
  return copy;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Broken values

/** A value with one rule broken, where, and which rules the break may be reported as. */
export interface Broken {
  value: unknown;
  /** Path of the member made invalid (empty: the argument itself). */
  path: Path;
  /** The JSON Schema keywords an issue for this path may name. */
  rules: readonly string[];
  /** What was done, for the counterexample. */
  how: string;
}

/** JS values of every kind, JSON and not: what a caller without types might pass. */
const oddValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    "",
    "1",
    "true",
    "null",
    "[object Object]",
    0,
    1,
    -1,
    1.5,
    -0.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    true,
    false,
    null,
    [],
    [1],
    ["a"],
    {},
    { a: 1 },
    1n,
    new Date(0),
    new String("abc"),
    new Number(1),
    Symbol("s"),
    () => "x",
  ),
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
);

/** Whether a JS value is of the JSON type `type`, as JSON Schema reads a JSON document. */
export function isOfType(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** Names that are not data: Object.prototype's members and other inherited or special keys. */
export const prototypeNames = [
  "constructor",
  "toString",
  "valueOf",
  "__proto__",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toJSON",
  "then",
] as const;

/**
 * `value` (valid for `schema`) with one rule broken: at this level, in one of its members (a
 * listed member absent from `value` is made present first, so optional members are broken too),
 * or in one of its items (an array too short or too long, or one item broken, named by index).
 */
export function broken(
  schema: JsonSchema,
  value: unknown,
  options: GenerateOptions = {},
  path: Path = [],
): fc.Arbitrary<Broken> {
  const s = folded(schema);
  const here = (arbitrary: fc.Arbitrary<unknown>, rules: readonly string[], how: string) =>
    arbitrary.map((next): Broken => ({ value: next, path, rules, how }));
  const choices: Array<fc.WeightedArbitrary<Broken>> = [];
  // A schema of branches (an answer's `anyOf`) is broken by a value of a type none of them takes.
  const branches = s.anyOf ?? s.oneOf;
  const types = branches && s.type === undefined ? branches.flatMap((branch) => typesOf(folded(branch))) : typesOf(s);
  const add = (weight: number, arbitrary: fc.Arbitrary<Broken>) => choices.push({ weight, arbitrary });

  // Of another type (or a JS value that is not JSON at all).
  if (types.length > 0) {
    add(
      3,
      here(
        oddValues.filter((odd) => !types.some((type) => isOfType(type, odd))),
        ["type", "anyOf", "allOf", "enum", "const"],
        "of another type",
      ),
    );
  }
  if (s.enum) {
    const misses = fc.oneof(
      fc
        .constantFrom(...s.enum.filter((item): item is string => typeof item === "string"))
        .map((item) => `${item.toLowerCase()} `),
      fc.constantFrom(...s.enum.filter((item): item is string => typeof item === "string")).map((item) => ` ${item}`),
      anyString,
    );
    add(
      3,
      here(
        misses.filter((miss) => !s.enum!.includes(miss)),
        ["enum"],
        "outside the enum",
      ),
    );
  }
  if (s.const !== undefined)
    add(
      2,
      here(
        anyString.filter((other) => other !== s.const),
        ["const"],
        "not the const",
      ),
    );

  if (typeof value === "string") {
    const characters = [...value];
    if (s.minLength !== undefined && s.minLength > 0) {
      add(
        2,
        here(
          fc.integer({ min: 0, max: s.minLength - 1 }).map((length) => characters.slice(0, length).join("")),
          ["minLength", "pattern", "format"],
          "too short",
        ),
      );
    }
    if (s.maxLength !== undefined) {
      const limit = s.maxLength;
      add(
        3,
        here(
          fc
            .tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom("a", "é", "😀", "𝒜"), fc.constantFrom(1, 1, 1, 3))
            .map(([extra, pad, factor]) => padTo(value, pad, (limit + extra) * factor)),
          ["maxLength"],
          "too long",
        ),
      );
    }
    if (s.pattern !== undefined || (s.format !== undefined && checksFormat(s.format))) {
      const breaks = (candidate: string) =>
        (s.pattern !== undefined && !regExpOf(s.pattern).test(candidate)) ||
        (s.format !== undefined && !formatAllows(s.format, candidate));
      const inserted = fc.tuple(nasty, fc.nat()).map(([character, at]) => {
        const position = characters.length === 0 ? 0 : at % (characters.length + 1);
        const candidates = [
          [...characters.slice(0, position), character, ...characters.slice(position)].join(""),
          character + value,
          value + character,
          character,
        ];
        return candidates.find(breaks) ?? candidates[0]!;
      });
      add(
        4,
        here(inserted, ["pattern", "format", "minLength", "maxLength"], "a character the pattern or format refuses"),
      );
      // A candidate that happens to be valid is left for the caller's oracle to skip.
      if (s.format !== undefined)
        add(2, here(formatBreakers(s.format, value), ["format", "pattern", "minLength"], `not a ${s.format}`));
    }
  }

  if (typeof value === "number" && types.some((type) => type === "integer" || type === "number")) {
    const integer = types.includes("integer") && !types.includes("number");
    const { min, max } = integer
      ? integerBounds(s)
      : { min: s.minimum ?? s.exclusiveMinimum ?? -Infinity, max: s.maximum ?? Infinity };
    if (Number.isFinite(min)) {
      add(
        3,
        here(
          fc.constantFrom(1, 2, 1000, 2 ** 31, 2 ** 53).map((below) => (integer ? min - below : min - below / 1024)),
          ["minimum", "exclusiveMinimum", "format"],
          "below the minimum",
        ),
      );
    }
    if (Number.isFinite(max)) {
      add(
        3,
        here(
          fc.constantFrom(1, 2, 1000, 2 ** 31).map((above) => max + above),
          ["maximum", "format"],
          "above the maximum",
        ),
      );
    }
    if (integer) {
      const base = Number.isSafeInteger(value) && Math.abs(value) < 2 ** 40 ? value : Number.isFinite(min) ? min : 0;
      add(
        2,
        here(
          fc.constantFrom(0.5, 0.25, 1e-6).map((fraction) => base + fraction),
          ["type"],
          "not an integer",
        ),
      );
    }
    add(2, here(fc.constantFrom(NaN, Infinity, -Infinity), ["type", "minimum", "maximum", "format"], "not finite"));
  }

  if (isPlainRecord(value) && types.includes("object")) {
    const listed = Object.entries(s.properties ?? {}).filter(([name]) => !isOmitted(options.omit, [...path, name]));
    const presentRequired = (s.required ?? []).filter(
      (name) => Object.hasOwn(value, name) && !isOmitted(options.omit, [...path, name]),
    );
    if (presentRequired.length > 0) {
      add(
        3,
        fc.constantFrom(...presentRequired).map(
          (name): Broken => ({
            value: replaced(value, [name], undefined, true),
            path: [...path, name],
            rules: ["required"],
            how: "a required member left out",
          }),
        ),
      );
    }
    if (s.additionalProperties === false) {
      const known = new Set(Object.keys(s.properties ?? {}));
      const names = fc
        .oneof(
          { weight: 3, arbitrary: fc.constantFrom(...prototypeNames) },
          { weight: 2, arbitrary: camelCaseName },
          {
            weight: 1,
            arbitrary: fc.constantFrom(...[...known].flatMap((name) => [name.toUpperCase(), `${name} `, `${name}s`])),
          },
          { weight: 1, arbitrary: anyString.filter((name) => name !== "") },
        )
        .filter((name) => !known.has(name));
      add(
        3,
        fc.tuple(names, fc.jsonValue({ maxDepth: 1 })).map(([name, item]): Broken => {
          const copy = replaced(value, [name], item) as Record<string, unknown>;
          return {
            value: copy,
            path: [...path, name],
            rules: ["additionalProperties", "propertyNames"],
            how: "an unknown member",
          };
        }),
      );
    }
    if (s.propertyNames) {
      const names = s.propertyNames;
      const validName = namesOf(names);
      const badNames = fc
        .oneof(
          fc
            .tuple(validName, fc.constantFrom("]", "[", "&", "=", "#", " ", "é", "\n", "\r", "\0", ".", "%", "+", "/"))
            .map(([name, character]) => name + character),
          fc.tuple(validName, fc.constantFrom("]", "&", "=", "#")).map(([name, character]) => character + name),
          fc.constant(""),
          anyString,
        )
        .filter((name) => !ajvValidString(names, name));
      const itemSchema = typeof s.additionalProperties === "object" ? s.additionalProperties : {};
      add(
        4,
        fc.tuple(badNames, valid(itemSchema)).map(
          ([name, item]): Broken => ({
            value: replaced(value, [name], item),
            path: [...path, name],
            rules: ["propertyNames"],
            how: "a member name the pattern refuses",
          }),
        ),
      );
    }
    if (typeof s.additionalProperties === "object") {
      const extraSchema = s.additionalProperties;
      const extraName = s.propertyNames ? namesOf(s.propertyNames) : lowercaseName;
      add(
        3,
        fc
          .tuple(
            extraName.filter((name) => !Object.hasOwn(s.properties ?? {}, name)),
            valid(extraSchema),
          )
          .chain(([name, item]) =>
            broken(extraSchema, item, options, [...path, name]).map((inner) => ({
              ...inner,
              value: replaced(value, [name], inner.value),
            })),
          ),
      );
    }
    for (const [name, needs] of Object.entries(s.dependentRequired ?? {})) {
      const childSchema = s.properties?.[name];
      if (!childSchema) continue;
      add(
        2,
        fc.tuple(valid(childSchema), fc.constantFrom(...needs)).map(([item, missing]): Broken => {
          let next = replaced(value, [name], item);
          for (const other of needs) next = replaced(next, [other], undefined, true);
          return {
            value: next,
            path: [...path, missing],
            rules: ["dependentRequired"],
            how: `${name} without ${missing}`,
          };
        }),
      );
    }
    if (listed.length > 0) {
      add(
        8,
        fc.constantFrom(...listed).chain(([name, childSchema]) => {
          const child = Object.hasOwn(value, name)
            ? fc.constant(value[name])
            : valid(childSchema, options, [...path, name]);
          return child.chain((item) =>
            broken(childSchema, item, options, [...path, name]).map((inner) => ({
              ...inner,
              value: replaced(value, [name], inner.value),
            })),
          );
        }),
      );
    }
  }
  if (Array.isArray(value) && types.includes("array")) {
    const items: unknown[] = value;
    const item = s.items ? valid(s.items, options, [...path, "[]"]) : fc.jsonValue({ maxDepth: 1 });
    if (s.minItems !== undefined && s.minItems > 0) {
      add(
        2,
        here(
          fc.integer({ min: 0, max: Math.min(items.length, s.minItems - 1) }).map((length) => items.slice(0, length)),
          ["minItems"],
          "too few items",
        ),
      );
    }
    if (s.maxItems !== undefined) {
      const missing = Math.max(1, s.maxItems + 1 - items.length);
      add(
        2,
        here(
          fc.array(item, { minLength: missing, maxLength: missing + 2 }).map((extra) => [...items, ...extra]),
          ["maxItems"],
          "too many items",
        ),
      );
    }
    if (s.items) {
      const itemSchema = s.items;
      // One item broken: one already there, or one added (so that an array's items are broken even
      // when it is empty). Its issue names it by index, as `sort[1]`.
      const at = items.length === 0 ? fc.constant(0) : fc.nat({ max: items.length });
      add(
        6,
        at.chain((index) =>
          (index < items.length ? fc.constant(items[index]) : item).chain((current) =>
            broken(itemSchema, current, options, [...path, index]).map(
              (inner): Broken => ({
                ...inner,
                value: [...items.slice(0, index), inner.value, ...items.slice(index + 1)],
              }),
            ),
          ),
        ),
      );
    }
  }
  if (choices.length === 0) throw new Error(`nothing to break in ${JSON.stringify(schema)} at ${path.join(".")}`);
  return fc.oneof(...choices);
}

const stringValidators = new WeakMap<JsonSchema, (value: string) => boolean>();

const lowercaseName = fc.stringMatching(/^[a-z]{1,8}$/);
const camelCaseName = fc.stringMatching(/^[a-z][A-Za-z]{0,12}$/);

function ajvValidString(schema: JsonSchema, value: string): boolean {
  let validate = stringValidators.get(schema);
  if (!validate) {
    const compiled = ajv.compile({ type: "string", ...schema } as object);
    validate = (text) => compiled(text) === true;
    stringValidators.set(schema, validate);
  }
  return validate(value);
}

/** Values that look like the format but are not of it. */
function formatBreakers(format: string, value: string): fc.Arbitrary<string> {
  switch (format) {
    case "uuid":
      return fc.oneof(
        fc.constantFrom(
          value.slice(1),
          `${value}0`,
          value.replace(/-/g, ""),
          `{${value}}`,
          value.replace(/[0-9a-f]/i, "g"),
          `urn:uuid:${value}`,
          ".",
          "..",
          "",
        ),
        fc
          .tuple(fc.nat(), nasty)
          .map(
            ([at, character]) =>
              value.slice(0, at % (value.length + 1)) + character + value.slice(at % (value.length + 1)),
          ),
      );
    case "uri":
      return fc.oneof(
        fc.constantFrom(
          "hooks.example.com/recrubo",
          "//hooks.example.com/x",
          "https://",
          "https://hooks.example.com/a b",
          "https://hooks.example.com/a\nb",
          "https://hooks.exa\r\nmple.com/",
          "https://hooks.example.com/\t",
          "https://hooks.example.com/ü",
          "https://hooks.example.com/{x}",
          "https://hooks.example.com/a\\b",
          "https://ex ample.com/",
          "https://[::1/",
          "javascript:alert(1)",
          "ftp://hooks.example.com/",
          "",
        ),
        fc
          .tuple(fc.nat(), nasty)
          .map(
            ([at, character]) =>
              value.slice(0, at % (value.length + 1)) + character + value.slice(at % (value.length + 1)),
          ),
      );
    case "iana-time-zone":
      return fc.constantFrom(
        "Mars/Olympus",
        "Europe/Kyivv",
        "Europe/",
        "+02:00",
        "UTC+2",
        "GMT+25",
        "Europe/Kyiv\n",
        "../etc/passwd",
        "Europe\\Kyiv",
        " Europe/Kyiv",
        "",
        "x".repeat(70),
      );
    case "date-time":
      return fc.constantFrom("2024-13-01T00:00:00Z", "yesterday", "2024-08-20", "");
    default:
      return anyString;
  }
}
