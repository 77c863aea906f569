import { describe, expect, test } from "vitest";
import { goalStatuses, goalsTable, type RunFigures } from "../../bench/goals.js";
import { budgets } from "../../bench/size.js";

/** openapi-fetch's time per call in three rounds: a busy round, a quiet one, a middling one. */
const openapiFetchUs = [400, 190, 200];

/** A contender whose time per call is `ratios` times openapi-fetch's, round by round. */
const contender = (name: string, ratios: readonly number[]) => ({
  name,
  roundsUs: openapiFetchUs.map((us, round) => us * ratios[round]!),
});
const each = (ratio: number) => [ratio, ratio, ratio];

/** A run that meets every goal exactly at its bar; each test moves one figure past it. */
function runAtTheBars(): RunFigures {
  const scenario = (mode: "loopback" | "stub", inFlight: number) => ({
    mode,
    inFlight,
    contenders: [
      contender("raw fetch", each(0.8)),
      contender("openapi-fetch", each(1)),
      contender("orgkit organizations.get", [1.12, 1.08, 1.1]), // median 1.10x, ±2%
      contender("orgkit raw.GET", each(1.1)),
      contender("ky", each(1.7)),
      contender("@octokit/core", each(1.1)), // orgkit at @octokit/core's ratio, not above it
    ],
  });
  // orgkit's speed-up 0.95x the hand-written prefetch's in every round.
  const paging = (concurrency: number, byHand: readonly number[]) => ({
    concurrency,
    rounds: byHand.map((speedup) => ({ speedup: speedup * 0.95, openapiFetch: { speedup } })),
  });
  return {
    calls: [scenario("loopback", 1), scenario("loopback", 16), scenario("stub", 1), scenario("stub", 16)],
    paging: [paging(1, [1, 1, 1]), paging(2, [1.9, 2, 1.95]), paging(4, [3.4, 3.6, 3.2]), paging(8, [4.4, 4, 4.8])],
    memory: { growthMb: 2, growthLimitMb: 2, flat: true },
    bundles: [
      { budget: "blynkClient", gzipped: budgets.blynkClient },
      { budget: "recruboClient", gzipped: budgets.recruboClient },
      { budget: "bothClients", gzipped: budgets.bothClients },
      { gzipped: 100_000 }, // a bundle without a budget is not a goal
    ],
  };
}

/** The scenario over loopback at `inFlight`, and its contender `name`, to move. */
function loopback(run: RunFigures, inFlight: number, name: string) {
  const scenario = run.calls.find((figures) => figures.mode === "loopback" && figures.inFlight === inFlight)!;
  return scenario.contenders.find((figures) => figures.name === name)!;
}

const unmet = (run: RunFigures) =>
  goalStatuses(run)
    .filter((status) => !status.met)
    .map((status) => status.goal);
const statusOf = (run: RunFigures, goal: string) => goalStatuses(run).find((status) => status.goal === goal)!;

const facadeAndRaw1 = "Per call over loopback, 1 in flight (facade / `raw`)";
const facadeAndRaw16 = "Per call over loopback, 16 in flight (facade / `raw`)";
const octokit1 = "Per call over loopback, 1 in flight, against @octokit/core (facade / `raw`)";
const octokit16 = "Per call over loopback, 16 in flight, against @octokit/core (facade / `raw`)";

describe("goalStatuses", () => {
  test("a run at every bar meets every goal", () => {
    expect(goalStatuses(runAtTheBars()).map((status) => status.goal)).toEqual([
      facadeAndRaw1,
      octokit1,
      facadeAndRaw16,
      octokit16,
      "Paging at concurrency 4, speed-up against the same prefetch by hand",
      "Paging at concurrency 8, speed-up against the same prefetch by hand",
      "Heap over 1,000,000 items",
      "One client, Blynk, min+gzip with openapi-fetch",
      "One client, Recrubo, min+gzip with openapi-fetch",
      "Both clients, min+gzip with openapi-fetch",
    ]);
    expect(unmet(runAtTheBars())).toEqual([]);
  });

  test("the facade or raw over 1.10x openapi-fetch misses that scenario's goal alone", () => {
    const run = runAtTheBars();
    loopback(run, 16, "@octokit/core").roundsUs = contender("@octokit/core", each(1.3)).roundsUs;
    loopback(run, 16, "orgkit raw.GET").roundsUs = contender("orgkit raw.GET", each(1.11)).roundsUs;
    expect(unmet(run)).toEqual([facadeAndRaw16]);
    expect(statusOf(run, facadeAndRaw16).figure).toBe("1.10x ±2% / 1.11x ±0%");
  });

  test("orgkit above @octokit/core's ratio misses that goal, though it is under 1.10x", () => {
    const run = runAtTheBars();
    loopback(run, 1, "@octokit/core").roundsUs = contender("@octokit/core", each(1.04)).roundsUs;
    loopback(run, 1, "orgkit organizations.get").roundsUs = contender("facade", each(1.05)).roundsUs;
    loopback(run, 1, "orgkit raw.GET").roundsUs = contender("raw", each(1.03)).roundsUs;
    expect(unmet(run)).toEqual([octokit1]);
    expect(statusOf(run, octokit1)).toMatchObject({ bar: "≤ @octokit/core's 1.04x ±0%", figure: "1.05x / 1.03x" });
  });

  test("@octokit/core's ratio falling below orgkit's misses the goal against it alone", () => {
    const run = runAtTheBars();
    loopback(run, 16, "@octokit/core").roundsUs = contender("@octokit/core", each(1.09)).roundsUs;
    expect(unmet(run)).toEqual([octokit16]);
  });

  test("a ratio is the median of the rounds' ratios, not the ratio of the medians", () => {
    const run = runAtTheBars();
    // Ratios 1.00, 1.30 and 1.03 in the rounds; the median times, 247 µs over 200 µs, would be 1.24x.
    loopback(run, 1, "orgkit organizations.get").roundsUs = [400, 247, 206];
    expect(unmet(run)).toEqual([]);
    // The middle half of three rounds is all of them: 1.00 to 1.30, 29% of 1.03, printed ±15%.
    expect(statusOf(run, facadeAndRaw1).figure).toBe("1.03x ±15% / 1.10x ±0%");
  });

  test("a ratio is judged as printed, to two decimals", () => {
    const run = runAtTheBars();
    loopback(run, 1, "@octokit/core").roundsUs = contender("@octokit/core", each(1.3)).roundsUs;
    loopback(run, 1, "orgkit raw.GET").roundsUs = contender("raw", each(1.104)).roundsUs; // prints as 1.10x
    expect(unmet(run)).toEqual([]);
    loopback(run, 1, "orgkit raw.GET").roundsUs = contender("raw", each(1.106)).roundsUs; // prints as 1.11x
    expect(unmet(run)).toEqual([facadeAndRaw1]);
  });

  test("the scenarios with a stub fetch are not goals", () => {
    const run = runAtTheBars();
    run.calls = [...run.calls].reverse(); // the stub scenarios first, so that a lookup must pass them over
    for (const scenario of run.calls.filter((figures) => figures.mode === "stub")) {
      scenario.contenders = [contender("openapi-fetch", each(1)), contender("orgkit raw.GET", each(3))];
    }
    expect(unmet(run)).toEqual([]);
  });

  test("paging under 0.95x the hand-written prefetch's speed-up misses that concurrency's goal", () => {
    const run = runAtTheBars();
    const [atFour, atEight] = [run.paging[2]!, run.paging[3]!];
    atEight.rounds = atEight.rounds.map(({ openapiFetch }) => ({ speedup: openapiFetch.speedup * 0.94, openapiFetch }));
    expect(unmet(run)).toEqual(["Paging at concurrency 8, speed-up against the same prefetch by hand"]);
    expect(goalStatuses(run)[5]!.figure).toBe("0.94x ±0%");
    // One slow round of three leaves the median where it was.
    atFour.rounds = [{ speedup: 2, openapiFetch: { speedup: 3.4 } }, ...atFour.rounds.slice(1)];
    expect(goalStatuses(run)[4]).toMatchObject({ figure: "0.95x ±19%", met: true });
  });

  test("memory that grows misses its goal", () => {
    const run = runAtTheBars();
    run.memory = { growthMb: 2.01, growthLimitMb: 2, flat: false };
    expect(unmet(run)).toEqual(["Heap over 1,000,000 items"]);
  });

  test("a byte over a bundle's budget misses that bundle's goal", () => {
    const run = runAtTheBars();
    run.bundles[1]!.gzipped = budgets.recruboClient + 1;
    expect(unmet(run)).toEqual(["One client, Recrubo, min+gzip with openapi-fetch"]);
    run.bundles[1]!.gzipped = budgets.recruboClient;
    run.bundles[2]!.gzipped = budgets.bothClients + 1;
    expect(unmet(run)).toEqual(["Both clients, min+gzip with openapi-fetch"]);
  });

  test("a figure missing from the run is an error, not a goal met", () => {
    const withoutPaging = runAtTheBars();
    withoutPaging.paging = withoutPaging.paging.filter((figures) => figures.concurrency !== 4);
    expect(() => goalStatuses(withoutPaging)).toThrow("the run has no figures for paging at concurrency 4");

    const withoutOctokit = runAtTheBars();
    const scenario = withoutOctokit.calls[1]!;
    scenario.contenders = scenario.contenders.filter((figures) => figures.name !== "@octokit/core");
    expect(() => goalStatuses(withoutOctokit)).toThrow(
      "the run has no figures for @octokit/core (loopback, 16 in flight)",
    );

    const withoutBudget = runAtTheBars();
    withoutBudget.bundles = withoutBudget.bundles.filter((bundle) => bundle.budget !== "bothClients");
    expect(() => goalStatuses(withoutBudget)).toThrow("the run has no figures for the bothClients bundle");
  });

  test("a round missing on one side of a ratio is an error", () => {
    const run = runAtTheBars();
    loopback(run, 1, "orgkit raw.GET").roundsUs = [110, 220];
    expect(() => goalStatuses(run)).toThrow("2 rounds against 3");
  });
});

describe("goalsTable", () => {
  test("prints each goal's bar, this run's median and spread, and marks what is not met", () => {
    const run = runAtTheBars();
    run.bundles[2]!.gzipped = budgets.bothClients + 1;
    const table = goalsTable(goalStatuses(run));
    expect(table).toContain(`| ${facadeAndRaw1} | ≤ 1.10x openapi-fetch | 1.10x ±2% / 1.10x ±0% | yes |`);
    expect(table).toContain(`| ${octokit1} | ≤ @octokit/core's 1.10x ±0% | 1.10x / 1.10x | yes |`);
    expect(table).toContain(
      "| Paging at concurrency 8, speed-up against the same prefetch by hand | ≥ 0.95x its speed-up | 0.95x ±0% | yes |",
    );
    const bytes = (value: number) => value.toLocaleString("en");
    expect(table).toContain(
      `| Both clients, min+gzip with openapi-fetch | ≤ ${bytes(budgets.bothClients)} B (its budget) | ${bytes(budgets.bothClients + 1)} B | **no** |`,
    );
  });
});
