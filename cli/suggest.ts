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
 * The known names closest to what was typed, closest first: within a third of its length (at
 * least 2 edits), or one that starts with it. Empty when nothing is close, so that no suggestion
 * is better than a wild one.
 */
export function closest(typed: string, known: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 3));
  return known
    .map((name) => ({ name, distance: editDistance(typed, name) }))
    .filter(
      ({ name, distance }) =>
        distance <= limit || (typed.length >= 3 && name.toLowerCase().startsWith(typed.toLowerCase())),
    )
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
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
