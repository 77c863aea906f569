// Every command of both APIs, run as a user runs it against the HTTP sandbox: what it prints, and
// what it did to the sandbox's state. The list comes from the generated commands, so a command
// added to the spec fails the first test until it has a scenario here.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliCommand, cliCommands } from "../../cli/commands.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { type CliSandbox, ndjson, orgkit, orgkitInProcess, startCliSandbox } from "./support.js";

let target: CliSandbox;
beforeAll(async () => {
  target = await startCliSandbox();
});
afterAll(() => target.close());

const run = (args: string[]) => orgkit(args, { env: target.env });
const nameOf = (each: CliCommand) => `${each.api} ${each.resource} ${each.method}`;

// Organizations the scenarios change, made with the library straight into the sandbox, so that no
// scenario depends on another.
async function recruboOrganization(name: string) {
  const { client } = recruboClient({ sandbox: target.sandbox, fetch: target.sandbox.fetch });
  return client.organizations.create({ name });
}
async function blynkOrganization(name: string) {
  const { client } = blynkClient({ sandbox: target.sandbox, fetch: target.sandbox.fetch });
  return client.organizations.create({ name, parentId: 1, tz: "Europe/Kyiv" });
}
const recruboRecord = (id: string) => target.sandbox.recrubo.organizations().find((record) => record.id === id);
const blynkRecord = (id: number) => target.sandbox.blynk.organizations().find((organization) => organization.id === id);

type Scenario = () => Promise<void>;

/** A file an import reads, in a directory of its own (the journal is written beside it). */
async function scratchFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "orgkit-cli-")), name);
  await writeFile(path, text);
  return path;
}

const scenarios: Readonly<Record<string, Scenario>> = {
  "recrubo organizations list": async () => {
    const { code, stdout } = await run([
      "recrubo",
      "organizations",
      "list",
      "--page.size",
      "5",
      "--sort",
      "-createdAt",
    ]);
    expect(code).toBe(0);
    const items = ndjson(stdout) as Array<{ attributes: { createdAt: string } }>;
    expect(items).toHaveLength(5);
    const dates = items.map((item) => item.attributes.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
  },
  "recrubo organizations create": async () => {
    const secret = "whsec_cli_create_0123456789";
    const { code, stdout, stderr } = await run([
      "recrubo",
      "organizations",
      "create",
      "--name",
      "Acme Kyiv CLI",
      "--webhookUrl",
      "https://hooks.example.com/recrubo",
      "--webhookSecret",
      secret,
    ]);
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { id: string; attributes: Record<string, unknown> };
    const record = recruboRecord(created.id)!;
    expect(record).toMatchObject({ name: "Acme Kyiv CLI", webhookSecret: secret });
    // The issued token is the command's purpose: on stdout, once, with a note on stderr; the
    // withheld webhook secret is masked.
    expect(created.attributes["token"]).toBe(record.token);
    expect(created.attributes["webhookSecret"]).toBe("[REDACTED]");
    expect(stdout).not.toContain(secret);
    expect(stderr).toMatch(/attributes\.token .*store it/);
    expect(stderr).not.toContain(record.token);
  },
  "recrubo organizations get": async () => {
    const organization = await recruboOrganization("CLI get");
    const { code, stdout } = await run(["recrubo", "organizations", "get", organization.id]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: organization.id, attributes: { name: "CLI get", token: null } });
  },
  "recrubo organizations update": async () => {
    const organization = await recruboOrganization("CLI update");
    const { code } = await run(["recrubo", "organizations", "update", organization.id, "--name", "CLI updated"]);
    expect(code).toBe(0);
    expect(recruboRecord(organization.id)?.name).toBe("CLI updated");
  },
  "recrubo organizations delete": async () => {
    const organization = await recruboOrganization("CLI delete");
    const { code, stdout } = await run(["recrubo", "organizations", "delete", organization.id]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(recruboRecord(organization.id)).toBeUndefined();
  },
  "recrubo organizations import": async () => {
    const path = await scratchFile("recrubo.csv", "name\nImported Recrubo One\nImported Recrubo Two\n");
    const tokens = `${path}.tokens`;
    const { code, stdout } = await run(["recrubo", "organizations", "import", path, "--tokens", tokens]);
    expect(code).toBe(0);
    const lines = ndjson(stdout) as Array<{ outcome: string; id: string }>;
    expect(lines.map((line) => line.outcome)).toEqual(["created", "created"]);
    expect(lines.map((line) => recruboRecord(line.id)?.name)).toEqual(["Imported Recrubo One", "Imported Recrubo Two"]);
  },
  "blynk organizations import": async () => {
    const path = await scratchFile("blynk.ndjson", '{"name":"Imported Blynk","parentId":1,"tz":"Europe/Kyiv"}\n');
    const { code, stdout } = await run(["blynk", "organizations", "import", path]);
    expect(code).toBe(0);
    const [line] = ndjson(stdout) as Array<{ outcome: string; id: number }>;
    expect(line?.outcome).toBe("created");
    expect(blynkRecord(line!.id)?.name).toBe("Imported Blynk");
  },
  "recrubo organizations refresh-token": async () => {
    const organization = await recruboOrganization("CLI refresh");
    const before = recruboRecord(organization.id)!.token;
    const { code, stdout, stderr } = await run([
      "recrubo",
      "organizations",
      "refresh-token",
      organization.id,
      "--format",
      "ndjson",
    ]);
    expect(code).toBe(0);
    const token = (JSON.parse(stdout) as { attributes: { token: string } }).attributes.token;
    expect(token).toBe(recruboRecord(organization.id)!.token);
    expect(token).not.toBe(before);
    expect(stderr).toContain("store it");
    expect(stderr).not.toContain(token);
    // camelCase, as the facade spells it, is accepted too.
    const again = await orgkitInProcess(["recrubo", "organizations", "refreshToken", organization.id], {
      env: target.env,
    });
    expect(JSON.parse(again.stdout).attributes.token).toBe(recruboRecord(organization.id)!.token);
  },
  "recrubo organization get": async () => {
    const own = target.sandbox.recrubo.organizations()[0]!;
    const { code, stdout } = await run(["recrubo", "organization", "get"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: own.id });
  },
  "recrubo organization update": async () => {
    const own = target.sandbox.recrubo.organizations()[0]!;
    const { code, stdout } = await run(["recrubo", "organization", "update", "--name", "Own CLI"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: own.id, attributes: { name: "Own CLI" } });
    expect(recruboRecord(own.id)?.name).toBe("Own CLI");
  },
  "blynk organizations profile": async () => {
    const { code, stdout } = await run(["blynk", "organizations", "profile"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 1 });
  },
  "blynk organizations get": async () => {
    const { code, stdout } = await run(["blynk", "organizations", "get", "2"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 2, name: blynkRecord(2)!.name });
  },
  "blynk organizations delete": async () => {
    const organization = await blynkOrganization("CLI delete");
    const { code, stdout } = await run(["blynk", "organizations", "delete", String(organization.id)]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(blynkRecord(organization.id)).toBeUndefined();
  },
  "blynk organizations search": async () => {
    const { code, stdout } = await run(["blynk", "organizations", "search", "--query", "Branch 01", "--size", "3"]);
    expect(code).toBe(0);
    const items = ndjson(stdout) as Array<{ name: string }>;
    expect(items.map((item) => item.name)).toEqual(["Acme Branch 010", "Acme Branch 011", "Acme Branch 012"]);
  },
  "blynk organizations create": async () => {
    const { code, stdout } = await run([
      "blynk",
      "organizations",
      "create",
      "--name",
      "Acme Kyiv",
      "--parentId",
      "1",
      "--tz",
      "Europe/Kyiv",
    ]);
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { id: number };
    expect(blynkRecord(created.id)).toMatchObject({ name: "Acme Kyiv", parentOrganizationId: 1, tz: "Europe/Kyiv" });
  },
  "blynk organizations update": async () => {
    const organization = await blynkOrganization("CLI rename");
    const { code } = await run([
      "blynk",
      "organizations",
      "update",
      "--name",
      "CLI renamed",
      "--orgId",
      String(organization.id),
    ]);
    expect(code).toBe(0);
    expect(blynkRecord(organization.id)?.name).toBe("CLI renamed");
  },
};

describe("orgkit <api> <resource> <method>", () => {
  test("every generated command has a scenario here", () => {
    const missing = cliCommands.map(nameOf).filter((name) => !(name in scenarios));
    expect(missing, `commands without a scenario in ${import.meta.filename}`).toEqual([]);
    expect(Object.keys(scenarios).filter((name) => !cliCommands.some((each) => nameOf(each) === name))).toEqual([]);
  });

  describe.concurrent("runs against the HTTP sandbox", () => {
    for (const each of cliCommands) {
      const scenario = scenarios[nameOf(each)];
      test.skipIf(!scenario)(nameOf(each), async () => {
        await scenario!();
      });
    }
  });
});
