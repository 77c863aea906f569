// `orgkit sandbox`: a sandbox on loopback and one export line per variable the commands read, so
// that every command runs against it with nothing else set; Ctrl-C stops it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { environment } from "../../cli/runtime.js";
import { orgkit, root } from "./support.js";

describe("orgkit sandbox", () => {
  test("prints its URL and the variables; commands run against it; Ctrl-C stops it", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "sandbox", "--port", "0", "--seed", "7"], {
      cwd: root,
      env: { PATH: process.env["PATH"] },
    });
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = once(child, "exit");
    try {
      child.stdout.setEncoding("utf8");
      for await (const chunk of child.stdout) {
        stdout += chunk as string;
        if (stdout.includes(`export ${environment.blynk.clientSecret}=`) && stdout.endsWith("\n")) break;
      }
      const [comment, ...exports] = stdout.trimEnd().split("\n");
      const url = /^# orgkit sandbox on (http:\/\/127\.0\.0\.1:\d+) /.exec(comment!)?.[1];
      expect(url).toBeDefined();
      const env = Object.fromEntries(
        exports.map((line) => /^export ([A-Z_]+)=(\S+)$/.exec(line)!.slice(1, 3) as [string, string]),
      );
      // Every variable the commands read, but the access token the client credentials replace.
      const { accessToken, ...read } = environment.blynk;
      expect(Object.keys(env).sort()).toEqual([...Object.values(environment.recrubo), ...Object.values(read)].sort());
      expect(env[environment.recrubo.baseUrl]).toBe(url);
      expect(accessToken in env).toBe(false);

      const own = await orgkit(["recrubo", "organization", "get", "--fields", "attributes.name"], { env });
      expect(own).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(own.stdout)).toEqual({ attributes: { name: "Sandbox Org 001" } });
      const profile = await orgkit(["blynk", "organizations", "profile", "--fields", "name"], { env });
      expect(JSON.parse(profile.stdout)).toEqual({ name: "Acme Corp" });
    } finally {
      child.kill("SIGINT");
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stderr).toBe("orgkit sandbox: stopped\n");
    }
  });

  test("refuses a flag it does not take", async () => {
    const run = await orgkit(["sandbox", "--prot", "8080"]);
    expect(run).toMatchObject({ code: 2, stderr: "orgkit: orgkit sandbox takes --port N and --seed N, not --prot\n" });
  });
});
