import fc from "fast-check";
import { beforeAll } from "vitest";

// Properties run with one seed per suite (from ORGKIT_PROPERTY_SEED, printed once) and run counts
// that scale: the property suites in test/properties/ and the properties beside unit tests.

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
export function announceSeed(suite: string, where = "test/properties"): void {
  beforeAll(() => {
    console.log(
      `[orgkit properties] ${suite}: seed ${seed} (replay: ORGKIT_PROPERTY_SEED=${seed} npx vitest run ${where})`,
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
