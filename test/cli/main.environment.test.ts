// Where a command's credentials and fields come from (the environment, --env-file, --input,
// --sandbox), and what it logs with ORGKIT_LOG=debug or --verbose: each attempt, on stderr, masked.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exitCodes } from "../../cli/exit.js";
import { environment } from "../../cli/runtime.js";
import { type CliSandbox, orgkit, orgkitInProcess, startCliSandbox } from "./support.js";

let target: CliSandbox;
beforeAll(async () => {
  target = await startCliSandbox();
});
afterAll(() => target.close());

const baseUrls = () => ({
  [environment.recrubo.baseUrl]: target.env[environment.recrubo.baseUrl],
  [environment.blynk.baseUrl]: target.env[environment.blynk.baseUrl],
});
const envFile = (variables: Readonly<Record<string, string | undefined>>) =>
  Object.entries(variables)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");

describe("credentials", () => {
  test("--env-file gives them; the process's environment wins where both set one", async () => {
    const { [environment.recrubo.partnerKey]: key, ...rest } = target.env;
    const file = `# orgkit\nexport ${environment.recrubo.partnerKey}="${key}"\n${envFile(rest)}\n`;
    const fromFile = await orgkitInProcess(
      ["recrubo", "organizations", "list", "--env-file", ".env", "--page.size", "1"],
      {
        env: baseUrls(),
        files: { ".env": file },
      },
    );
    expect(fromFile.code).toBe(0);
    const wrongInFile = `${environment.recrubo.partnerKey}=wrong-partner-key-0123456789\n`;
    const overridden = await orgkitInProcess(
      ["recrubo", "organizations", "list", "--env-file", ".env", "--page.size", "1"],
      {
        env: target.env,
        files: { ".env": wrongInFile },
      },
    );
    expect(overridden.code).toBe(0);
  });

  test("--env-file from the command line", async () => {
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const directory = await mkdtemp(join(tmpdir(), "orgkit-cli-"));
    try {
      await writeFile(join(directory, ".env"), envFile(target.env));
      const run = await orgkit(["blynk", "organizations", "profile", "--env-file", join(directory, ".env")]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ id: 1 });
    } finally {
      await rm(directory, { recursive: true });
    }
  });

  test("an --env-file that cannot be read, or a line that is not KEY=value, is a usage error that shows no value", async () => {
    const missing = await orgkitInProcess(["blynk", "organizations", "profile", "--env-file", "nowhere.env"]);
    expect(missing).toMatchObject({
      code: exitCodes.usage,
      stderr: "orgkit: --env-file nowhere.env: cannot read it (ENOENT)\n",
    });
    const secret = "sandbox-blynk-client-secret";
    const malformed = await orgkitInProcess(["blynk", "organizations", "profile", "--env-file", ".env"], {
      files: { ".env": `BLYNK_CLIENT_ID=x\n${secret}\n` },
    });
    expect(malformed).toMatchObject({ code: exitCodes.usage, stderr: "orgkit: .env, line 2: not a KEY=value line\n" });
  });

  test("--sandbox runs against an in-process sandbox: no environment, no network", async () => {
    const before = target.requests.length;
    const run = await orgkit(["recrubo", "organization", "get", "--sandbox", "--fields", "attributes.name"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual({ attributes: { name: "Sandbox Org 001" } });
    expect(target.requests.length).toBe(before);
  });
});

describe("fields from --input", () => {
  test("a JSON object from a file or stdin; flags override its members", async () => {
    const body = JSON.stringify({ name: "Acme Input", parentId: 1, tz: "Europe/Kyiv" });
    for (const [source, options] of [
      ["org.json", { files: { "org.json": body } }],
      ["-", { stdin: body }],
    ] as const) {
      const run = await orgkitInProcess(
        [
          "blynk",
          "organizations",
          "create",
          "--input",
          source,
          "--name",
          `Acme Input ${source === "-" ? "Stdin" : "File"}`,
          "--dry-run",
        ],
        { env: target.env, ...options },
      );
      expect(JSON.parse(run.stdout).body).toEqual({
        name: `Acme Input ${source === "-" ? "Stdin" : "File"}`,
        parentId: 1,
        tz: "Europe/Kyiv",
      });
    }
    const notAnObject = await orgkitInProcess(["blynk", "organizations", "create", "--input", "-"], { stdin: "[1]" });
    expect(notAnObject).toMatchObject({
      code: exitCodes.usage,
      stderr: "orgkit: --input -: not a JSON object of fields\n",
    });
  });
});

describe("logs", () => {
  test("ORGKIT_LOG=debug logs each attempt on stderr, stdout stays the output, no secret anywhere", async () => {
    const run = await orgkit(["blynk", "organizations", "get", "2"], { env: { ...target.env, ORGKIT_LOG: "debug" } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 2 });
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /^orgkit: POST http:\/\/127\.0\.0\.1:\d+\/oauth2\/token\?grant_type=client_credentials -> 200 \(attempt 1, \d+ ms\)$/,
      ),
      "orgkit: obtained a Blynk access token valid for 86400 s",
      expect.stringMatching(
        /^orgkit: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/organization\?orgId=2 -> 200 \(attempt 1, \d+ ms\)$/,
      ),
    ]);
    for (const secret of target.secrets()) expect(run.stderr).not.toContain(secret);
  });

  test("--verbose is ORGKIT_LOG=debug; a retried failure is logged at warn with its wait", async () => {
    target.sandbox.faults.failNext(1, 503);
    const run = await orgkitInProcess(["recrubo", "organizations", "list", "--page.size", "1", "--verbose"], {
      env: target.env,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^orgkit: GET \S+ -> 503 \(attempt 1, \d+ ms, retrying in \d+ ms\)\norgkit: GET \S+ -> 200 \(attempt 2, \d+ ms\)\n$/,
    );
  });

  test("an ORGKIT_LOG that is not a level is said once, and nothing is logged", async () => {
    const run = await orgkitInProcess(["blynk", "organizations", "get", "2"], {
      env: { ...target.env, ORGKIT_LOG: "loud" },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("orgkit: ORGKIT_LOG is not a level (debug, info, warn, error); nothing is logged\n");
  });
});
