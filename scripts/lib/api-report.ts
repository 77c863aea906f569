// The pure half of `npm run check:api`: what changed between two API reports (API Extractor's
// etc/*.api.md), whether that breaks users, and whether CHANGELOG.md says so.

/** One declaration line of a report, and the names of the declarations that enclose it. */
export interface ReportLine {
  /** The line as the report prints it, without its indentation. */
  text: string;
  /** The enclosing names, outermost first, ending with the line's own: `["components", "schemas", "Organization", "id"]`. */
  path: string[];
}

/** A member that a report gained, lost, or declares differently. */
export type ApiChange =
  | {
      kind: "added";
      member: string;
      line: string;
      /** A member without `?` in a type that existed before: code that builds that type must now set it. */
      required: boolean;
    }
  | { kind: "removed"; member: string; line: string }
  | { kind: "changed"; member: string; before: string; after: string };

export interface ReportDiff {
  /**
   * `additive` when lines were only added; `breaking` when one was removed or changed;
   * `unchanged` when no declaration line differs (comments may).
   */
  kind: "unchanged" | "additive" | "breaking";
  changes: ApiChange[];
}

const topLevelDeclaration =
  /^(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:interface|type|class|function|const|let|var|enum|namespace)\s+([\w$]+)/;
const memberName =
  /^(?:(?:readonly|static|protected|public|private|abstract|get|set)\s+)*("[^"]*"|'[^']*'|[\w$]+|\[[^\]]*\])\??\s*[:(<]/;
/** Braces, brackets and separators alone: where a block ends, not a member. */
const punctuation = /^[\s{}()[\];,|&>]*$/;
/**
 * `VERSION` is declared with its value, which every release changes on purpose; a release is not
 * a change of the API, so the line is compared without it.
 */
const versionConstant = /^(export const VERSION = )".*";$/;

/**
 * The declaration lines of a report, each with the names that enclose it. Comments (`// @public`,
 * `// (undocumented)`, doc comments inside a type) and the Markdown around the code are left out:
 * documentation is not something users compile against.
 */
export function reportLines(report: string): ReportLine[] {
  const lines: ReportLine[] = [];
  let inCode = false;
  let inComment = false;
  let topLevel: string | undefined;
  // The blocks open at this line: a member line ending in `{` opens one, and its closing line
  // (`}`, `};`, `}): Promise<T>;`) is indented as much and belongs to it.
  const open: { indent: number; path: string[] }[] = [];
  for (const raw of report.split(/\r?\n/)) {
    if (raw.startsWith("```")) {
      inCode = !inCode;
      continue;
    }
    if (!inCode) continue;
    let text = raw.trim();
    if (inComment) {
      if (text.includes("*/")) inComment = false;
      continue;
    }
    if (text.startsWith("/*")) {
      if (!text.includes("*/")) inComment = true;
      continue;
    }
    if (text === "" || text.startsWith("//")) continue;
    text = text.replace(versionConstant, "$1<version>");

    const indent = raw.length - raw.trimStart().length;
    const closing = text.startsWith("}");
    // A block is over at a line indented less than its members, or at one indented as much as its
    // opening line that does not close it (the next member).
    while (open.length > 0 && (open.at(-1)!.indent > indent || (open.at(-1)!.indent === indent && !closing))) {
      open.pop();
    }
    const declared = indent === 0 ? topLevelDeclaration.exec(text)?.[1] : undefined;
    if (declared) {
      topLevel = declared;
      open.length = 0;
    }
    const parent = open.at(-1)?.path ?? (topLevel ? [topLevel] : []);
    let path: string[];
    if (declared) path = [declared];
    else if (text.startsWith("import ")) path = [text];
    else {
      const name = memberName.exec(text)?.[1]?.replace(/^["']|["']$/g, "");
      path = name === undefined ? parent : [...parent, name];
    }
    if (text.endsWith("{") && !punctuation.test(text)) open.push({ indent, path });
    lines.push({ text, path });
  }
  return lines;
}

/**
 * Compares two reports line by line. A report that only gained lines is additive; one that lost or
 * changed a line is breaking. A removed line and an added line with the same member in one place
 * are reported as that member changed.
 */
export function diffReports(before: string, after: string): ReportDiff {
  const old = reportLines(before);
  const fresh = reportLines(after);
  const hunks = diffLines(
    old.map((line) => line.text),
    fresh.map((line) => line.text),
  );
  const existing = new Set(old.map((line) => line.path.join("\u0000")));
  const aliases = exportedAliases(fresh.concat(old));
  const name = (line: ReportLine) => memberLabel(line.path, aliases);

  const changes: ApiChange[] = [];
  const dropped: ApiChange[] = [];
  let breaking = false;
  for (const { removed, added } of hunks) {
    if (removed.length > 0) breaking = true;
    const unmatched = added.map((index) => fresh[index]!);
    for (const index of removed) {
      const line = old[index]!;
      const same = unmatched.findIndex((candidate) => candidate.path.join("\u0000") === line.path.join("\u0000"));
      const change: ApiChange =
        same === -1
          ? { kind: "removed", member: name(line), line: line.text }
          : { kind: "changed", member: name(line), before: line.text, after: unmatched.splice(same, 1)[0]!.text };
      (punctuation.test(line.text) ? dropped : changes).push(change);
    }
    for (const line of unmatched) {
      if (punctuation.test(line.text)) continue;
      const parent = line.path.slice(0, -1).join("\u0000");
      const required = line.path.length > 1 && existing.has(parent) && /^[^?(]*:/.test(line.text);
      changes.push({ kind: "added", member: name(line), line: line.text, required });
    }
  }
  // A lost brace still breaks the report; it is listed only when nothing else says why.
  if (breaking && !changes.some((change) => change.kind !== "added")) changes.push(...dropped);
  const kind = breaking ? "breaking" : changes.length > 0 || hunks.length > 0 ? "additive" : "unchanged";
  return { kind, changes };
}

/** The lines of `before` that `after` lost and the lines it gained, grouped by where they are. */
export function diffLines(before: string[], after: string[]): { removed: number[]; added: number[] }[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  // Longest common subsequence of what lies between the common start and end.
  const rows = endBefore - start;
  const columns = endAfter - start;
  const common = new Uint32Array((rows + 1) * (columns + 1));
  const at = (row: number, column: number) => row * (columns + 1) + column;
  for (let row = rows - 1; row >= 0; row--) {
    for (let column = columns - 1; column >= 0; column--) {
      common[at(row, column)] =
        before[start + row] === after[start + column]
          ? common[at(row + 1, column + 1)]! + 1
          : Math.max(common[at(row + 1, column)]!, common[at(row, column + 1)]!);
    }
  }
  const hunks: { removed: number[]; added: number[] }[] = [];
  let hunk: { removed: number[]; added: number[] } | undefined;
  const current = () => {
    if (!hunk) {
      hunk = { removed: [], added: [] };
      hunks.push(hunk);
    }
    return hunk;
  };
  let row = 0;
  let column = 0;
  while (row < rows || column < columns) {
    if (row < rows && column < columns && before[start + row] === after[start + column]) {
      hunk = undefined;
      row++;
      column++;
    } else if (column < columns && (row === rows || common[at(row, column + 1)]! >= common[at(row + 1, column)]!)) {
      current().added.push(start + column++);
    } else {
      current().removed.push(start + row++);
    }
  }
  return hunks;
}

/**
 * `export type BlynkOrganization = components["schemas"]["Organization"];` names a type that the
 * report shows inside `components`, which users cannot import: members under that path are
 * reported under the name users know.
 */
function exportedAliases(lines: ReportLine[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const { text } of lines) {
    const match = /^export type ([\w$]+) = ([\w$]+)((?:\["[^"]*"\])+);$/.exec(text);
    if (!match) continue;
    const keys = [...match[3]!.matchAll(/\["([^"]*)"\]/g)].map((key) => key[1]!);
    aliases.set([match[2]!, ...keys].join("\u0000"), match[1]!);
  }
  return aliases;
}

function memberLabel(path: string[], aliases: Map<string, string>): string {
  for (let length = path.length; length > 0; length--) {
    const alias = aliases.get(path.slice(0, length).join("\u0000"));
    if (alias) return [alias, ...path.slice(length)].join(".");
  }
  return path.join(".");
}

/**
 * The section of a Keep a Changelog file whose `## ` heading says "Unreleased"
 * (`## [Unreleased]`, `## [0.2.0] - Unreleased`), heading included, up to the next `## ` heading.
 */
export function unreleasedSection(changelog: string): string | undefined {
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => /^##\s/.test(line) && /\bUnreleased\b/i.test(line));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^##\s/.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

/** Whether the Unreleased section announces a breaking change: says "Breaking" (not "Non-Breaking"). */
export function announcesBreaking(changelog: string): boolean {
  return /(?<![\w-])Breaking\b/.test(unreleasedSection(changelog) ?? "");
}

/** The changes as the check prints them, one line each, and what `(required)` means in an additive change. */
export function describeChanges(changes: ApiChange[]): string[] {
  const lines = changes.map((change) => {
    if (change.kind === "removed") return `  - ${change.member}: ${change.line}`;
    if (change.kind === "changed") return `  ~ ${change.member}: ${change.before}  ->  ${change.after}`;
    return `  + ${change.member}${change.required ? " (required)" : ""}: ${change.line}`;
  });
  // Beside a removed or changed member the change is breaking already; the note would only repeat it.
  const additive = changes.every((change) => change.kind === "added");
  if (additive && changes.some((change) => change.kind === "added" && change.required)) {
    lines.push(
      "  (required) is a new member without `?` in a type that existed: additive for what users read, breaking for what they build (a request body, options); if users build it, say Breaking in CHANGELOG.md.",
    );
  }
  return lines;
}
