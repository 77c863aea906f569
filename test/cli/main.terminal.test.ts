// The command line in a real terminal, under tmux: --all draws its progress line where stderr is a
// terminal and nothing where it is piped, and Ctrl-C stops it with exit code 130 and the output
// ending on a complete line. Skipped, saying so, where tmux is not installed (.ci/run installs it).
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exitCodes } from "../../cli/exit.js";
import { type CliSandbox, ndjson, root, startCliSandbox } from "./support.js";

const hasTmux = spawnSync("sh", ["-c", "command -v tmux"]).status === 0;
const socket = `orgkit-cli-test-${process.pid}`;
const tmux = (...args: string[]) => {
  const result = spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
};
const organizations = 2000;

let target: CliSandbox;
let directory: string;
beforeAll(async () => {
  if (!hasTmux) return;
  target = await startCliSandbox({ blynk: { organizations } });
  directory = await mkdtemp(join(tmpdir(), "orgkit-terminal-"));
});
afterAll(async () => {
  if (!hasTmux) return;
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  await target.close();
  await rm(directory, { recursive: true });
});

/** Waits until `check` holds, polling; the test's own time limit ends a wait that never does. */
async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `orgkit ...args` in a new tmux window (a terminal 120 columns wide), with `redirect` after
 * it; its exit code lands in `<name>.exit`, and the window stays open to be read.
 */
async function inTerminal(name: string, args: readonly string[], redirect: string): Promise<{ exit: string }> {
  const env = Object.entries(target.env)
    .map(([key, value]) => `${key}='${value}'`)
    .join(" ");
  const exit = join(directory, `${name}.exit`);
  const script = join(directory, `${name}.sh`);
  // bash goes on after a child that handles Ctrl-C itself, so the exit code is written.
  await writeFile(
    script,
    `cd '${root}'\nenv ${env} '${process.execPath}' --import tsx cli/main.ts ${args.join(" ")} ${redirect}\necho $? > '${exit}'\nsleep 60\n`,
  );
  tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "10", `bash '${script}'`);
  return { exit };
}

const pane = (name: string) => tmux("capture-pane", "-p", "-t", name);
const exportAll = [
  "blynk",
  "organizations",
  "search",
  "--query",
  "acme",
  "--size",
  "10",
  "--all",
  "--format",
  "ndjson",
];

describe(
  hasTmux ? "in a terminal (tmux)" : "in a terminal (skipped: tmux is not installed; .ci/run installs it)",
  () => {
    test.runIf(hasTmux)(
      "progress on the terminal while the rows go to a file; Ctrl-C stops at once with 130",
      async () => {
        target.sandbox.faults.latencyMs = 10;
        const out = join(directory, "export.ndjson");
        const { exit } = await inTerminal("progress", exportAll, `> '${out}'`);
        const total = (organizations + 1).toLocaleString("en-US");
        const drawn = await until(
          () =>
            new RegExp(`orgkit: [\\d,]+ of ${total} items \\(\\d+%\\), [\\d,]+/s`).exec(pane("progress")) ?? undefined,
        );
        expect(drawn[0]).toMatch(/^orgkit: /);
        // The next page never comes: only an aborted request lets the run end.
        target.sandbox.faults.latencyMs = 60_000;
        tmux("send-keys", "-t", "progress", "C-c");
        const code = await until(() => readFile(exit, "utf8").catch(() => undefined));
        expect(Number(code.trim())).toBe(exitCodes.interrupted);
        expect(pane("progress")).toContain("orgkit: interrupted");
        const written = await readFile(out, "utf8");
        expect(written.endsWith("\n")).toBe(true);
        const rows = ndjson(written) as Array<{ id: number }>;
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.length).toBeLessThan(organizations + 1);
        expect(rows.map((row) => row.id)).toEqual(rows.map((_, index) => index + 1));
      },
    );

    test.runIf(hasTmux)("no progress when stderr is piped, from the same terminal", async () => {
      target.sandbox.faults.latencyMs = 0;
      const out = join(directory, "piped.ndjson");
      const err = join(directory, "piped.err");
      const { exit } = await inTerminal("piped", exportAll, `> '${out}' 2> '${err}'`);
      const code = await until(() => readFile(exit, "utf8").catch(() => undefined));
      expect(Number(code.trim())).toBe(exitCodes.ok);
      expect(await readFile(err, "utf8")).toBe("");
      expect(ndjson(await readFile(out, "utf8"))).toHaveLength(organizations + 1);
    });
  },
);
