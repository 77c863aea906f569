import fc from "fast-check";
import { beforeAll } from "vitest";

// Shared plumbing of the property suites: one seed per suite (from ORGKIT_PROPERTY_SEED, printed
// once), run counts and drains for the pagers. The guard against unhandled rejections and the
// fetch that must not be called are test/support's.

// `npm test` runs the same inputs every time, so that CI passes or fails for the code alone;
// ORGKIT_PROPERTY_SEED=random explores new ones, and any seed printed replays its run.
const defaultSeed = 20261125;

function seedFromEnvironment(): number {
  const given = process.env["ORGKIT_PROPERTY_SEED"];
  if (given === undefined || given === "") return defaultSeed;
  if (given === "random") return (Math.random() * 2 ** 31) | 0;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed))
    throw new Error(`ORGKIT_PROPERTY_SEED must be an integer, not ${JSON.stringify(given)}`);
  return seed;
}

/** The seed of every property in this suite (each test file is its own module, so its own suite). */
export const seed = seedFromEnvironment();

/**
 * Run counts scale with ORGKIT_PROPERTY_SCALE (default 1): 0.1 for a quick local loop, 10 for a
 * soak. The defaults are the counts the suites promise.
 */
const scale = Number(process.env["ORGKIT_PROPERTY_SCALE"] ?? "1");

export function runs(count: number): number {
  return Math.max(1, Math.round(count * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Prints the suite's seed once, so that a failure can be replayed with ORGKIT_PROPERTY_SEED. */
export function announceSeed(suite: string): void {
  beforeAll(() => {
    console.log(
      `[orgkit properties] ${suite}: seed ${seed} (replay: ORGKIT_PROPERTY_SEED=${seed} npx vitest run test/properties)`,
    );
  });
}

/** How long a failing property may spend shrinking its counterexample (ORGKIT_PROPERTY_SHRINK_MS). */
const shrinkBudgetMs = Number(process.env["ORGKIT_PROPERTY_SHRINK_MS"] ?? "5000");

/**
 * Runs a property with the suite's seed; fast-check's report carries seed and path. All runs are
 * made whatever they take; only when one fails is the shrinking of its counterexample replayed
 * from that run (same seed and path) under a time budget, so that a known bug does not cost the
 * suite half a minute of shrinking.
 */
export async function assertProperty<T>(
  property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
  numRuns: number,
): Promise<void> {
  const parameters = { seed, numRuns, maxSkipsPerRun: 1000 };
  const first = await fc.check(property, { ...parameters, endOnFailure: true });
  if (!first.failed) return;
  if (first.counterexamplePath !== null) {
    await fc.assert(property, {
      ...parameters,
      path: first.counterexamplePath,
      interruptAfterTimeLimit: shrinkBudgetMs,
      markInterruptAsFailure: true,
    });
  }
  // The replay passed (a failure that depends on timing): report the first one as it was.
  throw new Error(fc.defaultReportMessage(first));
}

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
