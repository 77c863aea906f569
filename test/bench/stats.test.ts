import { describe, expect, test } from "vitest";
import { median, plusMinus, ratiosByRound, spread } from "../../bench/stats.js";

describe("median", () => {
  test("is the middle value, whatever the order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([5])).toBe(5);
  });

  test("is the mean of the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test("of no values is an error", () => {
    expect(() => median([])).toThrow("the median of no values");
  });
});

describe("spread", () => {
  test("is the range of the middle half of the rounds, as a share of their median", () => {
    // Sorted: 1..8; the values at 25% and 75% are the 3rd and the 7th, the median 4.5.
    expect(spread([8, 1, 7, 2, 6, 3, 5, 4])).toBeCloseTo((7 - 3) / 4.5);
  });

  test("of three rounds is their whole range", () => {
    expect(spread([1.3, 1, 1.1])).toBeCloseTo(0.3 / 1.1);
  });

  test("of equal rounds is nothing", () => {
    expect(spread([2, 2, 2, 2])).toBe(0);
  });
});

describe("plusMinus", () => {
  test("prints half the spread, in percent", () => {
    expect(plusMinus(0.3)).toBe("±15%");
    expect(plusMinus(0)).toBe("±0%");
  });
});

describe("ratiosByRound", () => {
  test("divides each round by the same round of the base", () => {
    expect(ratiosByRound([110, 300, 90], [100, 200, 100])).toEqual([1.1, 1.5, 0.9]);
  });

  test("needs the same rounds, at least one, on both sides", () => {
    expect(() => ratiosByRound([1, 2], [1, 2, 3])).toThrow("2 rounds against 3");
    expect(() => ratiosByRound([], [])).toThrow("0 rounds against 0");
  });
});
