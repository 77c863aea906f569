// An import killed with SIGKILL at chosen points and rerun after each kill, then run to its end: what
// the CLI's kill test and `npm run soak` share. Half the kills land as a create request reaches the
// server (before or after it creates the row: the connection drops either way, so the outcome is
// unknown to the CLI), half at a random time after the run's first create (writing the journal,
// between rows, a request in flight). The caller judges the sandbox's state.
import type { ChildProcess } from "node:child_process";
import fc from "fast-check";
import type { Sandbox } from "../../src/sandbox/index.js";

/** What one run of the CLI did. */
export interface KilledRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KillPlan {
  /** Runs `orgkit ...args`, handing over the child once it starts. */
  run(started: (child: ChildProcess) => void): Promise<KilledRun>;
  /** The sandbox the CLI talks to, whose create requests trigger half the kills. */
  sandbox: Sandbox;
  /** Whether a request is a create of the import. */
  isCreate(request: Request): boolean;
  kills: number;
  seed: number;
  /** The most create requests a run makes before its kill, and the latest time of a timed kill after its first. */
  maxRequests: number;
  maxMs: number;
}

export interface KillFigures {
  runs: KilledRun[];
  /** The last run, after the kills: it must finish the import. */
  last: KilledRun;
  killed: number;
  /** Rows whose outcome a kill left unknown and a rerun found created, by lookup. */
  found: number;
}

export async function killAndRerun(plan: KillPlan): Promise<KillFigures> {
  const points = fc.sample(
    fc.tuple(fc.integer({ min: 1, max: plan.maxRequests }), fc.integer({ min: 0, max: plan.maxMs }), fc.boolean()),
    { seed: plan.seed, numRuns: plan.kills },
  );
  const { sandbox } = plan;
  const answer = sandbox.answer.bind(sandbox);
  let onCreate: (() => Promise<void>) | undefined;
  sandbox.answer = async (request: Request) => {
    if (onCreate && plan.isCreate(request)) await onCreate();
    return answer(request);
  };
  const runs: KilledRun[] = [];
  try {
    for (const [index, [requests, afterMs, beforeServer]] of points.entries()) {
      let kill = () => {};
      let seen = 0;
      const byRequest = index % 2 === 0;
      onCreate = async () => {
        if (++seen === 1 && !byRequest) setTimeout(() => kill(), afterMs).unref();
        if (!byRequest || seen !== requests) return;
        kill();
        // Killed before the server creates the row, or after: the CLI cannot tell which.
        if (!beforeServer) await new Promise((resolve) => setTimeout(resolve, 5));
      };
      const run = await plan.run((child) => {
        kill = () => child.kill("SIGKILL");
      });
      runs.push(run);
      if (run.code === 0) break;
    }
  } finally {
    onCreate = undefined;
    sandbox.answer = answer;
  }
  const last = await plan.run(() => {});
  return {
    runs,
    last,
    killed: runs.filter((run) => run.signal === "SIGKILL").length,
    found: [...runs, last].reduce((sum, run) => sum + outcomes(run).filter((outcome) => outcome === "found").length, 0),
  };
}

/** The outcomes a run printed on its complete lines (NDJSON). */
export function outcomes(run: KilledRun): string[] {
  const complete = run.stdout.slice(0, run.stdout.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { outcome: string }).outcome);
}
