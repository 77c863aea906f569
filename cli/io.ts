// The process as the command line sees it: its arguments, environment and streams, which
// `main.ts` gives from the real process and tests give of their own.

/** Where output goes: a terminal or not, and how wide. `write` resolves once the stream takes more. */
export interface Sink {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  write(text: string): Promise<void>;
}

/** The process as the command line sees it; tests give their own. */
export interface Io {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Sink;
  readonly stderr: Sink;
  /** Aborted by Ctrl-C (its reason an `Interrupted`), or when stdout is closed (an `OutputClosed`). */
  readonly signal: AbortSignal;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  now(): number;
}

/** Ctrl-C: the reason `Io.signal` aborts with. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor() {
    super("interrupted");
  }
}

/** stdout was closed by its reader (`orgkit ... | head`): nothing is left to write to. */
export class OutputClosed extends Error {
  override name = "OutputClosed";
  constructor() {
    super("stdout closed");
  }
}
