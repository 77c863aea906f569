// A documented exit code per class of failure, one line on stderr that names what happened and
// what to do, no secret in it, and nothing sent when the command line is refused.
import { createServer } from "node:net";
import { describe, expect, type TestContext, test } from "vitest";
import { exitCodes } from "../../cli/exit.js";
import { environment } from "../../cli/runtime.js";
import { type CliSandbox, type InProcessRun, orgkit, orgkitInProcess, type Run, startCliSandbox } from "./support.js";

/** A sandbox of the test's own (faults are queued for whichever request comes next), closed after it. */
async function sandbox({ onTestFinished }: TestContext): Promise<CliSandbox> {
  const each = await startCliSandbox();
  onTestFinished(() => each.close());
  return each;
}

/** A failure as the user sees it: the exit code, one line on stderr, no secret anywhere in it. */
function expectFailure(run: Run | InProcessRun, code: number, secrets: readonly string[]): string {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: "" });
  expect(run.stderr).toMatch(/^orgkit: [^\n]+\n$/);
  for (const secret of secrets) expect(run.stderr).not.toContain(secret);
  return run.stderr;
}

describe.concurrent("exit codes", () => {
  test("2: an unknown flag or command, with the closest known one; nothing is sent", async (context) => {
    const target = await sandbox(context);
    const flag = await orgkit(["blynk", "organizations", "get", "1", "--orgid", "2"], { env: target.env });
    expect(expectFailure(flag, exitCodes.usage, target.secrets())).toContain(
      "unknown flag --orgid (did you mean --orgId?)",
    );
    const method = await orgkitInProcess(["recrubo", "organizations", "lsit"], { env: target.env });
    expect(expectFailure(method, exitCodes.usage, target.secrets())).toContain("(did you mean list?)");
    expect(target.requests).toEqual([]);
  });

  test("2: arguments that break the spec's rules, every issue by flag and rule; not even a token is asked for", async (context) => {
    const target = await sandbox(context);
    const run = await orgkit(
      ["blynk", "organizations", "create", "--name", "A/B", "--tz", "Mars/Olympus", "--parentId", "x"],
      {
        env: target.env,
      },
    );
    const line = expectFailure(run, exitCodes.usage, target.secrets());
    expect(line).toContain("3 invalid arguments, nothing was sent");
    expect(line).toContain("--name [pattern]");
    expect(line).toContain("--tz [format]");
    expect(line).toContain("--parentId [type]");
    const nested = await orgkit(["recrubo", "organizations", "list", "--page[size]=0", "--sort", "nope"], {
      env: target.env,
    });
    const nestedLine = expectFailure(nested, exitCodes.usage, target.secrets());
    expect(nestedLine).toContain("--page.size [minimum]");
    expect(nestedLine).toContain("--sort[0] [enum]");
    expect(target.requests).toEqual([]);
  });

  test("3: a missing credential names its variable; nothing is sent", async (context) => {
    const target = await sandbox(context);
    const { [environment.blynk.clientSecret]: _secret, ...env } = target.env;
    const run = await orgkit(["blynk", "organizations", "profile"], { env });
    const line = expectFailure(run, exitCodes.authentication, target.secrets());
    expect(line).toContain("BLYNK_CLIENT_ID and BLYNK_CLIENT_SECRET or BLYNK_ACCESS_TOKEN");
    const { [environment.recrubo.organizationKey]: _key, ...withoutOwn } = target.env;
    const own = await orgkitInProcess(["recrubo", "organization", "get"], { env: withoutOwn });
    expect(expectFailure(own, exitCodes.authentication, target.secrets())).toContain("RECRUBO_ORGANIZATION_KEY");
    expect(target.requests).toEqual([]);
  });

  test("3: credentials the server refuses (401, and the token endpoint)", async (context) => {
    const target = await sandbox(context);
    const wrongKey = "wrong-partner-key-0123456789";
    const recrubo = await orgkit(["recrubo", "organizations", "list"], {
      env: { ...target.env, [environment.recrubo.partnerKey]: wrongKey },
    });
    expect(expectFailure(recrubo, exitCodes.authentication, [...target.secrets(), wrongKey])).toContain("401");
    const wrongSecret = "wrong-client-secret-0123456789";
    const blynk = await orgkitInProcess(["blynk", "organizations", "profile"], {
      env: { ...target.env, [environment.blynk.clientSecret]: wrongSecret },
    });
    expect(expectFailure(blynk, exitCodes.authentication, [...target.secrets(), wrongSecret])).toContain(
      "invalid_client",
    );
  });

  test("4: not found", async (context) => {
    const target = await sandbox(context);
    const run = await orgkit(["recrubo", "organizations", "get", "6e6816eb-fc1d-42bd-bb00-eff973ad207d"], {
      env: target.env,
    });
    expect(expectFailure(run, exitCodes.notFound, target.secrets())).toMatch(/404 Not Found: GET .*Check the id/);
  });

  test("5: rate limited after the retries", async (context) => {
    const target = await sandbox(context);
    target.sandbox.faults.failNext(1, 429);
    const run = await orgkit(["blynk", "organizations", "get", "1", "--max-retries", "0"], { env: target.env });
    expect(expectFailure(run, exitCodes.rateLimit, target.secrets())).toContain("429");
  });

  test("6: a server failure after the retries; one the retries absorb succeeds", async (context) => {
    const target = await sandbox(context);
    target.sandbox.faults.failNext(1, 500);
    const failed = await orgkit(["recrubo", "organizations", "list", "--max-retries", "0"], { env: target.env });
    expect(expectFailure(failed, exitCodes.server, target.secrets())).toContain("500");
    target.sandbox.faults.failNext(1, 503);
    const retried = await orgkitInProcess(["recrubo", "organizations", "list", "--page.size", "1"], {
      env: target.env,
    });
    expect(retried.code).toBe(exitCodes.ok);
    expect(retried.stderr).toBe("");
  });

  test("7: no answer (a loopback port nobody listens on)", async (context) => {
    const target = await sandbox(context);
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const run = await orgkit(["blynk", "organizations", "profile", "--max-retries", "0"], {
      env: { ...target.env, [environment.blynk.baseUrl]: `http://127.0.0.1:${port}` },
    });
    expect(expectFailure(run, exitCodes.network, target.secrets())).toContain(`127.0.0.1:${port}`);
  });

  test("8: an attempt that outlasts --timeout-ms", async (context) => {
    const target = await sandbox(context);
    target.sandbox.faults.latencyMs = 20_000;
    const run = await orgkit(["recrubo", "organizations", "list", "--timeout-ms", "300", "--max-retries", "0"], {
      env: target.env,
    });
    expect(expectFailure(run, exitCodes.timeout, target.secrets())).toContain("timed out after 300 ms");
  });

  test("1: any other refusal from the server (Blynk refuses to delete the root organization: 400)", async (context) => {
    const target = await sandbox(context);
    const run = await orgkit(["blynk", "organizations", "delete", "1"], { env: target.env });
    expect(expectFailure(run, exitCodes.failure, target.secrets())).toContain("400");
    expect(target.sandbox.blynk.organizations().some((organization) => organization.id === 1)).toBe(true);
  });

  test("130: Ctrl-C aborts the request in flight (here the token request) at once, and says so", async (context) => {
    const target = await sandbox(context);
    // Longer than the test's own time limit: only an aborted request ends the run in time.
    target.sandbox.faults.latencyMs = 60_000;
    const run = await orgkit(["blynk", "organizations", "search", "--query", "acme", "--all", "--size", "5"], {
      env: target.env,
      started: (child) => {
        const poll = setInterval(() => {
          if (target.requests.length > 0) {
            clearInterval(poll);
            child.kill("SIGINT");
          }
        }, 20);
      },
    });
    expect(run.code).toBe(exitCodes.interrupted);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("orgkit: interrupted\n");
  });
});
