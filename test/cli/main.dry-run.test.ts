// --dry-run prints the request the command would send and sends nothing at all: not the request,
// not a token request. Validation still runs first. Every generated command, from its fields'
// examples, so that a new one is covered (or names the field its spec gives no example for).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliCommand, cliCommands } from "../../cli/commands.js";
import { exitCodes } from "../../cli/exit.js";
import { type CliSandbox, orgkit, orgkitInProcess, startCliSandbox } from "./support.js";

let target: CliSandbox;
beforeAll(async () => {
  target = await startCliSandbox();
});
afterAll(() => target.close());

/**
 * The command's arguments from its schema: positionals, required flags and the options argument's
 * fields, each its first example, else its first enum member, else a plain value of its type.
 */
function exampleArguments(each: CliCommand): string[] {
  const example = (flag: CliCommand["flags"][number]) => {
    const schema = { ...(flag.schema["allOf"] as Array<Record<string, unknown>> | undefined)?.[0], ...flag.schema };
    const given = (schema["examples"] as unknown[] | undefined)?.[0] ?? (schema["enum"] as unknown[] | undefined)?.[0];
    if (given !== undefined) return String(given);
    if (flag.type === "string" && !schema["format"] && !schema["pattern"]) return "acme";
    if (flag.type === "integer") return String(schema["minimum"] ?? 1);
    throw new Error(`${each.command.name}: the spec gives ${flag.name} no example to try`);
  };
  const positional = new Set(each.positionals.map((flag) => flag.name));
  const flags = each.flags.filter(
    (flag) => !positional.has(flag.name) && (flag.required || each.command.options.includes(flag.name)),
  );
  return [...each.positionals.map(example), ...flags.flatMap((flag) => [`--${flag.name}`, example(flag)])];
}

describe("--dry-run", () => {
  const calls = cliCommands.filter((each) => each.use !== "import");
  test.each(calls.map((each) => [`${each.api} ${each.resource} ${each.method}`, each] as const))(
    "%s prints its request and sends nothing",
    async (_name, each) => {
      const { code, stdout } = await orgkitInProcess(
        [each.api, each.resource, each.method, ...exampleArguments(each), "--dry-run", "--format", "json"],
        { env: target.env },
      );
      expect(code).toBe(exitCodes.ok);
      const request = JSON.parse(stdout) as { method: string; url: string; headers: Record<string, string> };
      const path = new RegExp(`^${each.command.http.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      expect(request.method).toBe(each.command.http.method);
      expect(new URL(request.url).origin).toBe(target.url);
      expect(new URL(request.url).pathname).toMatch(path);
      expect(request.headers["authorization"]).toBe("Bearer [REDACTED]");
      expect(target.requests).toEqual([]);
    },
  );

  test("from the command line: the request as HTTP, the body's secret masked, the sandbox sent nothing", async () => {
    const secret = "whsec_dry_run_0123456789";
    const recrubo = await orgkit(
      [
        "recrubo",
        "organizations",
        "create",
        "--name",
        "Acme",
        "--webhookUrl",
        "https://hooks.example.com/x",
        "--webhookSecret",
        secret,
        "--dry-run",
        "--format",
        "table",
      ],
      { env: target.env },
    );
    expect(recrubo.code).toBe(0);
    expect(recrubo.stdout.split("\n")[0]).toBe(`POST ${target.url}/public/v2/management/organizations/`);
    expect(recrubo.stdout).toContain("\nauthorization: Bearer [REDACTED]\n");
    expect(recrubo.stdout).toContain('"webhookSecret": "[REDACTED]"');
    for (const value of [secret, ...target.secrets()]) expect(recrubo.stdout + recrubo.stderr).not.toContain(value);

    // Blynk's client credentials are in the environment: a real run would ask for a token first.
    const blynk = await orgkit(
      ["blynk", "organizations", "search", "--query", "acme", "--all", "--size", "10", "--dry-run"],
      { env: target.env },
    );
    expect(blynk.code).toBe(0);
    expect(JSON.parse(blynk.stdout)).toMatchObject({
      method: "GET",
      url: `${target.url}/api/v1/organization/search?query=acme&size=10&page=0`,
    });
    expect(target.requests).toEqual([]);
  });

  test("validation still runs: a bad value exits 2 and prints no request", async () => {
    const run = await orgkitInProcess(["blynk", "organizations", "get", "0", "--dry-run"], { env: target.env });
    expect(run).toEqual({
      code: exitCodes.usage,
      stdout: "",
      stderr: "orgkit: invalid argument, nothing was sent: <orgId> [minimum] must be at least 1\n",
    });
    expect(target.requests).toEqual([]);
  });

  test("an import has no dry run: its --validate-only checks every row and sends nothing", async () => {
    const run = await orgkitInProcess(["blynk", "organizations", "import", "rows.csv", "--dry-run"], {
      env: target.env,
    });
    expect(run).toEqual({
      code: exitCodes.usage,
      stdout: "",
      stderr: "orgkit: --dry-run does not apply to blynk organizations import\n",
    });
    expect(target.requests).toEqual([]);
  });

  test("needs no credentials", async () => {
    const run = await orgkitInProcess([
      "recrubo",
      "organizations",
      "get",
      "6e6816eb-fc1d-42bd-bb00-eff973ad207d",
      "--dry-run",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      method: "GET",
      url: "https://api.recrubo.app/public/v2/management/organizations/6e6816eb-fc1d-42bd-bb00-eff973ad207d",
    });
  });
});
