// `orgkit <api> <resource> import FILE`: each row of a CSV or NDJSON file given to the create that
// declares `x-orgkit.import`, every row created exactly once however often the import is stopped
// and rerun. Rows are checked first, all of them; then each is recorded in a journal beside the
// file before it is sent and once its outcome is known. A row the journal left at "sending" may
// have been created: it is looked up, as the declaration says, before it is sent again. Nothing
// here names an operation.
import { closeSync, fchmodSync, openSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import {
  ApiError,
  AuthenticationError,
  PermissionDeniedError,
  ValidationError,
  type ValidationIssue,
} from "../src/index.js";
import { type CliCommand, kebab } from "./commands.js";
import { parseCsv } from "./csv.js";
import { errorLine, exitCodes, UsageError } from "./exit.js";
import { coerce, type Format, setAt } from "./flags.js";
import type { Sink } from "./io.js";
import { appendLine, Journal } from "./journal.js";
import { issuedSecrets, listWriter, secretNames, valueAt } from "./output.js";
import { Progress } from "./progress.js";
import { type ApiName, apis, type Command, type clientFor, MissingCredentialError, run, runAll } from "./runtime.js";
import { didYouMean } from "./suggest.js";

export interface ImportRun {
  /** The import command, and the create whose fields the file's columns are. */
  readonly each: CliCommand;
  readonly create: CliCommand;
  readonly file: string;
  readonly format: Format;
  readonly validateOnly: boolean;
  readonly skipInvalid: boolean;
  /** Where the secrets a create shows once are kept (required when it shows any). */
  readonly tokens: string | undefined;
  /** The client rows are created with; made only once the rows are valid (`--validate-only` needs none). */
  client(): Promise<ReturnType<typeof clientFor>>;
  /** The spec's verdict on a row's fields, by the client's own validation with nothing sent. */
  check(fields: Readonly<Record<string, unknown>>): Promise<readonly ValidationIssue[]>;
  /** A line per row. */
  readonly stdout: Sink;
  /** The report, the summary and the progress line. */
  readonly stderr: Sink;
  readonly signal: AbortSignal;
  now(): number;
  readFile(path: string): Promise<string>;
  /** Log lines are written under the progress line: it is wiped first. */
  readonly terminal: { progress?: Progress };
}

/** A row of the file: its number (from 1, the header not counted), its fields, or what is wrong with it. */
interface Row {
  readonly number: number;
  readonly fields: Record<string, unknown>;
  /** The values the import tells rows apart by, as one text. */
  readonly key: string;
  readonly issues: string[];
}

type Outcome = "created" | "done" | "found" | "failed" | "invalid";

interface Result {
  readonly outcome: Outcome;
  readonly id?: unknown;
  readonly reason?: string;
}

/** Runs an import; resolves with the exit code. */
export async function runImport(options: ImportRun): Promise<number> {
  const { each, create, file, stderr } = options;
  const declared = each.command.import!;
  const secret = secretsIssued(each.command);
  if (file === "-") throw new UsageError("import: name a file; its journal is kept beside it");
  if (secret && !options.tokens && !options.validateOnly)
    throw new UsageError(
      `import: ${each.command.name} shows each new ${secret} once: name a file to keep them in with --tokens FILE`,
    );
  const rows = await readRows(options, create);
  const invalid = rows.filter((row) => row.issues.length > 0);
  for (const row of invalid) await stderr.write(`orgkit: row ${row.number}: ${row.issues.join("; ")}\n`);
  const counted = `${invalid.length} of ${rows.length} rows ${invalid.length === 1 ? "is" : "are"} invalid`;
  if (options.validateOnly) {
    await stderr.write(`orgkit: ${invalid.length > 0 ? counted : `all ${rows.length} rows are valid`}\n`);
    return invalid.length > 0 ? exitCodes.usage : exitCodes.ok;
  }
  if (invalid.length > 0 && !options.skipInvalid) {
    await stderr.write(`orgkit: ${counted}; nothing was created (fix them, or --skip-invalid to import the rest)\n`);
    return exitCodes.usage;
  }

  const client = await options.client();
  const journalPath = `${file}.orgkit-journal`;
  const journal = Journal.open(journalPath, { orgkit: "import", api: each.api, command: each.command.name });
  const secrets = options.tokens ? secretFile(options.tokens) : undefined;
  const identity = [...new Set(declared.match.map((pair) => pair.from))];
  const columns = ["row", ...identity, "outcome", "id", "reason"];
  const writer = listWriter(options.format, columns, options.stdout.columns ?? Number.POSITIVE_INFINITY);
  const counts: Record<Outcome, number> = { created: 0, done: 0, found: 0, failed: 0, invalid: 0 };
  const progress = options.stderr.isTTY
    ? new Progress({ write: (text) => void stderr.write(text), now: options.now }, 100, "rows")
    : undefined;
  if (progress) options.terminal.progress = progress;
  const importer = rowImporter(options, client, journal, secrets);
  try {
    for (const row of rows) {
      const result =
        row.issues.length > 0 ? { outcome: "invalid" as const, reason: row.issues.join("; ") } : await importer(row);
      counts[result.outcome]++;
      const line = { row: row.number, ...pick(row.fields, identity), ...result };
      if (options.stdout.isTTY) progress?.clear();
      await options.stdout.write(writer.rows([line]));
      progress?.update(row.number, { total: rows.length, estimated: false });
    }
    await options.stdout.write(writer.end());
  } finally {
    progress?.finish();
    journal.close();
    if (secrets) closeSync(secrets.fd);
    const done = `${counts.created} created, ${counts.done + counts.found} already done, ${counts.failed} failed`;
    const skipped = counts.invalid > 0 ? `, ${counts.invalid} invalid skipped` : "";
    await stderr.write(`orgkit: import ${basename(file)}: ${done}${skipped} (journal: ${journalPath})\n`);
  }
  return counts.failed > 0 ? exitCodes.failure : exitCodes.ok;
}

/** The name of what a command's result shows once (`token`), when it shows anything. */
function secretsIssued(command: Command): string | undefined {
  return [...secretNames([command.output], "issued")][0];
}

/** The file's rows with their fields in their JSON types, each checked by the spec's rules. */
async function readRows(options: ImportRun, create: CliCommand): Promise<Row[]> {
  let text: string;
  try {
    text = await options.readFile(options.file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`import: cannot read ${options.file}${typeof code === "string" ? ` (${code})` : ""}`);
  }
  const records = /^\s*\[/.test(text)
    ? arrayRecords(text, options.file)
    : /\.(nd)?jsonl?$/i.test(options.file) || /^\s*\{/.test(text)
      ? ndjsonRecords(text)
      : csvRecords(text, options.file, create);
  const declared = options.each.command.import!;
  const seen = new Map<string, number>();
  const rows: Row[] = [];
  for (const [index, record] of records.entries()) {
    const number = index + 1;
    if (typeof record === "string") {
      rows.push({ number, fields: {}, key: "", issues: [record] });
      continue;
    }
    const issues = (await options.check(record)).map((issue) => `${issue.field} [${issue.rule}] ${issue.message}`);
    const key = JSON.stringify(declared.match.map((pair) => record[pair.from] ?? null));
    const twin = seen.get(key);
    if (twin !== undefined)
      issues.push(
        `${declared.match.map((pair) => pair.from).join(" and ")} the same as row ${twin}'s: the import tells rows apart by it`,
      );
    else seen.set(key, number);
    rows.push({ number, fields: record, key, issues });
  }
  return rows;
}

/** A JSON array of objects of fields (a `.json` file), read whole. */
function arrayRecords(text: string, file: string): Array<Record<string, unknown> | string> {
  let values: unknown[];
  try {
    values = JSON.parse(text) as unknown[];
  } catch (error) {
    throw new UsageError(`import: ${file} is not JSON: ${(error as Error).message}`);
  }
  return values.map((value) => (isFields(value) ? value : "not a JSON object"));
}

const isFields = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** NDJSON: one object of fields a line; blank lines skipped. A line that is not an object is the row's issue. */
function ndjsonRecords(text: string): Array<Record<string, unknown> | string> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        if (isFields(value)) return value;
      } catch {}
      return "not a JSON object";
    });
}

/** CSV: the header names the fields (as the create's flags spell them); an empty cell leaves its field out. */
function csvRecords(text: string, file: string, create: CliCommand): Array<Record<string, unknown> | string> {
  let records: string[][];
  try {
    records = parseCsv(text).filter((record) => record.some((cell) => cell.trim() !== ""));
  } catch (error) {
    throw new UsageError(`import: ${file} is not CSV: ${(error as Error).message}`);
  }
  const [header = [], ...data] = records;
  const names = create.flags.map((flag) => flag.name);
  const flags = header.map((column, index) => {
    const name = column.trim();
    const flag = create.flags.find((candidate) => candidate.name === name);
    if (!flag)
      throw new UsageError(
        `import: ${file}: column ${index + 1} (${JSON.stringify(name)}) is not a field of ${create.api} ${create.resource} ${create.method}${didYouMean(name, names)}`,
      );
    if (header.slice(0, index).some((other) => other.trim() === name))
      throw new UsageError(`import: ${file}: column ${name} is given twice`);
    return flag;
  });
  return data.map((record) => {
    if (record.length !== header.length) return `has ${record.length} fields; the header has ${header.length}`;
    const fields: Record<string, unknown> = {};
    for (const [index, flag] of flags.entries()) {
      const cell = record[index]!;
      if (cell !== "") setAt(fields, flag.path, coerce(flag, cell));
    }
    return fields;
  });
}

/**
 * The secrets file: appended to, readable by its owner only. The ids it holds already are read
 * first, so that a row found after a kill knows whether its secret was kept before the kill.
 */
function secretFile(path: string): { fd: number; ids: Set<string> } {
  let fd: number;
  try {
    fd = openSync(path, "a+", 0o600);
  } catch (error) {
    throw new UsageError(`--tokens ${path}: cannot write it (${(error as { code?: string }).code ?? "error"})`);
  }
  // A file that was there already keeps its mode on open: it is made private too.
  fchmodSync(fd, 0o600);
  const ids = new Set<string>();
  for (const line of readFileSync(fd, "utf8").split("\n")) {
    try {
      ids.add(JSON.stringify((JSON.parse(line) as { id?: unknown }).id));
    } catch {}
  }
  return { fd, ids };
}

/**
 * Creates one row exactly once, as far as its journal knows: a row created before is done; one
 * whose outcome is unknown is looked up first; a refusal by the server is final for this run.
 * Failures that every row would meet (credentials) stop the import.
 */
function rowImporter(
  options: ImportRun,
  client: ReturnType<typeof clientFor>,
  journal: Journal,
  secrets: { fd: number; ids: Set<string> } | undefined,
) {
  const { each, signal } = options;
  const { command } = each;
  const declared = command.import!;
  const find = apis[each.api].commands.find((other) => other.name === declared.find)!;
  const renew = renewerOf(each.api, command);
  const secret = secretsIssued(command);
  const lost = (id: unknown) =>
    secret
      ? `its ${secret} was not kept (a run stopped before writing it)${renew ? `: orgkit ${each.api} ${command.group} ${renew} ${String(id)} issues a new one` : ""}`
      : undefined;

  const lookUp = async (fields: Readonly<Record<string, unknown>>): Promise<unknown> => {
    const input: Record<string, unknown> = {};
    for (const { field, from } of declared.by) setAt(input, field, fields[from]);
    for await (const item of runAll(client, find, input, { signal })) {
      const same = declared.match.every(
        ({ member, from }) => fields[from] === undefined || valueAt(item, member.join(".")) === fields[from],
      );
      if (same) return item;
    }
    return undefined;
  };

  return async (row: Row): Promise<Result> => {
    const before = journal.stateOf(row.key);
    if (before?.state === "created") {
      const note = before.secretsKept ? undefined : lost(before.id);
      return { outcome: "done", id: before.id, ...(note ? { reason: note } : {}) };
    }
    let unknown = before?.state === "sending";
    let last: unknown;
    for (let sends = 0; ; sends++) {
      if (unknown) {
        let found: unknown;
        try {
          found = await lookUp(row.fields);
        } catch (error) {
          if (signal.aborted || stopsAll(error)) throw error;
          return { outcome: "failed", reason: `outcome unknown, and looking it up failed: ${reason(error)}` };
        }
        if (found !== undefined) {
          const id = valueAt(found, declared.id.join("."));
          // Its secret was kept if the run that created it wrote it before it was stopped.
          const secretsKept = secrets?.ids.has(JSON.stringify(id)) ?? false;
          journal.record(row.key, row.number, { state: "created", id, secretsKept });
          const note = secretsKept ? undefined : lost(id);
          return { outcome: "found", id, ...(note ? { reason: note } : {}) };
        }
        // Three sends whose outcome stayed unknown: the next run looks the row up again first.
        if (sends >= 3) return { outcome: "failed", reason: `outcome unknown: ${reason(last)}` };
      }
      journal.record(row.key, row.number, { state: "sending" });
      try {
        const result = await run(client, command, row.fields, { signal });
        const id = valueAt(result, declared.id.join("."));
        const shown = issuedSecrets(result, command.output);
        if (secrets && shown.length > 0) {
          const kept = Object.fromEntries(shown.map((path) => [path.split(".").at(-1)!, valueAt(result, path)]));
          appendLine(secrets.fd, {
            row: row.number,
            id,
            ...pick(
              row.fields,
              declared.match.map((pair) => pair.from),
            ),
            ...kept,
          });
        }
        journal.record(row.key, row.number, { state: "created", id, secretsKept: true });
        return { outcome: "created", id };
      } catch (error) {
        if (signal.aborted || stopsAll(error)) throw error;
        if (refused(error)) {
          journal.record(row.key, row.number, { state: "failed", reason: reason(error) });
          return { outcome: "failed", reason: reason(error) };
        }
        unknown = true;
        last = error;
      }
    }
  };
}

/** The server answered and created nothing: a 4xx (after the client's own retries), or arguments refused before sending. */
function refused(error: unknown): boolean {
  return (error instanceof ApiError && error.status < 500) || error instanceof ValidationError;
}

/** Failures every row would meet: the import stops at the first. */
function stopsAll(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof MissingCredentialError
  );
}

const reason = (error: unknown) => errorLine(error).replace(/^orgkit: /, "");

/** The method that issues a create's secret anew for an id (Recrubo's `refresh-token`), if the group has one. */
function renewerOf(api: ApiName, create: Command): string | undefined {
  const name = secretsIssued(create);
  const renewer = apis[api].commands.find(
    (other) =>
      other !== create &&
      other.group === create.group &&
      other.args.length === 1 &&
      name !== undefined &&
      secretsIssued(other) === name,
  );
  return renewer && kebab(renewer.method);
}

function pick(fields: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, fields[name]]));
}
