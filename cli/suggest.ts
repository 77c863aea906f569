/** Levenshtein distance, case-insensitive: `orgid` is one step from nothing but `orgId`. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/**
 * The known names closest to what was typed: those that start with it (at least 3 characters),
 * else those fewest edits away, within a third of its length (at least 2 edits). Empty when
 * nothing is close, so that no suggestion is better than a wild one.
 */
export function closest(typed: string, known: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  const started =
    typed.length >= 3 ? known.filter((name) => name.toLowerCase().startsWith(lower) && name !== typed) : [];
  if (started.length > 0) return started.slice(0, 3);
  const limit = Math.max(2, Math.floor(typed.length / 3));
  const near = known
    .map((name) => ({ name, distance: editDistance(typed, name) }))
    .filter(({ distance }) => distance <= limit);
  const best = Math.min(...near.map(({ distance }) => distance));
  return near
    .filter(({ distance }) => distance === best)
    .map(({ name }) => name)
    .slice(0, 3);
}

/** ` (did you mean x?)`, or nothing when no known name is close. */
export function didYouMean(typed: string, known: readonly string[], prefix = ""): string {
  const [best, ...others] = closest(typed, known);
  if (!best) return "";
  const names = [best, ...others].map((name) => `${prefix}${name}`);
  return ` (did you mean ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`}?)`;
}
