// The progress line of `--all` on a terminal: items read of the total, the rate, the time left,
// redrawn in place with a carriage return. Nothing is drawn where stderr is not a terminal.

/** Where the line is drawn, and the time it measures against. */
export interface ProgressTarget {
  write(text: string): void;
  now(): number;
}

/** What is known of the end: the items on all pages, exact or estimated from the last page's number. */
export interface Extent {
  total: number;
  estimated: boolean;
}

const number = (value: number) => Math.round(value).toLocaleString("en-US");

function duration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** The line for `read` items after `elapsedMs`: pure, so that it is tested without a clock. */
export function progressLine(read: number, extent: Extent | undefined, elapsedMs: number, noun = "items"): string {
  const rate = elapsedMs > 0 ? (read * 1000) / elapsedMs : 0;
  const parts: string[] = [];
  if (extent && extent.total > 0) {
    const total = Math.max(extent.total, read);
    const percent = Math.min(100, Math.floor((read * 100) / total));
    parts.push(`${number(read)} of ${extent.estimated ? "~" : ""}${number(total)} ${noun} (${percent}%)`);
  } else parts.push(`${number(read)} ${noun}`);
  if (rate > 0) parts.push(`${number(rate)}/s`);
  if (extent && rate > 0 && extent.total > read) parts.push(`${duration((extent.total - read) / rate)} left`);
  return `orgkit: ${parts.join(", ")}`;
}

/**
 * Draws the progress line at most every `intervalMs`, and once more at the end. `clear()` wipes it
 * before anything else is written to the terminal, so that output and logs never mix with it.
 */
export class Progress {
  readonly #target: ProgressTarget;
  readonly #started: number;
  readonly #intervalMs: number;
  #drawnAt = Number.NEGATIVE_INFINITY;
  #shown = "";
  #read = 0;
  #extent: Extent | undefined;
  readonly #noun: string;

  constructor(target: ProgressTarget, intervalMs = 100, noun = "items") {
    this.#target = target;
    this.#started = target.now();
    this.#intervalMs = intervalMs;
    this.#noun = noun;
  }

  update(read: number, extent: Extent | undefined): void {
    this.#read = read;
    this.#extent = extent;
    const now = this.#target.now();
    if (now - this.#drawnAt >= this.#intervalMs) this.#draw(now);
  }

  /** Wipes the line; the next update draws it again. */
  clear(): void {
    if (!this.#shown) return;
    this.#target.write("\r\u001b[K");
    this.#shown = "";
    this.#drawnAt = Number.NEGATIVE_INFINITY;
  }

  /** Draws the final figures and ends the line. */
  finish(): void {
    this.#draw(this.#target.now());
    this.#target.write("\n");
    this.#shown = "";
  }

  #draw(now: number): void {
    this.#drawnAt = now;
    this.#shown = progressLine(this.#read, this.#extent, now - this.#started, this.#noun);
    this.#target.write(`\r${this.#shown}\u001b[K`);
  }
}
