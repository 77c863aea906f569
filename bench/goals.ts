// The performance goals orgkit set itself, and which of them one run of `npm run bench` meets.
// Times are printed, never asserted (they move with the machine); this table says of each run
// where orgkit stands, so that a change that helps or hurts a goal shows in the README and the
// CI log rather than in a paragraph written by hand.
import { type budgets, kB } from "./size.js";

type Budget = keyof typeof budgets;

/** The bars, as the goals give them. Per-call ratios are to bare openapi-fetch in the same run. */
export const goals = {
  /** orgkit's facade and `raw`, over loopback, at 1 and at 16 calls in flight. */
  perCallOverLoopback: 1.15,
  /** The same with a stub fetch: the client's own CPU. */
  perCallWithStub: 1.5,
  /** An application's bundle, min+gzip, openapi-fetch included. */
  oneClientBytes: 6 * 1024,
  bothClientsBytes: 8 * 1024,
  /** `import("orgkit")` against `import("openapi-fetch")`. */
  coldImport: 1.2,
  /** Ordered prefetch against reading page after page, by concurrency. */
  pagingSpeedup: [
    { concurrency: 4, atLeast: 3.5 },
    { concurrency: 8, atLeast: 5.5 },
  ],
} as const;

/** What a run measured, as far as the goals need it. */
export interface RunFigures {
  calls: ReadonlyArray<{
    mode: "loopback" | "stub";
    inFlight: number;
    contenders: ReadonlyArray<{ name: string; perCallUs: number }>;
  }>;
  bundles: ReadonlyArray<{ budget?: Budget; gzipped: number }>;
  coldStarts: ReadonlyArray<{ name: string; importMs: number }>;
  paging: ReadonlyArray<{ concurrency: number; speedup: number; openapiFetch: { speedup: number } }>;
  memory: { growthMb: number; growthLimitMb: number; flat: boolean };
}

export interface GoalStatus {
  goal: string;
  bar: string;
  /** This run's figures, in words. */
  figure: string;
  met: boolean;
}

// A ratio is judged as it is printed, to two decimals, as the bars are given.
const ratioOf = (value: number, base: number) => Math.round((value / base) * 100) / 100;
const ratio = (value: number) => `${value.toFixed(2)}x`;

/** The member of a run's figures that `matches`; a figure the run lacks is an error, never a goal met. */
function figureOf<T>(figures: readonly T[], matches: (figure: T) => boolean, what: string): T {
  const figure = figures.find(matches);
  if (figure === undefined) throw new Error(`the run has no figures for ${what}`);
  return figure;
}

/** Each goal with this run's figures and whether they meet it. */
export function goalStatuses(run: RunFigures): GoalStatus[] {
  const perCall = (mode: "loopback" | "stub", inFlight: number, atMost: number, goal: string): GoalStatus => {
    const scenario = figureOf(
      run.calls,
      (figures) => figures.mode === mode && figures.inFlight === inFlight,
      `${mode} calls at ${inFlight} in flight`,
    );
    const perCallUs = (name: string) =>
      figureOf(scenario.contenders, (contender) => contender.name === name, `${name} (${mode}, ${inFlight} in flight)`)
        .perCallUs;
    const base = perCallUs("openapi-fetch");
    const ratios = [ratioOf(perCallUs("orgkit organizations.get"), base), ratioOf(perCallUs("orgkit raw.GET"), base)];
    return {
      goal,
      bar: `≤ ${ratio(atMost)} openapi-fetch`,
      figure: ratios.map(ratio).join(" / "),
      met: ratios.every((value) => value <= atMost),
    };
  };
  const gzipped = (budget: Budget) =>
    figureOf(run.bundles, (bundle) => bundle.budget === budget, `the ${budget} bundle`).gzipped;
  const importMs = (name: string) =>
    figureOf(run.coldStarts, (contender) => contender.name === name, `importing ${name}`).importMs;
  const oneClient = [gzipped("blynkClient"), gzipped("recruboClient")];
  const coldImport = ratioOf(importMs("orgkit"), importMs("openapi-fetch"));

  return [
    perCall("loopback", 1, goals.perCallOverLoopback, "Per call over loopback, 1 in flight (facade / `raw`)"),
    perCall("loopback", 16, goals.perCallOverLoopback, "Per call over loopback, 16 in flight (facade / `raw`)"),
    perCall("stub", 1, goals.perCallWithStub, "Per call with a stub fetch, 1 in flight (facade / `raw`)"),
    perCall("stub", 16, goals.perCallWithStub, "Per call with a stub fetch, 16 in flight (facade / `raw`)"),
    {
      goal: "One client, min+gzip with openapi-fetch (Blynk / Recrubo)",
      bar: `≤ ${kB(goals.oneClientBytes)}`,
      figure: oneClient.map(kB).join(" / "),
      met: oneClient.every((bytes) => bytes <= goals.oneClientBytes),
    },
    {
      goal: "Both clients, min+gzip",
      bar: `≤ ${kB(goals.bothClientsBytes)}`,
      figure: kB(gzipped("bothClients")),
      met: gzipped("bothClients") <= goals.bothClientsBytes,
    },
    {
      goal: "Cold import",
      bar: `≤ ${ratio(goals.coldImport)} openapi-fetch`,
      figure: ratio(coldImport),
      met: coldImport <= goals.coldImport,
    },
    ...goals.pagingSpeedup.map(({ concurrency, atLeast }) => {
      const paging = figureOf(
        run.paging,
        (figures) => figures.concurrency === concurrency,
        `paging at concurrency ${concurrency}`,
      );
      return {
        goal: `Paging, concurrency ${concurrency} (openapi-fetch by hand, for reference)`,
        bar: `≥ ${ratio(atLeast)} sequential`,
        figure: `${ratio(paging.speedup)} (${ratio(paging.openapiFetch.speedup)})`,
        met: paging.speedup >= atLeast,
      };
    }),
    {
      goal: "Heap over 1,000,000 items",
      bar: `flat (≤ ${run.memory.growthLimitMb} MB growth)`,
      figure: `${run.memory.growthMb >= 0 ? "+" : ""}${run.memory.growthMb} MB`,
      met: run.memory.flat,
    },
  ];
}

export function goalsTable(statuses: GoalStatus[]): string {
  return [
    "| goal | bar | this run | met |",
    "|---|---|---:|:---:|",
    ...statuses.map(
      (status) => `| ${status.goal} | ${status.bar} | ${status.figure} | ${status.met ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
}
