// One per-call scenario in its own process (argv: `loopback` or `stub`, then the calls in flight):
// every contender makes the same call over and over, in interleaved rounds so that a busy moment
// of the machine falls on all of them alike. Prints { contenders: [{ name, perCallUs, ... }] }, each
// contender's time per call in every round too, so that a ratio can be taken round by round.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type * as Orgkit from "orgkit";
import { median, spread } from "../stats.js";
import { type Contender, contenders } from "./contenders.js";
import { stubFetch } from "./fixture.js";

const [mode, inFlightArgument, callsArgument] = process.argv.slice(2);
if (mode !== "loopback" && mode !== "stub")
  throw new Error("usage: scenario.ts loopback|stub <in flight> [calls per contender]");
const inFlight = Number(inFlightArgument);
const callsPerContender = Number(callsArgument ?? 20_000);
const rounds = 20;
const callsPerRound = Math.ceil(callsPerContender / rounds);

const orgkit = (await import(new URL("../../dist/index.js", import.meta.url).href)) as typeof Orgkit;
const server = mode === "loopback" ? await startServer() : undefined;
const baseUrl = server ? `http://127.0.0.1:${server.port}` : "http://127.0.0.1:9";
const list = contenders(orgkit, baseUrl, mode === "stub" ? stubFetch : undefined);

/** Runs `calls` calls, `inFlight` at a time; resolves with the wall and CPU time they took. */
async function run(contender: Contender, calls: number): Promise<{ wallUs: number; cpuUs: number }> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await contender.call();
    }
  };
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wallUs = Number(process.hrtime.bigint() - wall) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { wallUs, cpuUs: user + system };
}

// Warm-up: every contender's code is compiled and its connections open before anything counts.
for (const contender of list) await run(contender, Math.min(2000, callsPerRound));

const samples = new Map(list.map((contender) => [contender.name, { wall: [] as number[], cpu: [] as number[] }]));
for (let round = 0; round < rounds; round++) {
  // A different contender goes first each round.
  const order = list.map((_, index) => list[(index + round) % list.length]!);
  for (const contender of order) {
    globalThis.gc?.();
    const { wallUs, cpuUs } = await run(contender, callsPerRound);
    samples.get(contender.name)!.wall.push(wallUs / callsPerRound);
    samples.get(contender.name)!.cpu.push(cpuUs / callsPerRound);
  }
}
server?.child.kill();

const round2 = (value: number) => Math.round(value * 100) / 100;
console.log(
  JSON.stringify({
    mode,
    inFlight,
    callsPerContender: callsPerRound * rounds,
    rounds,
    contenders: list.map(({ name }) => {
      const { wall, cpu } = samples.get(name)!;
      return {
        name,
        perCallUs: round2(median(wall)),
        spread: round2(spread(wall)),
        cpuPerCallUs: round2(median(cpu)),
        // Wall time per call in each round, in the order the rounds ran.
        roundsUs: wall.map(round2),
      };
    }),
  }),
);

async function startServer(): Promise<{ port: number; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./server.ts", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  return { port: Number(line.toString().trim()), child };
}
