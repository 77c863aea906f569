import { type ValidationIssue, ValidationError } from "../errors.js";
import { isRecord } from "./is-record.js";

/**
 * The JSON Schema keywords orgkit checks before sending a request. The generator refuses a request
 * schema that uses any other validation keyword, so a rule in the spec is never silently skipped.
 */
export const checkedKeywords = [
  "type",
  "properties",
  "required",
  "additionalProperties",
  "dependentRequired",
  "items",
  "minItems",
  "maxItems",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "allOf",
  "anyOf",
  "propertyNames",
] as const;

/** The subset of JSON Schema that request rules are written in (see `generated/*.rules.ts`). */
export interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: { readonly [name: string]: Schema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly dependentRequired?: { readonly [name: string]: readonly string[] };
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly allOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly propertyNames?: Schema;
  readonly default?: unknown;
}

/** Throws one `ValidationError` listing every issue, or returns when there is none. */
export function assertValid(...issues: ValidationIssue[][]): void {
  const all = issues.flat();
  if (all.length > 0) throw new ValidationError(all);
}

/** Every way `value` breaks `schema`; `field` names the value in messages. */
export function check(schema: Schema, value: unknown, field: string): ValidationIssue[] {
  const walk: Walk = { root: field, path: [], issues: [] };
  collect(schema, value, walk);
  return walk.issues;
}

/**
 * One walk through a value. Every answer's body is checked too, thousands of items a page, so a
 * valid value costs no allocation beyond the walk itself: the way down is kept as a stack of
 * names and indexes, and joined into a field name only for a value that breaks a rule.
 */
interface Walk {
  /** What the value is called (`"body"`, `"orgId"`), or `""` for the fields of an argument. */
  readonly root: string;
  readonly path: Array<string | number>;
  readonly issues: ValidationIssue[];
}

function collect(schema: Schema, value: unknown, walk: Walk): void {
  if (schema.type !== undefined && !matchesType(schema.type, value)) {
    report(walk, "type", `must be ${typeNames(schema.type)}`);
    return;
  }
  if (schema.allOf) for (const part of schema.allOf) collect(part, value, walk);
  if (schema.anyOf && !someHolds(schema.anyOf, value)) {
    report(walk, "anyOf", `must be ${schema.anyOf.map((part) => (part.type === undefined ? "another form" : typeNames(part.type))).join(" or ")}`);
  }
  if (schema.const !== undefined && value !== schema.const) report(walk, "const", `must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) report(walk, "enum", `must be one of ${schema.enum.join(", ")}`);

  if (typeof value === "string") {
    if (schema.minLength !== undefined && codePointsVersus(value, schema.minLength) < 0) {
      report(walk, "minLength", schema.minLength === 1 ? "must not be empty" : `must be at least ${counted(schema.minLength, "character")}`);
    }
    if (schema.maxLength !== undefined && codePointsVersus(value, schema.maxLength) > 0) {
      report(walk, "maxLength", `must be at most ${counted(schema.maxLength, "character")}`);
      return; // a pattern or format would cost the string's whole length, for nothing new
    }
    if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) report(walk, "pattern", `must match the pattern ${schema.pattern}`);
    const format = schema.format === undefined ? undefined : formats.get(schema.format);
    if (format && !format.test(value)) report(walk, "format", `must be ${format.description}`);
  }
  if (typeof value === "number") {
    if (schema.format === "int32" && (value < -(2 ** 31) || value >= 2 ** 31)) report(walk, "format", "must fit in 32 bits");
    if (schema.minimum !== undefined && value < schema.minimum) report(walk, "minimum", `must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) report(walk, "maximum", `must be at most ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) report(walk, "exclusiveMinimum", `must be more than ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) report(walk, "minItems", `must hold at least ${counted(schema.minItems, "item")}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) report(walk, "maxItems", `must hold at most ${counted(schema.maxItems, "item")}`);
    if (schema.items) for (let index = 0; index < value.length; index++) collectAt(schema.items, value[index], index, walk);
  }
  if (isRecord(value)) collectObject(schema, value, walk);
}

// The hot path holds no closure over `value`: one would allocate a context on every call.
function someHolds(parts: readonly Schema[], value: unknown): boolean {
  for (const part of parts) if (check(part, value, "").length === 0) return true;
  return false;
}

/** Checks the member `step` (a field name or an index) of the value the walk is at. */
function collectAt(schema: Schema, value: unknown, step: string | number, walk: Walk): void {
  walk.path.push(step);
  collect(schema, value, walk);
  walk.path.pop();
}

/** Records a broken rule of the value the walk is at, or of its field `name`. */
function report(walk: Walk, rule: string, message: string, name?: string): void {
  walk.issues.push({ field: fieldName(walk, name), rule, message });
}

/** `body.content[3].tz`; a whole argument without a name is `"argument"`. */
function fieldName(walk: Walk, name: string | undefined): string {
  let field = walk.root;
  for (const step of name === undefined ? walk.path : [...walk.path, name]) {
    field = typeof step === "number" ? `${field}[${step}]` : field ? `${field}.${step}` : step;
  }
  return field || "argument";
}

function collectObject(schema: Schema, value: Record<string, unknown>, walk: Walk): void {
  const { properties, additionalProperties, propertyNames } = schema;
  if (schema.required) {
    for (const name of schema.required) if (!isPresent(value, name)) report(walk, "required", "is required", name);
  }
  // for-in rather than Object.keys: no array per object. JSON and plain objects have no
  // inherited enumerable members, and hasOwn keeps it to own ones if a prototype was tampered with.
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    const item = value[name];
    if (item === undefined) continue;
    if (propertyNames && check(propertyNames, name, "").length > 0) {
      report(walk, "propertyNames", `is not a valid name: ${nameRule(propertyNames)}`, name);
      continue;
    }
    if (properties && Object.hasOwn(properties, name)) collectAt(properties[name]!, item, name, walk);
    else if (additionalProperties === false) report(walk, "additionalProperties", "is not a known field", name);
    else if (typeof additionalProperties === "object") collectAt(additionalProperties, item, name, walk);
  }
  if (schema.dependentRequired) {
    for (const [name, requires] of Object.entries(schema.dependentRequired)) {
      if (!isPresent(value, name)) continue;
      for (const other of requires) {
        if (!isPresent(value, other)) report(walk, "dependentRequired", `is required when ${name} is set`, other);
      }
    }
  }
}

// Own properties only: `constructor` or `__proto__` must not find Object.prototype's members, in
// the value (a missing required field) or in the schema (an unknown field let through).
function isPresent(value: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(value, name) && value[name] !== undefined;
}

/** A `propertyNames` rule in words. */
function nameRule(names: Schema): string {
  return names.pattern === undefined ? "see the spec" : `names must match the pattern ${names.pattern}`;
}

/**
 * How the string's length in code points (what JSON Schema counts) compares with `limit`: -1, 0
 * or 1. A string holds between length/2 and length code points, so only a string near the limit
 * is counted, and a 40 MB string is judged as fast as one at the limit.
 */
function codePointsVersus(value: string, limit: number): number {
  if (value.length < limit) return -1;
  if (value.length > 2 * limit) return 1;
  return Math.sign([...value].length - limit);
}

// Patterns come from the spec, a small fixed set: each is compiled once.
const patterns = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (!regExp) patterns.set(pattern, (regExp = new RegExp(pattern, "u")));
  return regExp;
}

interface Format {
  description: string;
  test(value: string): boolean;
}

// RFC 3986: scheme ":" ["//" [userinfo "@"] host [":" port]] path ["?" query] ["#" fragment],
// every other character percent-encoded.
const uriSyntax = (() => {
  const char = (extra: string) => `(?:[A-Za-z0-9\\-._~!$&'()*+,;=${extra}]|%[0-9A-Fa-f]{2})`;
  const authority = `//(?:${char(":")}*@)?(?:\\[[0-9A-Fa-f:.]+\\]|${char("")}*)(?::\\d*)?`;
  const segments = `(?:/${char(":@")}*)*`;
  const path = `(?:${authority}${segments}|/?${char(":@")}*${segments})`;
  return new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${path}(?:\\?${char(":@/?")}*)?(?:#${char(":@/?")}*)?$`);
})();

// Time zones already seen valid. The IANA database is a few hundred names, so this stays small;
// invalid names are not kept, so arguments cannot grow it.
const knownTimeZones = new Set<string>();

// Formats the specs use on request fields. Others are documentation only, as JSON Schema allows.
const formats = new Map<string, Format>([
  // RFC 3986's syntax: URL parsing alone would quietly drop a line break or a tab, and accept
  // spaces, backslashes or a stray "%", which the server would then be sent.
  ["uri", { description: "an absolute URL", test: (value) => uriSyntax.test(value) && URL.canParse(value) }],
  [
    "uuid",
    {
      description: "a UUID",
      test: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
    },
  ],
  [
    "iana-time-zone",
    {
      description: "an IANA time zone such as Europe/Kyiv",
      // Intl knows the IANA database, links such as Europe/Kiev included; newer engines also take
      // UTC offsets like +02:00, which are not zone names, hence the leading letter. No zone name
      // is longer than 32 characters, and a long string is not handed to Intl at all.
      test: (value) => {
        if (knownTimeZones.has(value)) return true;
        if (value.length > 64 || !/^[A-Za-z]/.test(value)) return false;
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: value });
        } catch {
          return false;
        }
        knownTimeZones.add(value);
        return true;
      },
    },
  ],
]);

function matchesType(type: string | readonly string[], value: unknown): boolean {
  if (typeof type === "string") return isOfType(type, value);
  for (const name of type) if (isOfType(name, value)) return true;
  return false;
}

function isOfType(name: string, value: unknown): boolean {
  switch (name) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
    default:
      return true;
  }
}

/** `"a string"`, `"a string or null"`. */
function typeNames(type: string | readonly string[]): string {
  return [type].flat().map(article).join(" or ");
}

function counted(count: number, noun: string): string {
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
}

function article(type: string): string {
  return { integer: "an integer", object: "an object", array: "an array", null: "null" }[type] ?? `a ${type}`;
}

