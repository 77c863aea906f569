// The performance goals orgkit set itself, and which of them one run of `npm run bench` meets.
// Each goal that is a time is a ratio against a reference measured in the same run (bare
// openapi-fetch, @octokit/core, the same prefetch written by hand), since a slower or busier
// machine slows the reference as well. The ratio is taken round by round, orgkit's figure over the
// reference's in the same round, and the goal judges the median of those ratios; the table prints
// it with the spread of the rounds. Times are printed, never asserted (they move with the machine);
// this table says of each run where orgkit stands, so that a change that helps or hurts a goal
// shows in the README and the CI log rather than in a paragraph written by hand.
//
// Measured and printed, but not goals: the per-call scenarios with a stub fetch, which leave out
// the I/O every real call has and so show where the client's CPU goes rather than what a call
// costs, and the cold import, which follows the bytes of the bundle that the size budgets bound.
import { budgets } from "./size.js";
import { median, plusMinus, ratiosByRound, spread } from "./stats.js";

type Budget = keyof typeof budgets;

/** The bars. */
export const goals = {
  /**
   * orgkit's facade and `raw` over loopback with pacing off, at 1 and at 16 calls in flight: per
   * call, at most this times bare openapi-fetch (in a quiet run), and never above @octokit/core's
   * ratio to openapi-fetch in the same run.
   */
  perCallOverLoopback: { inFlight: [1, 16], atMost: 1.1 },
  /** Paging: orgkit's speed-up over sequential, at least this share of the hand-written prefetch's. */
  pagingAgainstByHand: { concurrencies: [4, 8], atLeast: 0.95 },
} as const;

/** orgkit's contenders in the per-call scenarios, each held to the per-call goal. */
const orgkitContenders = ["orgkit organizations.get", "orgkit raw.GET"];

/** What each size budget in `size.ts` bounds, as the goals table names it. */
const bundleNames: Record<Budget, string> = {
  blynkClient: "One client, Blynk",
  recruboClient: "One client, Recrubo",
  bothClients: "Both clients",
};

export interface CallFigures {
  mode: "loopback" | "stub";
  inFlight: number;
  /** Each contender's wall time per call, round by round, in the order the rounds ran. */
  contenders: ReadonlyArray<{ name: string; roundsUs: readonly number[] }>;
}

export interface PagingFigures {
  concurrency: number;
  /** Speed-ups over the same round's sequential read, orgkit's and the hand-written prefetch's. */
  rounds: ReadonlyArray<{ speedup: number; openapiFetch: { speedup: number } }>;
}

/** What a run measured, as far as the goals need it. */
export interface RunFigures {
  calls: readonly CallFigures[];
  paging: readonly PagingFigures[];
  memory: { growthMb: number; growthLimitMb: number; flat: boolean };
  bundles: ReadonlyArray<{ budget?: Budget; gzipped: number }>;
}

export interface GoalStatus {
  goal: string;
  bar: string;
  /** This run's figures, in words. */
  figure: string;
  met: boolean;
}

/** A ratio over rounds: the median, to two decimals as it is printed and judged, and the spread. */
export interface RatioOverRounds {
  median: number;
  spread: number;
}

export function ratioOverRounds(ratios: readonly number[]): RatioOverRounds {
  return { median: Math.round(median(ratios) * 100) / 100, spread: spread(ratios) };
}

const ratio = (value: number) => `${value.toFixed(2)}x`;
export const printRatio = ({ median, spread }: RatioOverRounds) => `${ratio(median)} ${plusMinus(spread)}`;
const bytes = (count: number) => `${count.toLocaleString("en")} B`;

/** The member of a run's figures that `matches`; a figure the run lacks is an error, never a goal met. */
function figureOf<T>(figures: readonly T[], matches: (figure: T) => boolean, what: string): T {
  const figure = figures.find(matches);
  if (figure === undefined) throw new Error(`the run has no figures for ${what}`);
  return figure;
}

/** `name`'s time per call over `base`'s, round by round, in one scenario. */
export function perCallRatios(scenario: CallFigures, name: string, base: string): number[] {
  const roundsUs = (contender: string) =>
    figureOf(
      scenario.contenders,
      (figures) => figures.name === contender,
      `${contender} (${scenario.mode}, ${scenario.inFlight} in flight)`,
    ).roundsUs;
  return ratiosByRound(roundsUs(name), roundsUs(base));
}

/** orgkit's speed-up over the hand-written prefetch's, round by round, at one concurrency. */
export function pagingRatios(paging: PagingFigures): number[] {
  return ratiosByRound(
    paging.rounds.map((round) => round.speedup),
    paging.rounds.map((round) => round.openapiFetch.speedup),
  );
}

/** Each goal with this run's figures and whether they meet it. */
export function goalStatuses(run: RunFigures): GoalStatus[] {
  const { atMost } = goals.perCallOverLoopback;
  const perCall = goals.perCallOverLoopback.inFlight.flatMap((inFlight): GoalStatus[] => {
    const scenario = figureOf(
      run.calls,
      (figures) => figures.mode === "loopback" && figures.inFlight === inFlight,
      `loopback calls at ${inFlight} in flight`,
    );
    const againstOpenapiFetch = (name: string) => ratioOverRounds(perCallRatios(scenario, name, "openapi-fetch"));
    const orgkit = orgkitContenders.map(againstOpenapiFetch);
    const octokit = againstOpenapiFetch("@octokit/core");
    const scenarioName = `Per call over loopback, ${inFlight} in flight`;
    return [
      {
        goal: `${scenarioName} (facade / \`raw\`)`,
        bar: `≤ ${ratio(atMost)} openapi-fetch`,
        figure: orgkit.map(printRatio).join(" / "),
        met: orgkit.every((figure) => figure.median <= atMost),
      },
      {
        goal: `${scenarioName}, against @octokit/core (facade / \`raw\`)`,
        bar: `≤ @octokit/core's ${printRatio(octokit)}`,
        figure: orgkit.map((figure) => ratio(figure.median)).join(" / "),
        met: orgkit.every((figure) => figure.median <= octokit.median),
      },
    ];
  });

  const { atLeast } = goals.pagingAgainstByHand;
  const paging = goals.pagingAgainstByHand.concurrencies.map((concurrency): GoalStatus => {
    const figures = figureOf(
      run.paging,
      (figures) => figures.concurrency === concurrency,
      `paging at concurrency ${concurrency}`,
    );
    const speedup = ratioOverRounds(pagingRatios(figures));
    return {
      goal: `Paging at concurrency ${concurrency}, speed-up against the same prefetch by hand`,
      bar: `≥ ${ratio(atLeast)} its speed-up`,
      figure: printRatio(speedup),
      met: speedup.median >= atLeast,
    };
  });

  const sizes = (Object.keys(bundleNames) as Budget[]).map((budget): GoalStatus => {
    const { gzipped } = figureOf(run.bundles, (bundle) => bundle.budget === budget, `the ${budget} bundle`);
    return {
      goal: `${bundleNames[budget]}, min+gzip with openapi-fetch`,
      bar: `≤ ${bytes(budgets[budget])} (its budget)`,
      figure: bytes(gzipped),
      met: gzipped <= budgets[budget],
    };
  });

  return [
    ...perCall,
    ...paging,
    {
      goal: "Heap over 1,000,000 items",
      bar: `flat (≤ ${run.memory.growthLimitMb} MB growth)`,
      figure: `${run.memory.growthMb >= 0 ? "+" : ""}${run.memory.growthMb} MB`,
      met: run.memory.flat,
    },
    ...sizes,
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
