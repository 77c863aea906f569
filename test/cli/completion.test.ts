// The completion scripts, run by the shells themselves: bash always (CI has it), zsh and fish where
// installed. Each completes from the same commands as the command line.
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliCommands, methodsOf } from "../../cli/commands.js";
import { completionScript, completions } from "../../cli/completion.js";
import { orgkitInProcess } from "./support.js";

const exec = promisify(execFile);
const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "orgkit-completion-"));
  for (const shell of ["bash", "zsh", "fish"] as const)
    await writeFile(join(directory, `orgkit.${shell}`), completionScript(shell));
});
afterAll(() => rm(directory, { recursive: true }));

/** The words bash offers for a command line, the last word being completed. */
async function bash(line: string): Promise<string[]> {
  const script = `source ${join(directory, "orgkit.bash")}
read -ra COMP_WORDS <<< "$LINE"; [[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _orgkit; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await exec("bash", ["-c", script], { env: { LINE: line } });
  return stdout.split("\n").filter(Boolean);
}

describe("completion", () => {
  test("orgkit completion <shell> prints the script; another shell is refused with the closest", async () => {
    expect((await orgkitInProcess(["completion", "bash"])).stdout).toBe(completionScript("bash"));
    expect(await orgkitInProcess(["completion", "bsh"])).toMatchObject({
      code: 2,
      stderr: "orgkit: no completion for bsh: bash, zsh, fish (did you mean bash or zsh?)\n",
    });
  });

  test("every command's flags are in the table, from its fields", () => {
    const { flags } = completions();
    for (const each of cliCommands) {
      const names = flags.get(`${each.api} ${each.resource} ${each.method}`)!.map((flag) => flag.name);
      expect(names).toEqual(expect.arrayContaining(each.flags.map((flag) => flag.name)));
    }
  });

  test("bash completes commands, resources, methods, flags and enum values", async () => {
    expect(await bash("orgkit ")).toEqual(["recrubo", "blynk", "sandbox", "completion", "mcp", "help"]);
    expect(await bash("orgkit blynk organizations ")).toEqual(
      methodsOf("blynk", "organizations").map((each) => each.method),
    );
    expect(await bash("orgkit recrubo organizations re")).toEqual(["refresh-token"]);
    expect(await bash("orgkit recrubo organizations list --page.")).toEqual(["--page.number", "--page.size"]);
    expect(await bash("orgkit blynk organizations search --sortOrder ")).toEqual(["ASC", "DESC"]);
    // A flag's value is not taken for a command word.
    expect(await bash("orgkit --format json blynk o")).toEqual(["organizations"]);
    expect(await bash("orgkit blynk organizations get --format ")).toEqual(["json", "ndjson", "csv", "table"]);
  });

  test.runIf(has("zsh"))("zsh completes the same, with summaries", async () => {
    const script = `compdef(){}; _describe(){ print -l \${(P)2}; }; compadd(){ shift; print -l -- "$@"; }
source ${join(directory, "orgkit.zsh")}
words=(orgkit blynk organizations se); CURRENT=4; _orgkit
words=(orgkit blynk organizations search --sortOrder ""); CURRENT=6; _orgkit`;
    const { stdout } = await exec("zsh", ["-c", script]);
    expect(stdout).toContain("search:Search organizations\n");
    expect(stdout.trimEnd().split("\n").slice(-2)).toEqual(["ASC", "DESC"]);
  });

  test.runIf(has("fish"))("fish completes the same, with summaries", async () => {
    const script = `source ${join(directory, "orgkit.fish")}
complete -C "orgkit blynk organizations se"; complete -C "orgkit recrubo organizations list --format "`;
    const { stdout } = await exec("fish", ["-c", script]);
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      "search\tSearch organizations",
      "csv",
      "json",
      "ndjson",
      "table",
    ]);
  });
});
