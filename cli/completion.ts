// `orgkit completion bash|zsh|fish`: completion scripts written from the same commands as the
// command line, so that a command added to the spec completes after `npm run generate`.
import { apiNames, type CliCommand, cliCommands, methodsOf, resourcesOf, type Use } from "./commands.js";
import { applies, formats, type GlobalName, globalFlags } from "./flags.js";

export const shells = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof shells)[number];

/** A word to offer, with what it is. */
interface Word {
  name: string;
  description: string;
}

interface FlagWord extends Word {
  takesValue: boolean;
  values: readonly string[];
}

/** What completes after each command path: the words at the first levels, flags at a command. */
export interface Completions {
  words: Map<string, Word[]>;
  flags: Map<string, FlagWord[]>;
}

const builtins: Word[] = [
  { name: "sandbox", description: "a local sandbox of both APIs" },
  { name: "completion", description: "a shell completion script" },
  { name: "mcp", description: "the MCP server" },
  { name: "help", description: "help on a command" },
];

function globalFlagWords(use: Use): FlagWord[] {
  return (Object.keys(globalFlags) as GlobalName[])
    .filter((name) => name !== "version" && applies(name, use))
    .map((name) => ({
      name,
      description: globalFlags[name].description,
      takesValue: globalFlags[name].type === "string",
      // --format's values complete for every command at once, in each shell's script.
      values: [],
    }));
}

function commandFlags(each: CliCommand): FlagWord[] {
  const fields = each.flags.map((flag) => {
    const enumeration = (flag.schema["enum"] ??
      (flag.schema["items"] as Record<string, unknown> | undefined)?.["enum"]) as unknown[] | undefined;
    return {
      name: flag.name,
      description: typeof flag.schema["description"] === "string" ? flag.schema["description"] : flag.type,
      takesValue: flag.type !== "boolean",
      // Values with spaces would need quoting in every shell; those are typed, not completed.
      values: (enumeration ?? []).map(String).filter((value) => !/\s/.test(value)),
    };
  });
  return [...fields, ...globalFlagWords(each.use)];
}

export function completions(): Completions {
  const words = new Map<string, Word[]>();
  const flags = new Map<string, FlagWord[]>();
  words.set("", [...apiNames.map((api) => ({ name: api, description: `the ${api} API` })), ...builtins]);
  words.set(
    "completion",
    shells.map((shell) => ({ name: shell, description: `the ${shell} script` })),
  );
  flags.set("sandbox", [
    { name: "port", description: "the port to listen on (0: any free one)", takesValue: true, values: [] },
    { name: "seed", description: "the seed of the sandbox's data", takesValue: true, values: [] },
  ]);
  for (const api of apiNames) {
    words.set(
      api,
      resourcesOf(api).map((resource) => ({ name: resource, description: `${api} ${resource}` })),
    );
    for (const resource of resourcesOf(api)) {
      words.set(
        `${api} ${resource}`,
        methodsOf(api, resource).map((each) => ({ name: each.method, description: each.summary })),
      );
    }
  }
  for (const each of cliCommands) flags.set(`${each.api} ${each.resource} ${each.method}`, commandFlags(each));
  return { words, flags };
}

/** One line of text, safe inside single quotes in every shell. */
const single = (text: string) => `'${text.replace(/\s+/g, " ").replaceAll("'", "'\\''")}'`;
const short = (text: string) => {
  const line = text.replace(/\s+/g, " ").replace(/\*\*/g, "").trim();
  const sentence = /^(.*?\.)(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > 70 ? `${sentence.slice(0, 69)}…` : sentence;
};

/** Flags whose next word is their value, so that it is not taken for a command word. */
function valueFlags(table: Completions): string[] {
  const names = new Set<string>();
  for (const list of table.flags.values()) for (const flag of list) if (flag.takesValue) names.add(flag.name);
  for (const name of Object.keys(globalFlags) as GlobalName[]) if (globalFlags[name].type === "string") names.add(name);
  return [...names].sort();
}

export function completionScript(shell: Shell): string {
  const table = completions();
  return shell === "bash" ? bash(table) : shell === "zsh" ? zsh(table) : fish(table);
}

// The shells share one walk: the command words typed so far (at most three), skipping flags and
// the values of flags that take one, give the path whose words or flags complete.
function bash(table: Completions): string {
  const cases: string[] = [];
  for (const [path, words] of table.words)
    cases.push(`    ${single(path)}) words=${single(words.map((word) => word.name).join(" "))} ;;`);
  for (const [path, flags] of table.flags)
    cases.push(`    ${single(path)}) words=${single(flags.map((flag) => `--${flag.name}`).join(" "))} ;;`);
  const values: string[] = [];
  for (const [path, flags] of table.flags)
    for (const flag of flags)
      if (flag.values.length > 0)
        values.push(`    ${single(`${path}|--${flag.name}`)}) words=${single(flag.values.join(" "))} ;;`);
  return `# orgkit completion for bash: eval "$(orgkit completion bash)", or save it in your bash-completion directory.
_orgkit() {
  local cur prev path="" count=0 i w words=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local value_flags=${single(
    ` ${valueFlags(table)
      .map((name) => `--${name}`)
      .join(" ")} `,
  )}
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ $w == -* ]]; then
      [[ $w != *=* && $value_flags == *" $w "* ]] && ((i++))
      continue
    fi
    if ((count < 3)); then path="\${path:+$path }$w"; count=$((count + 1)); fi
  done
  case "$path|$prev" in
${values.join("\n")}
    *'|--format') words=${single(formats.join(" "))} ;;
  esac
  if [[ -z $words ]]; then
    case "$path" in
${cases.join("\n")}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _orgkit orgkit
`;
}

function zsh(table: Completions): string {
  const entries = (items: ReadonlyArray<{ name: string; description: string }>, prefix = "") =>
    items.map((item) => single(`${prefix}${item.name.replaceAll(":", "\\:")}:${short(item.description)}`)).join(" ");
  const cases: string[] = [];
  for (const [path, words] of table.words) cases.push(`    ${single(path)}) items=(${entries(words)}) ;;`);
  for (const [path, flags] of table.flags) cases.push(`    ${single(path)}) items=(${entries(flags, "--")}) ;;`);
  const values: string[] = [];
  for (const [path, flags] of table.flags)
    for (const flag of flags)
      if (flag.values.length > 0)
        values.push(
          `    ${single(`${path}|--${flag.name}`)}) compadd -- ${flag.values.map(single).join(" ")}; return ;;`,
        );
  return `#compdef orgkit
# orgkit completion for zsh: eval "$(orgkit completion zsh)", or save it as _orgkit in your $fpath.
_orgkit() {
  local path_="" count=0 i w prev="\${words[CURRENT-1]}"
  local -a items
  local value_flags=${single(
    ` ${valueFlags(table)
      .map((name) => `--${name}`)
      .join(" ")} `,
  )}
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if [[ $w == -* ]]; then
      [[ $w != *=* && $value_flags == *" $w "* ]] && ((i++))
      continue
    fi
    if ((count < 3)); then path_="\${path_:+$path_ }$w"; count=$((count + 1)); fi
  done
  case "$path_|$prev" in
${values.join("\n")}
    *'|--format') compadd -- ${formats.join(" ")}; return ;;
  esac
  case "$path_" in
${cases.join("\n")}
  esac
  (( \${#items} )) && _describe 'orgkit' items
}
compdef _orgkit orgkit
`;
}

function fish(table: Completions): string {
  const lines = [
    "# orgkit completion for fish: orgkit completion fish > ~/.config/fish/completions/orgkit.fish",
    "function __orgkit_path",
    "    set -l tokens (commandline -opc)",
    "    set -l path",
    "    set -l skip 0",
    `    set -l value_flags ${valueFlags(table)
      .map((name) => `--${name}`)
      .join(" ")}`,
    "    for token in $tokens[2..-1]",
    "        if test $skip = 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        if string match -q -- '-*' $token",
    "            if not string match -q -- '*=*' $token; and contains -- $token $value_flags",
    "                set skip 1",
    "            end",
    "            continue",
    "        end",
    "        if test (count $path) -lt 3",
    "            set -a path $token",
    "        end",
    "    end",
    '    echo "$path"',
    "end",
    "complete -c orgkit -f",
    `complete -c orgkit -l format -x -a ${single(formats.join(" "))}`,
  ];
  for (const [path, words] of table.words)
    for (const word of words)
      lines.push(
        `complete -c orgkit -n 'test (__orgkit_path) = "${path}"' -a ${single(word.name)} -d ${single(short(word.description))}`,
      );
  for (const [path, flags] of table.flags)
    for (const flag of flags)
      lines.push(
        `complete -c orgkit -n 'test (__orgkit_path) = "${path}"' -l ${single(flag.name)}${
          flag.values.length > 0 ? ` -x -a ${single(flag.values.join(" "))}` : flag.takesValue ? " -r" : ""
        } -d ${single(short(flag.description))}`,
      );
  return `${lines.join("\n")}\n`;
}
