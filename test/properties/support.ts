import fc from "fast-check";
import { seed } from "../support/seeded.js";

// Plumbing of the property suites: drains for the pagers, outcomes, pools of drawn values. The
// seed, run counts and assertProperty (test/support/seeded.ts), the guard against unhandled
// rejections and the fetch that must not be called are test/support's, shared with other suites.

export function show(value: unknown): string {
  if (value instanceof Error) return `${value.constructor.name}: ${value.message}`;
  try {
    return fc.stringify(value);
  } catch {
    return String(value);
  }
}

/** Every item of an async iterable, stopping after `limit` (a pager that never ends fails the test). */
export async function drain<T>(iterable: AsyncIterable<T>, limit = 1000): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length > limit) throw new Error(`the iteration went past ${limit} elements`);
  }
  return items;
}

/** How a call ended: its value, or what it threw. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export async function outcomeOf(call: () => Promise<unknown>, limitMs = 10_000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: new Error(`the call neither resolved nor rejected within ${limitMs} ms`) }),
      limitMs,
    );
  });
  try {
    return await Promise.race([
      (async () => {
        try {
          return { ok: true as const, value: await call() };
        } catch (error) {
          return { ok: false as const, error };
        }
      })(),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Values drawn once from `arbitrary` with the suite's seed, then picked by index: for values a
 * property needs to be valid rather than new each run (answers that are costly to generate).
 */
export function pooled<T>(arbitrary: fc.Arbitrary<T>, size: number): fc.Arbitrary<T> {
  const pool = fc.sample(arbitrary, { seed, numRuns: size });
  return fc.integer({ min: 0, max: pool.length - 1 }).map((index) => pool[index]!);
}
