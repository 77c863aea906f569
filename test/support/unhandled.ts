import { afterAll, afterEach, beforeAll, expect } from "vitest";

/**
 * Fails the test that leaves a promise rejection unhandled, for every test of the calling file or
 * describe block: listens from its first test on, and after each test gives rejections a few turns
 * of the event loop to surface. `seen` holds those of the running test, for a property to check
 * after each run.
 */
export function failOnUnhandledRejection(): { readonly seen: unknown[] } {
  const state = { seen: [] as unknown[] };
  const listener = (reason: unknown) => state.seen.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", listener);
  });
  afterEach(async () => {
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    const seen = state.seen
      .splice(0)
      .map((reason) => (reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)));
    expect(seen, "unhandled rejections").toEqual([]);
  });
  afterAll(() => {
    process.off("unhandledRejection", listener);
  });
  return state;
}
