// `orgkit sandbox`: the sandbox of both APIs over HTTP on loopback, with one `export` line for
// every variable the commands read, so that any command can be tried with no account.

import { exitCodes, UsageError } from "./exit.js";
import type { Io } from "./io.js";
import { environment } from "./runtime.js";

/** A value as a POSIX shell reads it back: bare when it is plain, single-quoted otherwise. */
export const shellWord = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;

function readOptions(args: readonly string[]): { port: number; seed: number; help: boolean } {
  const options = { port: 0, seed: 1, help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--help" || arg === "-h") {
      options.help = true;
      continue;
    }
    const match = /^--(port|seed)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`orgkit sandbox takes --port N and --seed N, not ${arg}`);
    const name = match[1] as "port" | "seed";
    const value = match[2] ?? args[++index];
    if (value === undefined || !/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} takes a whole number`);
    options[name] = Number(value);
  }
  if (options.port > 65535) throw new UsageError("--port takes a port number, 0 to 65535");
  return options;
}

export async function runSandbox(io: Io, args: readonly string[]): Promise<number> {
  const { port, seed, help } = readOptions(args);
  if (help) {
    await io.stdout.write(
      "Usage: orgkit sandbox [--port N] [--seed N]\n\nServes a sandbox of both APIs on 127.0.0.1 until Ctrl-C, and prints the variables that point\nevery command at it: eval them, or paste them into another terminal.\n\n  --port N   the port (default 0: any free one)\n  --seed N   the seed of its ids and tokens (default 1): the same seed gives the same data\n",
    );
    return exitCodes.ok;
  }
  // Imported here, so that no other command loads the sandbox.
  const { startSandbox } = await import("../src/sandbox/index.js");
  const server = await startSandbox({ host: "127.0.0.1", port, seed });
  const { sandbox, url } = server;
  // The organization key is one of the sandbox's own organizations' tokens.
  const organizationKey = sandbox.recrubo.organizations()[0]?.token;
  const variables: Array<[string, string | undefined]> = [
    [environment.recrubo.baseUrl, url],
    [environment.recrubo.partnerKey, sandbox.credentials.recrubo.apiKey],
    [environment.recrubo.organizationKey, organizationKey],
    [environment.blynk.baseUrl, url],
    [environment.blynk.clientId, sandbox.credentials.blynk.clientId],
    [environment.blynk.clientSecret, sandbox.credentials.blynk.clientSecret],
  ];
  await io.stdout.write(
    [
      `# orgkit sandbox on ${url} (Ctrl-C stops it); its data lives in memory and goes with it.`,
      ...variables.filter(([, value]) => value).map(([name, value]) => `export ${name}=${shellWord(value!)}`),
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  await io.stderr.write("orgkit sandbox: stopped\n");
  return exitCodes.ok;
}
