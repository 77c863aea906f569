// `--env-file PATH`: KEY=value lines, read here rather than with process.loadEnvFile, which Node
// 20.0 (the package's minimum) lacks. Errors name the line, never its content: it holds secrets.
import { UsageError } from "./exit.js";

/**
 * The variables of an env file: `KEY=value` lines, an optional `export ` before the key, blank
 * lines and `#` comments skipped; a value in single quotes is taken as written, one in double
 * quotes understands `\n`, `\t`, `\"` and `\\`, an unquoted one ends at ` #` and is trimmed.
 */
export function parseEnvFile(text: string, path: string): Record<string, string> {
  const variables: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw new UsageError(`${path}, line ${index + 1}: not a KEY=value line`);
    const [, key, raw] = match as unknown as [string, string, string];
    variables[key] = valueIn(raw, path, index + 1);
  }
  return variables;
}

function valueIn(raw: string, path: string, line: number): string {
  const quote = raw[0];
  if (quote === "'" || quote === '"') {
    // A double quote escaped with a backslash does not end the value.
    const close = quote === '"' ? closingQuote(raw) : raw.indexOf(quote, 1);
    if (close < 0) throw new UsageError(`${path}, line ${line}: the value's quote is not closed`);
    const rest = raw.slice(close + 1).trim();
    if (rest !== "" && !rest.startsWith("#"))
      throw new UsageError(`${path}, line ${line}: text after the closing quote`);
    const inner = raw.slice(1, close);
    return quote === "'" ? inner : inner.replace(/\\([nrt"\\])/g, (_, c: string) => escapes[c] ?? c);
  }
  const comment = raw.search(/\s#/);
  return (comment < 0 ? raw : raw.slice(0, comment)).trim();
}

const escapes: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function closingQuote(raw: string): number {
  for (let index = 1; index < raw.length; index++) {
    if (raw[index] === "\\") index++;
    else if (raw[index] === '"') return index;
  }
  return -1;
}
