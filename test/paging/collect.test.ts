import { describe, expect, test } from "vitest";
import { collect } from "../../src/paging/collect.js";

/** An iterable of 1..count that records how far it was read and whether it was closed early. */
function counted(count: number) {
  const state = { pulled: 0, closed: false };
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          if (state.pulled >= count) return { done: true, value: undefined };
          return { done: false, value: ++state.pulled };
        },
        async return() {
          state.closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
}

describe("collect", () => {
  test("gathers every item in order when no max is given", async () => {
    const { iterable, state } = counted(5);

    expect(await collect(iterable)).toEqual([1, 2, 3, 4, 5]);
    expect(state).toEqual({ pulled: 5, closed: false }); // read to its end, nothing to close
  });

  test.each([
    { max: 1, items: [1] },
    { max: 3, items: [1, 2, 3] },
    { max: 5, items: [1, 2, 3, 4, 5] },
  ])("stops after max $max items, pulling no further and closing the iterable", async ({ max, items }) => {
    const { iterable, state } = counted(10);

    expect(await collect(iterable, { max })).toEqual(items);
    expect(state).toEqual({ pulled: max, closed: true });
  });

  test("a max beyond the items gathers them all", async () => {
    const { iterable, state } = counted(3);

    expect(await collect(iterable, { max: 4 })).toEqual([1, 2, 3]);
    expect(state.closed).toBe(false);
  });

  test.each([0, -1])("a max of %i reads nothing at all", async (max) => {
    const { iterable, state } = counted(3);

    expect(await collect(iterable, { max })).toEqual([]);
    expect(state).toEqual({ pulled: 0, closed: false });
  });

  test("an error from the iterable rejects the collect", async () => {
    async function* failing() {
      yield 1;
      throw new Error("page 2 failed");
    }

    await expect(collect(failing())).rejects.toThrow("page 2 failed");
  });
});
