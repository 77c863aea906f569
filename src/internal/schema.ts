// The generator refuses a request schema with any other validation keyword: no rule of the spec is silently skipped.
export const checkedKeywords: readonly string[] = [
  ...["type", "properties", "required", "additionalProperties", "dependentRequired", "propertyNames"],
  ...["items", "minItems", "maxItems", "enum", "const", "minLength", "maxLength", "pattern", "format"],
  ...["minimum", "maximum", "exclusiveMinimum", "allOf", "anyOf"],
];

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

// Schemas are literals of many shapes, where reading a missing keyword is a slow lookup (a dozen per
// value, a thousand values a page); a compiled node has every keyword in one shape.
export type CompiledSchema = { readonly [Keyword in Plain]-?: Schema[Keyword] } & {
  readonly source: Schema;
  /** Nothing but a type to check, as most members of a response: one test decides. */
  readonly typeOnly: boolean;
  readonly allOf: readonly CompiledSchema[] | undefined;
  readonly anyOf: readonly CompiledSchema[] | undefined;
  readonly pattern: RegExp | undefined;
  readonly format: Format | undefined;
  readonly int32: boolean;
  readonly items: CompiledSchema | undefined;
  readonly properties: ReadonlyMap<string, CompiledSchema> | undefined;
  /** `false` refuses other members, a schema checks them, `undefined` lets them be. */
  readonly additionalProperties: false | CompiledSchema | undefined;
  readonly propertyNames: CompiledSchema | undefined;
  readonly dependentRequired: ReadonlyArray<readonly [string, readonly string[]]> | undefined;
};

// The keywords a compiled node keeps as written.
const plain = [
  ...(["type", "const", "enum", "required", "minLength", "maxLength"] as const),
  ...(["minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems"] as const),
];

type Plain = (typeof plain)[number];

// Compiled once per schema, shared subschemas too; a schema made on the fly is let go with its compiled form.
const compiledSchemas = new WeakMap<Schema, CompiledSchema>();

export function compile(schema: Schema): CompiledSchema {
  const known = compiledSchemas.get(schema);
  if (known) return known;
  const { properties, additionalProperties, dependentRequired } = schema;
  const compiled: CompiledSchema = {
    ...(Object.fromEntries(plain.map((keyword) => [keyword, schema[keyword]])) as Pick<CompiledSchema, Plain>),
    source: schema,
    typeOnly:
      schema.type !== undefined && checkedKeywords.every((keyword) => keyword === "type" || !(keyword in schema)),
    allOf: schema.allOf?.map(compile),
    anyOf: schema.anyOf?.map(compile),
    pattern: schema.pattern === undefined ? undefined : new RegExp(schema.pattern, "u"),
    format: formats.get(schema.format),
    int32: schema.format === "int32",
    items: schema.items && compile(schema.items),
    properties: properties && new Map(Object.entries(properties).map(([name, member]) => [name, compile(member)])),
    additionalProperties:
      additionalProperties === true ? undefined : additionalProperties && compile(additionalProperties),
    propertyNames: schema.propertyNames && compile(schema.propertyNames),
    dependentRequired: dependentRequired && Object.entries(dependentRequired),
  };
  compiledSchemas.set(schema, compiled);
  return compiled;
}

export type Format = { description: string; test(value: string): boolean };

// RFC 3986: scheme ":" ["//" [userinfo "@"] host [":" port]] path ["?" query] ["#" fragment], the rest %-encoded.
const uriSyntax = (() => {
  const char = (extra: string) => `(?:[A-Za-z0-9\\-._~!$&'()*+,;=${extra}]|%[0-9A-Fa-f]{2})`;
  // Stryker disable next-line StringLiteral: the path form takes an unbracketed authority; URL refuses a spaced host
  const authority = `//(?:${char(":")}*@)?(?:\\[[0-9A-Fa-f:.]+\\]|${char("")}*)(?::\\d*)?`;
  const segments = `(?:/${char(":@")}*)*`;
  const path = `(?:${authority}${segments}|/?${char(":@")}*${segments})`;
  return new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${path}(?:\\?${char(":@/?")}*)?(?:#${char(":@/?")}*)?$`);
})();

const uuidSyntax = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Time zones seen valid: invalid ones are not kept, so arguments cannot grow it past the IANA database.
const knownTimeZones = new Set<string>();

// Intl knows IANA's zones and links (Europe/Kiev); newer engines also take offsets like +02:00, hence the leading
// letter. No zone name is longer than 32 characters, and a long string is not handed to Intl at all.
function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  if (value.length > 64 || !/^[A-Za-z]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    return false;
  }
  knownTimeZones.add(value);
  return true;
}

// Formats the specs use on request fields. Others are documentation only, as JSON Schema allows.
const formats = new Map<string | undefined, Format>([
  // RFC 3986's syntax: URL parsing alone would quietly drop a line break or a tab, and accept
  // spaces, backslashes or a stray "%", which the server would then be sent.
  ["uri", { description: "an absolute URL", test: (value) => uriSyntax.test(value) && URL.canParse(value) }],
  ["uuid", { description: "a UUID", test: (value) => uuidSyntax.test(value) }],
  ["iana-time-zone", { description: "an IANA time zone such as Europe/Kyiv", test: isTimeZone }],
]);
