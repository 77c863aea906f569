// What a command prints: each format, the defaults on a terminal and off one, --fields, and the
// secrets the spec marks: the withheld webhook secret masked in every format.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { blynkClient, recruboClient } from "../support/clients.js";
import { type CliSandbox, ndjson, orgkit, orgkitInProcess, startCliSandbox } from "./support.js";

let target: CliSandbox;
const webhookSecret = "whsec_output_test_0123456789";
beforeAll(async () => {
  target = await startCliSandbox();
  const { client } = recruboClient({ sandbox: target.sandbox, fetch: target.sandbox.fetch });
  await client.organizations.create({
    name: 'Acme, "Kyiv"\nbranch',
    webhookUrl: "https://hooks.example.com/recrubo",
    webhookSecret,
  });
});
afterAll(() => target.close());

const search = ["blynk", "organizations", "search", "--query", "acme", "--size", "7"];
const blynkNames = () =>
  target.sandbox.blynk
    .organizations()
    .map((organization) => organization.name)
    .filter((name) => /acme/i.test(name));

describe("output off a terminal (pipes)", () => {
  test("a list is NDJSON and a single object JSON by default", async () => {
    const list = await orgkit(search, { env: target.env });
    expect(list.code).toBe(0);
    expect((ndjson(list.stdout) as Array<{ name: string }>).map((item) => item.name)).toEqual(blynkNames().slice(0, 7));
    const single = await orgkit(["blynk", "organizations", "get", "1"], { env: target.env });
    expect(single.stdout).toBe(`${JSON.stringify(target.sandbox.blynk.organizations()[0], null, 2)}\n`);
  });

  // Formats are the same code in or out of a child process: run here, with stdout not a terminal.
  describe("each format, for every page with --all", () => {
    const all = [...search, "--all", "--fields", "id,name"];
    test("json: one array", async () => {
      const { code, stdout } = await orgkitInProcess([...all, "--format", "json"], { env: target.env });
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as Array<{ name: string }>).map((item) => item.name)).toEqual(blynkNames());
      expect(JSON.parse(stdout)[0]).toEqual({ id: 1, name: blynkNames()[0] });
    });
    test("ndjson: one object a line, only the fields asked for", async () => {
      const { stdout } = await orgkitInProcess([...all, "--format", "ndjson"], { env: target.env });
      expect(ndjson(stdout)).toEqual(target.sandbox.blynk.organizations().map(({ id, name }) => ({ id, name })));
    });
    test("csv: a header, then a row per item (RFC 4180)", async () => {
      const { stdout } = await orgkitInProcess([...all, "--format", "csv"], { env: target.env });
      const lines = stdout.split("\r\n");
      expect(lines[0]).toBe("id,name");
      expect(lines.slice(1, -1)).toEqual(target.sandbox.blynk.organizations().map(({ id, name }) => `${id},${name}`));
      expect(lines.at(-1)).toBe("");
    });
    test("table: a header, a rule, then the rows in columns", async () => {
      const { stdout } = await orgkitInProcess([...all, "--format", "table"], { env: target.env });
      const [header, rule, first, ...rest] = stdout.trimEnd().split("\n");
      expect(header).toMatch(/^id +name$/);
      expect(rule).toMatch(/^-+ +-+$/);
      expect(first).toMatch(/^1 +Acme Corp$/);
      expect(rest).toHaveLength(blynkNames().length - 1);
    });
  });

  test("the withheld webhook secret is masked in every format; the API's answer shows it", async () => {
    expect(target.sandbox.recrubo.organizations().some((record) => record.webhookSecret === webhookSecret)).toBe(true);
    for (const format of ["json", "ndjson", "csv", "table"]) {
      const { stdout } = await orgkitInProcess(
        [
          "recrubo",
          "organizations",
          "list",
          "--all",
          "--fields",
          "attributes.name,attributes.webhookSecret",
          "--format",
          format,
        ],
        { env: target.env },
      );
      expect(stdout, format).not.toContain(webhookSecret);
      expect(stdout, format).toContain("[REDACTED]");
    }
  });

  test("csv quotes a value holding a comma, a quote or a line break", async () => {
    const { stdout } = await orgkitInProcess(
      ["recrubo", "organizations", "list", "--all", "--fields", "attributes.name", "--format", "csv"],
      { env: target.env },
    );
    expect(stdout).toContain('"Acme, ""Kyiv""\nbranch"\r\n');
  });

  test("a single object as CSV and as a table of one member a line", async () => {
    const csv = await orgkitInProcess(
      ["blynk", "organizations", "get", "2", "--format", "csv", "--fields", "id,name,tz"],
      {
        env: target.env,
      },
    );
    expect(csv.stdout).toBe("id,name,tz\r\n2,Acme Branch 001,Europe/Kyiv\r\n");
    const table = await orgkitInProcess(
      ["blynk", "organizations", "get", "2", "--format", "table", "--fields", "id,name"],
      {
        env: target.env,
      },
    );
    expect(table.stdout).toBe("id    2\nname  Acme Branch 001\n");
  });

  test("--fields names what the response does not have, with the closest", async () => {
    const { code, stderr } = await orgkitInProcess([...search, "--fields", "id,nmae"], { env: target.env });
    expect(code).toBe(2);
    expect(stderr).toBe("orgkit: --fields: the response has no nmae (did you mean name?)\n");
    expect(target.requests.filter((request) => request.includes("nmae"))).toEqual([]);
  });

  test("--all draws no progress when stderr is not a terminal", async () => {
    const { stderr } = await orgkitInProcess([...search, "--all"], { env: target.env, stderrTTY: false });
    expect(stderr).toBe("");
  });
});

describe("output on a terminal", () => {
  test("a list is a table of the schema's required members; the page's extent goes to stderr", async () => {
    const { stdout, stderr } = await orgkitInProcess(search, { env: target.env, stdoutTTY: true, stderrTTY: true });
    expect(stdout.split("\n")[0]).toMatch(/^id +name +tz +lastModifiedTs$/);
    expect(stdout.trimEnd().split("\n")).toHaveLength(2 + 7);
    expect(stderr).toBe(`orgkit: 7 items (${blynkNames().length} in all); --all for every page\n`);
  });

  test("a single object is a table of every member it has, one a line", async () => {
    const { stdout } = await orgkitInProcess(["blynk", "organizations", "get", "1"], {
      env: target.env,
      stdoutTTY: true,
    });
    expect(stdout).toMatch(/^id +1\nname +Acme Corp\n/);
    expect(stdout).toContain("phoneNumber");
  });

  test("--all draws progress on stderr (items of the total, rate, time left), then ends its line", async () => {
    const { stdout, stderr } = await orgkitInProcess([...search, "--all", "--format", "ndjson"], {
      env: target.env,
      stderrTTY: true,
    });
    expect(ndjson(stdout)).toHaveLength(blynkNames().length);
    const total = blynkNames().length;
    expect(stderr).toContain(`\rorgkit: 7 of ${total} items (${Math.floor((7 * 100) / total)}%), `);
    expect(stderr).toMatch(/\/s, 0:\d\d left/);
    expect(stderr).toMatch(new RegExp(`orgkit: ${total} of ${total} items \\(100%\\), [\\d,]+/s\\u001b\\[K\\n$`));
  });

  test("a table on the terminal keeps the id whole and fits the rest to its width", async () => {
    const { stdout } = await orgkitInProcess(["recrubo", "organizations", "list", "--page.size", "3"], {
      env: target.env,
      stdoutTTY: true,
      columns: 80,
    });
    const lines = stdout.trimEnd().split("\n");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const ids = target.sandbox.recrubo
      .organizations()
      .slice(0, 3)
      .map((record) => record.id);
    for (const [index, id] of ids.entries()) expect(lines[index + 2]!.startsWith(`${id}  `)).toBe(true);
  });
});

describe("a Blynk client's new organization", () => {
  test("create prints it as the API answers it, and the next search finds it", async () => {
    const { client } = blynkClient({ sandbox: target.sandbox, fetch: target.sandbox.fetch });
    const created = await orgkitInProcess(
      ["blynk", "organizations", "create", "--name", "Acme Output", "--parentId", "1", "--format", "ndjson"],
      { env: target.env },
    );
    const organization = JSON.parse(created.stdout) as { id: number };
    await expect(client.organizations.get(organization.id)).resolves.toMatchObject({ name: "Acme Output" });
  });
});
