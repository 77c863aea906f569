// The journal of an import: one JSON line per step of a row, appended and flushed to the disk before
// the step's effect, so that a run stopped at any point (a crash, SIGKILL, Ctrl-C, a power cut)
// leaves a record from which the next run knows each row's state. A row is keyed by its identity
// (the fields the import finds it by), not by its line, so that rows may be added, moved or fixed.
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from "node:fs";

/** Where a row stands. `sending` with nothing after it: sent or not, the outcome is unknown. */
export type RowState =
  | { readonly state: "sending" }
  | { readonly state: "created"; readonly id: unknown; readonly secretsKept: boolean }
  | { readonly state: "failed"; readonly reason: string };

type Entry = RowState & { readonly key: string; readonly row: number };

/** What a journal is for: another import's journal is not taken for this one's. */
export interface JournalHead {
  readonly orgkit: "import";
  readonly api: string;
  readonly command: string;
}

/** The journal a command was given is another import's, or not a journal. */
export class JournalMismatch extends Error {
  override name = "JournalMismatch";
}

export class Journal {
  readonly #fd: number;
  readonly #states = new Map<string, RowState>();

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Opens the journal at `path`, reading the states it records, or starts one. A last line cut
   * short by a kill is ignored: its write did not complete, so neither did the step after it.
   */
  static open(path: string, head: JournalHead): Journal {
    let text: string | undefined;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const lines = (text ?? "").split("\n").filter((line) => line !== "");
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return undefined;
      }
    });
    // The last write of a run killed mid-write is the only line that can be cut short: its step
    // did not complete, so neither did what was to follow it.
    if (parsed.at(-1) === undefined) parsed.pop();
    const [first, ...entries] = parsed;
    if (parsed.includes(undefined) || (first !== undefined && JSON.stringify(first) !== JSON.stringify(head)))
      throw new JournalMismatch(
        `${path} is not the journal of ${head.api} ${head.command}: move it away, or import another file`,
      );
    const journal = new Journal(openSync(path, "a"));
    // A line cut short is ended, so that the next entry starts a line of its own.
    if (text && !text.endsWith("\n")) writeSync(journal.#fd, "\n");
    if (first === undefined) journal.#append(head);
    for (const { key, row: _row, ...state } of entries as Entry[]) journal.#states.set(key, state as RowState);
    return journal;
  }

  /** The state the journal last recorded for a row, if any. */
  stateOf(key: string): RowState | undefined {
    return this.#states.get(key);
  }

  /** Records a row's step, on the disk before this returns. */
  record(key: string, row: number, state: RowState): void {
    this.#append({ key, row, ...state });
    this.#states.set(key, state);
  }

  close(): void {
    closeSync(this.#fd);
  }

  #append(value: object): void {
    appendLine(this.#fd, value);
  }
}

/** Appends one JSON line to an open file, on the disk before this returns. */
export function appendLine(fd: number, value: object): void {
  writeSync(fd, `${JSON.stringify(value)}\n`);
  fdatasyncSync(fd);
}
