// The generated schemas as an assistant sees them, and results as they are published to it. Tool
// results end up in model transcripts, so what the spec marks secret (`x-orgkit-secret`) decides
// what leaves: a `withheld` member never does, an `issued` one (a new key) is masked unless the
// server was started to reveal it.
import type { JsonSchema } from "../runtime.js";

const mark = "x-orgkit-secret";

// The keywords whose values are schemas (one, an array of them, or a map of them); every other
// keyword is data (`examples`, `enum`, `default`) and is copied as it is.
const oneSchema = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];
const schemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];
const schemaMaps = ["properties", "patternProperties", "$defs", "dependentSchemas"];

type Schema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The schema an assistant is given: members the server withholds removed (from `properties` and
 * `required` alike), and the `x-orgkit-secret` marks, which are orgkit's own, dropped.
 */
export function published(schema: JsonSchema): JsonSchema {
  const copy: Record<string, unknown> = {};
  const withheld = new Set<string>();
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === mark) continue;
    if (oneSchema.includes(keyword) && isSchema(value)) copy[keyword] = published(value);
    else if (schemaArrays.includes(keyword) && Array.isArray(value))
      copy[keyword] = value.map((item) => (isSchema(item) ? published(item) : item));
    else if (schemaMaps.includes(keyword) && isSchema(value)) {
      const members = Object.entries(value).filter(([name, member]) => {
        const kept = !(isSchema(member) && member[mark] === "withheld");
        if (!kept && keyword === "properties") withheld.add(name);
        return kept;
      });
      copy[keyword] = Object.fromEntries(
        members.map(([name, member]) => [name, isSchema(member) ? published(member) : member]),
      );
    } else copy[keyword] = value;
  }
  if (Array.isArray(copy["required"])) copy["required"] = copy["required"].filter((name) => !withheld.has(name));
  return copy;
}

/** How an issued secret is shown when it is not revealed: a string still, so the result keeps to its schema. */
export function masked(secret: string): string {
  return `[masked: ${secret.length} characters]`;
}

/**
 * A result as it is published under its (unpublished) schema: withheld members left out, issued
 * secrets masked unless `reveal`, and members the schema does not declare left out too (an
 * object's members beyond the contract are not the contract, and may be what no one meant to show).
 */
export function disclose(value: unknown, schema: JsonSchema, reveal: boolean): unknown {
  const parts = alternatives(schema);
  if (Array.isArray(value)) {
    const items = parts.map((part) => part["items"]).filter(isSchema);
    return items.length === 0 ? value : value.map((item) => disclose(item, { anyOf: items }, reveal));
  }
  if (!isSchema(value)) return value;
  const declared = parts.map((part) => part["properties"]).filter(isSchema);
  if (declared.length === 0) return value;
  const kept: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const schemas = declared.map((properties) => properties[name]).filter(isSchema);
    if (schemas.length === 0) continue;
    const secret = schemas.map((property) => property[mark]).find((kind) => kind !== undefined);
    if (secret === "withheld") continue;
    kept[name] =
      secret === "issued" && typeof member === "string" && !reveal
        ? masked(member)
        : disclose(member, { anyOf: schemas }, reveal);
  }
  return kept;
}

/** The schema and every schema it combines (`allOf`, `anyOf`, `oneOf`), however nested. */
function alternatives(schema: Schema): Schema[] {
  const nested = ["allOf", "anyOf", "oneOf"].flatMap((keyword) => {
    const members = schema[keyword];
    return Array.isArray(members) ? members.filter(isSchema).flatMap(alternatives) : [];
  });
  return [schema, ...nested];
}

/** The schema of the member that `steps` lead to (`["content"]`: a page's items), if the schema says. */
export function schemaAt(schema: JsonSchema, steps: ReadonlyArray<string | number>): JsonSchema | undefined {
  let at: Schema | undefined = schema;
  for (const step of steps) {
    const next: unknown = typeof step === "number" ? at?.["items"] : (at?.["properties"] as Schema | undefined)?.[step];
    at = isSchema(next) ? next : undefined;
  }
  return at;
}
