import { ValidationError, type ValidationIssue } from "../errors.js";
import { isRecord } from "./is-record.js";
import { type CompiledSchema, compile, type Schema } from "./schema.js";

export function assertValid(...issues: ValidationIssue[][]): void {
  const all = issues.flat();
  if (all.length > 0) throw new ValidationError(all);
}

export function invalid(field: string, rule: string, message: string): ValidationError {
  return new ValidationError([{ field, rule, message }]);
}

/** A response member or enum value the spec does not know: the vendor may have moved on. */
export interface Drift {
  /** Where, as `body.content[].isActive` (every item of a list at once). */
  path: string;
  kind: "unknown member" | "unknown enum value";
  /** The enum value the spec does not list; never an unknown member's value. */
  value?: unknown;
}

/** Every way `value` breaks `schema`; given `drift` (a response's), unknown members and enum values go there. */
export function check(schema: Schema, value: unknown, field: string, drift?: Drift[]): ValidationIssue[] {
  return checkCompiled(compile(schema), value, field, drift);
}

function checkCompiled(schema: CompiledSchema, value: unknown, field: string, drift?: Drift[]): ValidationIssue[] {
  const walk: Walk = { root: field, path: [], issues: [], drift };
  collect(schema, value, walk);
  return walk.issues;
}

// Every response body is checked too, thousands of items a page, so a valid value costs no allocation beyond the
// walk: the way down is a stack of names and indexes, joined into a field name only for a value that breaks a rule.
interface Walk {
  /** What the value is called (`"body"`, `"orgId"`), or `""` for the fields of an argument. */
  readonly root: string;
  readonly path: Array<string | number>;
  readonly issues: ValidationIssue[];
  readonly drift: Drift[] | undefined;
}

function collect(schema: CompiledSchema, value: unknown, walk: Walk): void {
  if (schema.type !== undefined && !matchesType(schema.type, value)) {
    report(walk, "type", `must be ${typeNames(schema.type)}`);
    return;
  }
  if (schema.typeOnly) return; // most members of a response: nothing else to check
  if (schema.allOf) for (const part of schema.allOf) collect(part, value, walk);
  if (schema.anyOf && !someHolds(schema.anyOf, value, walk.drift !== undefined))
    report(walk, "anyOf", `must be ${formsOf(schema.anyOf)}`);
  if (schema.const !== undefined && value !== schema.const)
    report(walk, "const", `must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) {
    if (walk.drift) walk.drift.push({ path: driftPath(walk), kind: "unknown enum value", value });
    else report(walk, "enum", `must be one of ${schema.enum.join(", ")}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && codePointsVersus(value, schema.minLength) < 0) {
      const least = `must be at least ${counted(schema.minLength, "character")}`;
      report(walk, "minLength", schema.minLength === 1 ? "must not be empty" : least);
    }
    if (schema.maxLength !== undefined && codePointsVersus(value, schema.maxLength) > 0) {
      report(walk, "maxLength", `must be at most ${counted(schema.maxLength, "character")}`);
      return; // a pattern or format would cost the string's whole length, for nothing new
    }
    if (schema.pattern && !schema.pattern.test(value))
      report(walk, "pattern", `must match the pattern ${schema.source.pattern}`);
    if (schema.format && !schema.format.test(value)) report(walk, "format", `must be ${schema.format.description}`);
  }
  if (typeof value === "number") {
    if (schema.int32 && (value < -(2 ** 31) || value >= 2 ** 31)) report(walk, "format", "must fit in 32 bits");
    if (schema.minimum !== undefined && value < schema.minimum)
      report(walk, "minimum", `must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      report(walk, "maximum", `must be at most ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      report(walk, "exclusiveMinimum", `must be more than ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      report(walk, "minItems", `must hold at least ${counted(schema.minItems, "item")}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      report(walk, "maxItems", `must hold at most ${counted(schema.maxItems, "item")}`);
    if (schema.items)
      for (let index = 0; index < value.length; index++) collectAt(schema.items, value[index], index, walk);
  }
  if (isRecord(value)) collectObject(schema, value, walk);
}

// The hot path holds no closure over `value`: one would allocate a context on every call.
// A response's forms are judged leniently too; drift inside them goes unreported.
function someHolds(parts: readonly CompiledSchema[], value: unknown, lenient: boolean): boolean {
  for (const part of parts) if (checkCompiled(part, value, "", lenient ? [] : undefined).length === 0) return true;
  return false;
}

function collectAt(schema: CompiledSchema, value: unknown, step: string | number, walk: Walk): void {
  walk.path.push(step);
  collect(schema, value, walk);
  walk.path.pop();
}

function report(walk: Walk, rule: string, message: string, name?: string): void {
  walk.issues.push({ field: fieldName(walk, name), rule, message });
}

function driftPath(walk: Walk, name?: string): string {
  return fieldName(walk, name).replace(/\[\d+\]/g, "[]");
}

/** `body.content[3].tz`; a whole argument without a name is `"argument"`. */
function fieldName(walk: Walk, name: string | undefined): string {
  let field = walk.root;
  for (const step of name === undefined ? walk.path : [...walk.path, name])
    field = typeof step === "number" ? `${field}[${step}]` : field ? `${field}.${step}` : step;
  return field || "argument";
}

function collectObject(schema: CompiledSchema, value: Record<string, unknown>, walk: Walk): void {
  const { properties, additionalProperties, propertyNames } = schema;
  if (schema.required)
    for (const name of schema.required) if (!isPresent(value, name)) report(walk, "required", "is required", name);
  // for-in rather than Object.keys: no array per object. JSON and plain objects have no
  // inherited enumerable members, and hasOwn keeps it to own ones if a prototype was tampered with.
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    const item = value[name];
    if (item === undefined) continue;
    if (propertyNames && checkCompiled(propertyNames, name, "").length > 0) {
      const { pattern } = propertyNames.source;
      const rule = pattern === undefined ? "see the spec" : `names must match the pattern ${pattern}`;
      report(walk, "propertyNames", `is not a valid name: ${rule}`, name);
      continue;
    }
    const member = properties?.get(name);
    // A member with a type alone, as most of a response's are, is tested here, without a step down.
    if (member?.typeOnly) {
      if (!matchesType(member.type!, item)) report(walk, "type", `must be ${typeNames(member.type!)}`, name);
    } else if (member) collectAt(member, item, name, walk);
    else if (additionalProperties === false) report(walk, "additionalProperties", "is not a known field", name);
    else if (additionalProperties) collectAt(additionalProperties, item, name, walk);
    else if (walk.drift && properties) walk.drift.push({ path: driftPath(walk, name), kind: "unknown member" });
  }
  if (schema.dependentRequired)
    for (const [name, requires] of schema.dependentRequired) {
      if (!isPresent(value, name)) continue;
      for (const other of requires)
        if (!isPresent(value, other)) report(walk, "dependentRequired", `is required when ${name} is set`, other);
    }
}

// Own properties only: `constructor` or `__proto__` must not find Object.prototype's members, in
// the value (a missing required field) or in the schema (an unknown field let through).
function isPresent(value: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(value, name) && value[name] !== undefined;
}

// The sign of the string's length in code points (what JSON Schema counts) less `limit`. A string holds length/2 to
// length code points, so only one near the limit is counted: 40 MB is judged as fast.
function codePointsVersus(value: string, limit: number): number {
  if (value.length < limit) return -1;
  if (value.length > 2 * limit) return 1;
  return Math.sign([...value].length - limit);
}

function matchesType(type: string | readonly string[], value: unknown): boolean {
  if (typeof type === "string") return isOfType(type, value);
  for (const name of type) if (isOfType(name, value)) return true;
  return false;
}

function isOfType(name: string, value: unknown): boolean {
  if (name === "string" || name === "boolean") return typeof value === name;
  if (name === "integer") return Number.isInteger(value);
  if (name === "number") return Number.isFinite(value); // false for anything but a number
  if (name === "null") return value === null;
  if (name === "array") return Array.isArray(value);
  if (name === "object") return isRecord(value);
  return true;
}

function typeNames(type: string | readonly string[]): string {
  return [type].flat().map(article).join(" or ");
}

function formsOf(parts: readonly CompiledSchema[]): string {
  return parts.map((part) => (part.type === undefined ? "another form" : typeNames(part.type))).join(" or ");
}

function counted(count: number, noun: string): string {
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
}

function article(type: string): string {
  return { integer: "an integer", object: "an object", array: "an array", null: "null" }[type] ?? `a ${type}`;
}
