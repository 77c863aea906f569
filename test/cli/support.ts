// What the command line's end-to-end tests share: the built CLI run as a child process, and the HTTP
// sandbox on loopback with every request it sees recorded.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox, type SandboxOptions, startSandbox } from "orgkit/sandbox";
import { environment } from "../../cli/runtime.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** What one run of the CLI did. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Readonly<Record<string, string | undefined>>;
  stdin?: string;
  /** Called with the child once it runs (to send it a signal). */
  started?: (child: ReturnType<typeof spawn>) => void;
}

/**
 * Runs `orgkit ...args` as users run it, the built bin (`node dist/cli.js`, built by
 * test/global-setup.ts when stale), with only the variables given (and PATH): a developer's own
 * ORGKIT_LOG or credentials never reach it.
 */
export function orgkit(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return runNode(["dist/cli.js", ...args], options);
}

export function runNode(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env["PATH"], ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
    options.started?.(child);
  });
}

/** The HTTP sandbox on loopback, the requests it answered, and the variables that point the CLI at it. */
export interface CliSandbox {
  url: string;
  sandbox: Sandbox;
  /** `METHOD path?query` of every request the sandbox was sent, oldest first. */
  requests: string[];
  env: Record<string, string>;
  /** Every credential value the CLI was given or the sandbox issued so far: none may reach stderr. */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startCliSandbox(options: SandboxOptions = {}): Promise<CliSandbox> {
  const sandbox = createSandbox(options);
  const requests: string[] = [];
  const answer = sandbox.answer.bind(sandbox);
  sandbox.answer = (request) => {
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    return answer(request);
  };
  const server = await startSandbox({ sandbox });
  const organizationKey = sandbox.recrubo.organizations()[0]!.token;
  const env = {
    [environment.recrubo.baseUrl]: server.url,
    [environment.recrubo.partnerKey]: sandbox.credentials.recrubo.apiKey,
    [environment.recrubo.organizationKey]: organizationKey,
    [environment.blynk.baseUrl]: server.url,
    [environment.blynk.clientId]: sandbox.credentials.blynk.clientId,
    [environment.blynk.clientSecret]: sandbox.credentials.blynk.clientSecret,
  };
  return {
    url: server.url,
    sandbox,
    requests,
    env,
    secrets: () => [
      sandbox.credentials.recrubo.apiKey,
      sandbox.credentials.blynk.clientSecret,
      ...sandbox.recrubo.organizations().map((record) => record.token),
      ...sandbox.recrubo
        .organizations()
        .map((record) => record.webhookSecret)
        .filter((secret): secret is string => secret !== null),
    ],
    close: () => server.close(),
  };
}

/** The lines of NDJSON output, parsed. */
export function ndjson(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** What one in-process run of the CLI wrote, and the exit code. */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: Readonly<Record<string, string | undefined>>;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  columns?: number;
  stdin?: string;
  files?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Called with each chunk as it is written to stdout. */
  onStdout?: (chunk: string) => void;
}

/**
 * Runs the CLI in this process with a terminal or pipes of the test's choosing: for what depends on
 * a TTY (the default table, the progress line), which a child process with pipes cannot show.
 */
export async function orgkitInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<InProcessRun> {
  const { runCli } = await import("../../cli/cli.js");
  let stdout = "";
  let stderr = "";
  let clock = 0;
  const code = await runCli({
    argv,
    env: options.env ?? {},
    stdout: {
      isTTY: options.stdoutTTY ?? false,
      columns: options.stdoutTTY ? (options.columns ?? 100) : undefined,
      write: async (text) => {
        stdout += text;
        options.onStdout?.(text);
      },
    },
    stderr: {
      isTTY: options.stderrTTY ?? false,
      columns: options.stderrTTY ? (options.columns ?? 100) : undefined,
      write: async (text) => {
        stderr += text;
      },
    },
    signal: options.signal ?? new AbortController().signal,
    // The files given, then the disk's (an import's journal is written beside its file).
    readFile: async (path) => options.files?.[path] ?? readFile(path, "utf8"),
    readStdin: async () => options.stdin ?? "",
    // A clock that moves a second per reading: the progress line is drawn at every update.
    now: () => (clock += 1000),
  });
  return { code, stdout, stderr };
}
