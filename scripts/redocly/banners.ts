// Redocly CLI 2 prints notices in box-drawing frames on stderr on every run (Node 20's end of life,
// the switch to Redoc 3) and has no setting to turn them off. They say nothing about orgkit's specs,
// so the build drops them; every other line, real problems included, goes through unchanged.

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI colour sequence
const ansi = /\u001b\[[0-9;]*m/g;

/**
 * A line filter for Redocly's stderr, fed one line at a time (without its newline). It returns the
 * lines to print now: blank lines are held back until the next line shows whether they only framed
 * a banner, which is dropped with the blank lines around it.
 */
export function createBannerFilter(): { line(text: string): string[]; end(): string[] } {
  let inBanner = false;
  let afterBanner = false;
  let heldBlanks: string[] = [];
  return {
    line(text) {
      const bare = text.replace(ansi, "").trim();
      if (inBanner) {
        if (bare.startsWith("╚")) [inBanner, afterBanner] = [false, true];
        return [];
      }
      if (bare === "") {
        if (!afterBanner) heldBlanks.push(text);
        return [];
      }
      afterBanner = false;
      if (bare.startsWith("╔")) {
        [inBanner, heldBlanks] = [true, []];
        return [];
      }
      const out = [...heldBlanks, text];
      heldBlanks = [];
      return out;
    },
    end() {
      const out = heldBlanks;
      heldBlanks = [];
      return out;
    },
  };
}

/** `text` without Redocly's banners (and the blank lines around them). */
export function withoutBanners(text: string): string {
  const filter = createBannerFilter();
  const endsWithNewline = text.endsWith("\n");
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split("\n");
  const kept = [...lines.flatMap((line) => filter.line(line)), ...filter.end()];
  return kept.join("\n") + (endsWithNewline && kept.length > 0 ? "\n" : "");
}
