// What the benchmarks report of their rounds: the median and how far the rounds spread around it,
// and ratios taken round by round, so that a busy moment that slows a figure and its reference
// alike cancels out instead of landing in one median and not in the other.

/** The middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("the median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * How far the rounds spread: the range of their middle half (nearest rank: the values at 25% and
 * 75% of the sorted rounds), as a share of their median. With three rounds that range is all three.
 */
export function spread(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.floor(sorted.length * 0.75)]! - sorted[Math.floor(sorted.length * 0.25)]!) / median(values);
}

/** A spread as the tables print it: plus or minus half of it, in percent. */
export const plusMinus = (spreadOfRounds: number) => `±${Math.round(spreadOfRounds * 50)}%`;

/** `values` over `base`, round by round: both measured in the same rounds, in the same order. */
export function ratiosByRound(values: readonly number[], base: readonly number[]): number[] {
  if (values.length === 0 || values.length !== base.length)
    throw new Error(`${values.length} rounds against ${base.length}: a ratio needs the same rounds on both sides`);
  return values.map((value, round) => value / base[round]!);
}
