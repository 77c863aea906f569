import { describe, expect, test } from "vitest";
import { goalStatuses, goalsTable, type RunFigures } from "../../bench/goals.js";

/** A run that meets every goal exactly at its bar; each test moves one figure past it. */
function runAtTheBars(): RunFigures {
  const scenario = (mode: "loopback" | "stub", inFlight: number, ratio: number) => ({
    mode,
    inFlight,
    contenders: [
      { name: "raw fetch", perCallUs: 80 },
      { name: "openapi-fetch", perCallUs: 100 },
      { name: "orgkit organizations.get", perCallUs: 100 * ratio },
      { name: "orgkit raw.GET", perCallUs: 100 * ratio },
    ],
  });
  return {
    calls: [
      scenario("loopback", 1, 1.15),
      scenario("loopback", 16, 1.15),
      scenario("stub", 1, 1.5),
      scenario("stub", 16, 1.5),
    ],
    bundles: [
      { budget: "blynkClient", gzipped: 6144 },
      { budget: "recruboClient", gzipped: 6144 },
      { budget: "bothClients", gzipped: 8192 },
      { gzipped: 100_000 }, // an entry without a budget is not a goal
    ],
    coldStarts: [
      { name: "bare node", importMs: 0 },
      { name: "openapi-fetch", importMs: 10 },
      { name: "orgkit", importMs: 12 },
    ],
    paging: [
      { concurrency: 1, speedup: 1, openapiFetch: { speedup: 1 } },
      { concurrency: 4, speedup: 3.5, openapiFetch: { speedup: 3.6 } },
      { concurrency: 8, speedup: 5.5, openapiFetch: { speedup: 5.9 } },
    ],
    memory: { growthMb: 0.4, growthLimitMb: 2, flat: true },
  };
}

const unmet = (run: RunFigures) =>
  goalStatuses(run)
    .filter((status) => !status.met)
    .map((status) => status.goal);

describe("goalStatuses", () => {
  test("a run at every bar meets every goal", () => {
    const statuses = goalStatuses(runAtTheBars());
    expect(statuses).toHaveLength(10);
    expect(unmet(runAtTheBars())).toEqual([]);
  });

  test("the facade or raw over the per-call bar misses that scenario's goal alone", () => {
    const run = runAtTheBars();
    run.calls[1]!.contenders[3]!.perCallUs = 116; // raw.GET at 16 in flight: 1.16x
    expect(unmet(run)).toEqual(["Per call over loopback, 16 in flight (facade / `raw`)"]);
    expect(goalStatuses(run)[1]!.figure).toBe("1.15x / 1.16x");
  });

  test("a byte over 6 kB for either client misses the one-client goal", () => {
    const run = runAtTheBars();
    run.bundles[1]!.gzipped = 6145;
    expect(unmet(run)).toEqual(["One client, min+gzip with openapi-fetch (Blynk / Recrubo)"]);
  });

  test("a ratio is judged as printed, to two decimals", () => {
    const run = runAtTheBars();
    run.calls[0]!.contenders[2]!.perCallUs = 115.4; // 1.154x prints as 1.15x
    run.coldStarts[2]!.importMs = 12.04; // 1.204x prints as 1.20x
    expect(unmet(run)).toEqual([]);
    run.calls[0]!.contenders[2]!.perCallUs = 115.6;
    expect(unmet(run)).toEqual(["Per call over loopback, 1 in flight (facade / `raw`)"]);
    expect(goalStatuses(run)[0]!.figure).toBe("1.16x / 1.15x");
  });

  test("cold import, paging and memory are judged against their own bars", () => {
    const run = runAtTheBars();
    run.coldStarts[2]!.importMs = 12.1;
    run.paging[2]!.speedup = 5.49;
    run.memory = { growthMb: 2.5, growthLimitMb: 2, flat: false };
    expect(unmet(run)).toEqual([
      "Cold import",
      "Paging, concurrency 8 (openapi-fetch by hand, for reference)",
      "Heap over 1,000,000 items",
    ]);
  });

  test("a figure missing from the run is an error, not a goal met", () => {
    const run = runAtTheBars();
    run.paging = run.paging.filter((figures) => figures.concurrency !== 4);
    expect(() => goalStatuses(run)).toThrow("the run has no figures for paging at concurrency 4");
  });
});

describe("goalsTable", () => {
  test("marks what is not met", () => {
    const run = runAtTheBars();
    run.bundles[2]!.gzipped = 18_534;
    const table = goalsTable(goalStatuses(run));
    expect(table).toContain("| Both clients, min+gzip | ≤ 8.0 kB | 18.1 kB | **no** |");
    expect(table).toContain("| Cold import | ≤ 1.20x openapi-fetch | 1.20x | yes |");
  });
});
