// What a command prints on stdout: a single object or a list of items, in JSON, NDJSON, CSV or a
// table; columns from the spec's response schema; secrets the spec marks withheld masked.
import { propertiesOf, typeOf } from "./commands.js";
import type { Format } from "./flags.js";
import type { JsonSchema } from "./runtime.js";

/** What stands in for a withheld secret, as in the library's errors and logs. */
export const REDACTED = "[REDACTED]";

type Steps = ReadonlyArray<string | number>;

/** The schema of the member at `steps` (array items through a number or `[]`). */
export function schemaAt(schema: JsonSchema | undefined, steps: Steps): JsonSchema | undefined {
  let current = schema;
  for (const step of steps) {
    if (!current) return undefined;
    current = typeof step === "number" ? (current["items"] as JsonSchema | undefined) : propertiesOf(current)?.[step];
  }
  return current;
}

function variantsOf(schema: JsonSchema): JsonSchema[] {
  return ["allOf", "oneOf", "anyOf"].flatMap((key) => (schema[key] as JsonSchema[] | undefined) ?? []);
}

/** Whether a schema marks a withheld secret anywhere in it: remembered, since every item of an export asks. */
function holdsWithheld(schema: JsonSchema): boolean {
  let held = withheldIn.get(schema);
  if (held === undefined) {
    held = JSON.stringify(schema).includes('"x-orgkit-secret":"withheld"');
    withheldIn.set(schema, held);
  }
  return held;
}
const withheldIn = new WeakMap<JsonSchema, boolean>();

/**
 * The value with every string the schema marks `x-orgkit-secret: withheld` masked; the rest
 * untouched, and the value itself (no copy) when its schema marks none.
 */
export function maskWithheld(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || !holdsWithheld(schema)) return value;
  if (schema["x-orgkit-secret"] === "withheld") return typeof value === "string" ? REDACTED : value;
  for (const variant of variantsOf(schema)) value = maskWithheld(value, variant);
  if (Array.isArray(value)) {
    const items = schema["items"] as JsonSchema | undefined;
    return items ? value.map((item) => maskWithheld(item, items)) : value;
  }
  const properties = schema["properties"] as Record<string, JsonSchema> | undefined;
  if (!properties || value === null || typeof value !== "object") return value;
  const masked: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, member] of Object.entries(properties))
    if (name in masked) masked[name] = maskWithheld(masked[name], member);
  return masked;
}

/** The dotted paths of the secrets the schema marks `x-orgkit-secret: issued` that the value holds. */
export function issuedSecrets(value: unknown, schema: JsonSchema | undefined, path = ""): string[] {
  if (!schema || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  const found: string[] = [];
  for (const variant of variantsOf(schema)) found.push(...issuedSecrets(value, variant, path));
  for (const [name, member] of Object.entries((schema["properties"] as Record<string, JsonSchema>) ?? {})) {
    const at = path ? `${path}.${name}` : name;
    const held = (value as Record<string, unknown>)[name];
    if (member["x-orgkit-secret"] === "issued" && typeof held === "string" && held !== "") found.push(at);
    else found.push(...issuedSecrets(held, member, at));
  }
  return [...new Set(found)];
}

/**
 * The names of every member the schemas mark as a secret, of the kind asked or either (masked in a
 * dry run's body).
 */
export function secretNames(schemas: ReadonlyArray<JsonSchema | undefined>, kind?: "issued" | "withheld"): Set<string> {
  const names = new Set<string>();
  const visit = (schema: JsonSchema | undefined, depth: number) => {
    if (!schema || depth > 32) return;
    for (const [name, member] of Object.entries((schema["properties"] as Record<string, JsonSchema>) ?? {})) {
      const marked = member["x-orgkit-secret"];
      if (marked && (kind === undefined || marked === kind)) names.add(name);
      visit(member, depth + 1);
    }
    visit(schema["items"] as JsonSchema | undefined, depth + 1);
    for (const variant of variantsOf(schema)) visit(variant, depth + 1);
  };
  for (const schema of schemas) visit(schema, 0);
  return names;
}

/**
 * The dotted paths of a schema's scalar members (an array counts as one), in the schema's order.
 * `defaults` keeps what a table shows without `--fields`: required members, not constants (the
 * same on every row) and not withheld secrets (masked on every row).
 */
export function leafPaths(schema: JsonSchema | undefined, defaults = false, path = ""): string[] {
  if (!schema) return [];
  const { type } = typeOf(schema);
  const properties = type === "object" ? propertiesOf(schema) : undefined;
  if (!properties) return path ? [path] : [];
  const required = new Set(requiredOf(schema));
  return Object.entries(properties).flatMap(([name, member]) => {
    if (defaults && (!required.has(name) || member["const"] !== undefined || member["x-orgkit-secret"] === "withheld"))
      return [];
    return leafPaths(member, defaults, path ? `${path}.${name}` : name);
  });
}

function requiredOf(schema: JsonSchema): string[] {
  return [
    ...((schema["required"] as string[] | undefined) ?? []),
    ...variantsOf(schema).flatMap((variant) => requiredOf(variant)),
  ];
}

/** The dotted paths of a value's scalar members, as it holds them. */
export function valuePaths(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return path ? [path] : [];
  const entries = Object.entries(value);
  if (entries.length === 0) return path ? [path] : [];
  return entries.flatMap(([name, member]) => valuePaths(member, path ? `${path}.${name}` : name));
}

/** The member at a dotted path. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Only the members at the paths, nested as in the value: `id,attributes.name` → `{ id, attributes: { name } }`. */
export function project(value: unknown, paths: readonly string[]): unknown {
  if (value === null || typeof value !== "object") return value;
  const picked: Record<string, unknown> = {};
  for (const path of paths) {
    const found = valueAt(value, path);
    if (found === undefined) continue;
    const steps = path.split(".");
    let target = picked;
    for (const step of steps.slice(0, -1)) {
      target[step] ??= {};
      target = target[step] as Record<string, unknown>;
    }
    target[steps.at(-1)!] = found;
  }
  return picked;
}

/** A value as one cell: empty for nothing, JSON for an object or array. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: readonly string[]) => `${cells.map(csvField).join(",")}\r\n`;

/** Characters a cell may take in a table row: control characters would break the row. */
const printable = (text: string) => text.replace(/\p{Cc}/gu, " ");

function truncate(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Column widths that fit the terminal: each column's widest cell (at most 60), the widest ones
 * narrowed first, the first column (the id, which is copied from a table) only when the others
 * are down to 8 characters.
 */
export function fitWidths(natural: readonly number[], available: number): number[] {
  const widths = natural.map((width) => Math.min(width, 60));
  const gaps = 2 * (widths.length - 1);
  const narrowable = (from: number) => {
    const candidates = widths.slice(from);
    const widest = from + candidates.indexOf(Math.max(...candidates));
    return widths[widest]! > 8 ? widest : -1;
  };
  while (widths.reduce((sum, width) => sum + width, 0) + gaps > available) {
    const widest = widths.length > 1 && narrowable(1) >= 0 ? narrowable(1) : narrowable(0);
    if (widest < 0) break;
    widths[widest]!--;
  }
  return widths;
}

/**
 * Writes a list as its items come, page by page, so that memory stays flat however many there are.
 * Each chunk ends with a line break: stopped at any point, the output ends on a complete line.
 */
export interface ListWriter {
  /** The text of some more items. */
  rows(items: readonly unknown[]): string;
  /** The text that closes the list. */
  end(): string;
}

export function listWriter(format: Format, columns: readonly string[], terminalWidth: number): ListWriter {
  switch (format) {
    case "ndjson":
      return { rows: (items) => items.map((item) => `${JSON.stringify(item)}\n`).join(""), end: () => "" };
    case "json": {
      let count = 0;
      return {
        rows: (items) =>
          items
            .map((item) => `${count++ === 0 ? "[\n" : ",\n"}${JSON.stringify(item, null, 2).replace(/^/gm, "  ")}`)
            .join("") + (items.length > 0 ? "\n" : ""),
        end: () => (count === 0 ? "[]\n" : "]\n"),
      };
    }
    case "csv": {
      let header = csvLine(columns);
      return {
        rows: (items) => {
          const text =
            header + items.map((item) => csvLine(columns.map((path) => cellText(valueAt(item, path))))).join("");
          header = "";
          return text;
        },
        end: () => header,
      };
    }
    case "table": {
      let widths: number[] | undefined;
      const line = (cells: readonly string[]) =>
        `${cells
          .map((cell, index) => truncate(printable(cell), widths![index]!))
          .join("  ")
          .trimEnd()}\n`;
      return {
        rows: (items) => {
          const cells = items.map((item) => columns.map((path) => cellText(valueAt(item, path))));
          let head = "";
          if (!widths) {
            // The widths come from the first page: later rows are cut to them, so that a long
            // export needs no second pass and no memory of the rows before.
            widths = fitWidths(
              columns.map((column, index) =>
                Math.max(column.length, ...cells.map((row) => printable(row[index]!).length)),
              ),
              terminalWidth,
            );
            head = line(columns) + line(widths.map((width) => "-".repeat(width)));
          }
          return head + cells.map(line).join("");
        },
        end: () => (widths ? "" : `${columns.join("  ")}\n(none)\n`),
      };
    }
  }
}

/** A single object, whole: `paths` are the members shown by a table or CSV. */
export function objectText(value: unknown, format: Format, paths: readonly string[]): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(value, null, 2)}\n`;
    case "ndjson":
      return `${JSON.stringify(value)}\n`;
    case "csv":
      return csvLine(paths) + csvLine(paths.map((path) => cellText(valueAt(value, path))));
    case "table": {
      // One member a line, so that a long value (a token) is shown whole.
      const width = Math.max(0, ...paths.map((path) => path.length));
      return paths
        .map((path) => `${`${path.padEnd(width)}  ${printable(cellText(valueAt(value, path)))}`.trimEnd()}\n`)
        .join("");
    }
  }
}
