import { describe, expect, test } from "vitest";
import { closest, didYouMean, editDistance } from "../../cli/suggest.js";

describe("suggest", () => {
  test("edit distance, case-insensitive", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("orgid", "orgId")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });

  test("the names that start with what was typed, else the fewest edits away within a third of its length", () => {
    expect(closest("org", ["organizations", "organization", "profile"])).toEqual(["organizations", "organization"]);
    expect(closest("serach", ["search", "create", "delete"])).toEqual(["search"]);
    expect(closest("bsh", ["bash", "zsh", "fish"])).toEqual(["bash", "zsh"]);
    expect(closest("xyz", ["search", "create"])).toEqual([]);
  });

  test("in words, in the order known", () => {
    expect(didYouMean("gte", ["get", "delete"])).toBe(" (did you mean get?)");
    expect(didYouMean("sise", ["size", "site"], "--")).toBe(" (did you mean --size or --site?)");
    expect(didYouMean("zzzz", ["get"])).toBe("");
  });
});
