// `orgkit <api> organizations import FILE` against the HTTP sandbox: rows checked first, then each
// created once through the journal, whatever stops a run: a row whose outcome is unknown is looked
// up before it is sent again. The sandbox's state is the judge.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { exitCodes } from "../../cli/exit.js";
import { Interrupted } from "../../cli/io.js";
import { blynkClient } from "../support/clients.js";
import { type CliSandbox, ndjson, orgkit, orgkitInProcess, startCliSandbox } from "./support.js";

let target: CliSandbox;
let dir: string;
beforeAll(async () => {
  target = await startCliSandbox();
});
afterAll(() => target.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "orgkit-import-"));
  target.requests.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const creates = () => target.requests.filter((line) => line.startsWith("POST /api/v1/organization/create")).length;
const blynkNamed = (name: string) => target.sandbox.blynk.organizations().filter((each) => each.name === name);
const recruboNamed = (name: string) => target.sandbox.recrubo.organizations().filter((record) => record.name === name);

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** A journal entry as the import writes it, for a run stopped at a point of the test's choosing. */
const entry = (key: unknown[], row: number, state: object) =>
  `${JSON.stringify({ key: JSON.stringify(key), row, ...state })}\n`;
const blynkHead = `${JSON.stringify({ orgkit: "import", api: "blynk", command: "organizations.create" })}\n`;

const importBlynk = (path: string, ...flags: string[]) =>
  orgkitInProcess(["blynk", "organizations", "import", path, ...flags], { env: target.env });

describe("orgkit <api> organizations import", () => {
  test("checks every row first: each issue by row and field, exit 2, nothing sent, no journal", async () => {
    const path = await file(
      "rows.csv",
      "name,parentId,tz\nChecked One,1,Europe/Kyiv\nChecked Two,abc,Europe/Kyiv\n,1,Nowhere\n",
    );
    const run = await importBlynk(path);
    expect(run.code).toBe(exitCodes.usage);
    expect(run.stderr.split("\n")).toEqual([
      "orgkit: row 2: parentId [type] must be an integer",
      expect.stringMatching(/^orgkit: row 3: name \[required\] .*; tz \[format\] /),
      "orgkit: 2 of 3 rows are invalid; nothing was created (fix them, or --skip-invalid to import the rest)",
      "",
    ]);
    expect(run.stdout).toBe("");
    expect(target.requests).toEqual([]);
    await expect(stat(`${path}.orgkit-journal`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("--validate-only reports and sends nothing, with no credentials at all", async () => {
    const path = await file("rows.ndjson", '{"name":"Valid Only","tz":"Europe/Kyiv"}\n\n{"name":"Valid Too"}\n');
    const run = await orgkitInProcess(["blynk", "organizations", "import", path, "--validate-only"]);
    expect(run).toEqual({ code: 0, stdout: "", stderr: "orgkit: all 2 rows are valid\n" });
    const array = await file("rows.json", '[{"name":"Valid Array"},{"name":"Valid Array Too","tz":"Europe/Kyiv"}]');
    expect(await orgkitInProcess(["blynk", "organizations", "import", array, "--validate-only"])).toMatchObject({
      code: 0,
      stderr: "orgkit: all 2 rows are valid\n",
    });
    const broken = await file("broken.ndjson", '{"name":"Fine"}\n[1,2]\n{"name":\n');
    const refused = await orgkitInProcess(["blynk", "organizations", "import", broken, "--validate-only"]);
    expect(refused.code).toBe(exitCodes.usage);
    expect(refused.stderr).toContain("orgkit: row 2: not a JSON object\norgkit: row 3: not a JSON object\n");
    expect(target.requests).toEqual([]);
  });

  test("a column that is not a field, or two rows the import could not tell apart, are refused before sending", async () => {
    const typo = await orgkitInProcess(
      ["blynk", "organizations", "import", await file("typo.csv", "nmae,tz\nTypo,Europe/Kyiv\n"), "--validate-only"],
      { env: target.env },
    );
    expect(typo).toMatchObject({ code: exitCodes.usage });
    expect(typo.stderr).toMatch(
      /column 1 \("nmae"\) is not a field of blynk organizations create.*did you mean name\?/,
    );
    const twins = await importBlynk(await file("twins.csv", "name,parentId\nTwin,1\nOther,1\nTwin,1\nTwin,\n"));
    expect(twins.code).toBe(exitCodes.usage);
    expect(twins.stderr).toContain("orgkit: row 3: name and parentId the same as row 1's");
    expect(twins.stderr).not.toContain("row 4");
    expect(target.requests).toEqual([]);
  });

  test("--skip-invalid creates the valid rows; a rerun creates nothing again and reports them done", async () => {
    const path = await file("skip.csv", 'name,parentId,tz\nSkip One,1,Europe/Kyiv\n"Skip, Bad",1,\nSkip Two,,\n');
    const first = await importBlynk(path, "--skip-invalid");
    expect(first.code).toBe(0);
    const lines = ndjson(first.stdout) as Array<{ row: number; outcome: string; id?: number }>;
    expect(lines.map((line) => [line.row, line.outcome])).toEqual([
      [1, "created"],
      [2, "invalid"],
      [3, "created"],
    ]);
    expect(first.stderr).toMatch(/1 created|2 created, 0 already done, 0 failed, 1 invalid skipped/);
    expect(creates()).toBe(2);
    expect(blynkNamed("Skip One").map((each) => each.id)).toEqual([lines[0]!.id]);

    const again = await importBlynk(path, "--skip-invalid");
    expect(again.code).toBe(0);
    expect((ndjson(again.stdout) as Array<{ outcome: string }>).map((line) => line.outcome)).toEqual([
      "done",
      "invalid",
      "done",
    ]);
    expect(creates()).toBe(2);
    expect(blynkNamed("Skip Two")).toHaveLength(1);
  });

  test("a row the journal left at 'sending' is looked up: found, it is not sent again; not found, it is sent once", async () => {
    const { client } = blynkClient({ sandbox: target.sandbox, fetch: target.sandbox.fetch });
    // The first row reached the server before the run that sent it was killed; the second did not.
    const reached = await client.organizations.create({ name: "Unknown Reached", parentId: 1, tz: "Europe/Kyiv" });
    // A namesake under another parent is not the row.
    const other = await client.organizations.create({ name: "Unknown Parent", parentId: 1, tz: "Europe/Kyiv" });
    await client.organizations.create({ name: "Unknown Lost", parentId: other.id, tz: "Europe/Kyiv" });
    const path = await file(
      "unknown.csv",
      "name,parentId,tz\nUnknown Reached,1,Europe/Kyiv\nUnknown Lost,1,Europe/Kyiv\n",
    );
    await writeFile(
      `${path}.orgkit-journal`,
      blynkHead +
        entry(["Unknown Reached", 1], 1, { state: "sending" }) +
        entry(["Unknown Lost", 1], 2, { state: "sending" }),
    );
    target.requests.length = 0;
    const run = await importBlynk(path);
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout) as Array<{ outcome: string; id: number }>;
    expect(lines.map((line) => line.outcome)).toEqual(["found", "created"]);
    expect(lines[0]!.id).toBe(reached.id);
    expect(creates()).toBe(1);
    expect(blynkNamed("Unknown Reached")).toHaveLength(1);
    expect(blynkNamed("Unknown Lost").filter((each) => each.parentOrganizationId === 1)).toHaveLength(1);
    expect(run.stderr).toContain("1 created, 1 already done, 0 failed");
  });

  test("a refusal by the server fails the row, exit 1, and the rerun tries it again", async () => {
    // Parent 999999 does not exist: the server refuses the row, and creates nothing.
    const path = await file("refused.csv", "name,parentId\nRefused Parent,999999\nAccepted Parent,1\n");
    const run = await importBlynk(path);
    expect(run.code).toBe(exitCodes.failure);
    const lines = ndjson(run.stdout) as Array<{ outcome: string; reason?: string }>;
    expect(lines.map((line) => line.outcome)).toEqual(["failed", "created"]);
    expect(lines[0]!.reason).toMatch(/^4\d\d /);
    expect(run.stderr).toContain("1 created, 0 already done, 1 failed");
    const again = await importBlynk(path);
    expect((ndjson(again.stdout) as Array<{ outcome: string }>).map((line) => line.outcome)).toEqual([
      "failed",
      "done",
    ]);
    expect(blynkNamed("Refused Parent")).toEqual([]);
  });

  test("Ctrl-C stops at once, on a complete line, exit 130; the rerun creates the rest and nothing twice", async () => {
    const names = Array.from({ length: 20 }, (_, index) => `Interrupted ${String(index + 1).padStart(2, "0")}`);
    const path = await file("interrupted.csv", `name,parentId\n${names.map((name) => `${name},1`).join("\n")}\n`);
    const controller = new AbortController();
    let lines = 0;
    const stopped = await orgkitInProcess(["blynk", "organizations", "import", path], {
      env: target.env,
      signal: controller.signal,
      onStdout: (chunk) => {
        lines += chunk.split("\n").length - 1;
        if (lines === 3) controller.abort(new Interrupted());
      },
    });
    expect(stopped.code).toBe(exitCodes.interrupted);
    expect(stopped.stdout.endsWith("\n")).toBe(true);
    expect(ndjson(stopped.stdout)).toHaveLength(3);
    expect(stopped.stderr).toMatch(
      /import interrupted\.csv: 3 created, 0 already done, 0 failed .*\norgkit: interrupted\n$/,
    );
    const rest = await importBlynk(path);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain(": 17 created, 3 already done, 0 failed");
    expect(names.filter((name) => blynkNamed(name).length !== 1)).toEqual([]);
  });

  test("Recrubo: each token goes to the --tokens file (0600) and nowhere else; without --tokens nothing is sent", async () => {
    const path = await file(
      "recrubo.ndjson",
      '{"name":"Tokens One"}\n{"name":"Tokens Two","webhookUrl":"https://hooks.example.com/t","webhookSecret":"whsec_import_0123456789"}\n',
    );
    const args = ["recrubo", "organizations", "import", path];
    const refused = await orgkitInProcess(args, { env: target.env });
    expect(refused).toMatchObject({ code: exitCodes.usage, stdout: "" });
    expect(refused.stderr).toContain("shows each new token once: name a file to keep them in with --tokens FILE");
    expect(target.requests).toEqual([]);

    const tokens = join(dir, "tokens.ndjson");
    const run = await orgkit([...args, "--tokens", tokens, "--verbose"], { env: target.env });
    expect(run.code).toBe(0);
    expect((await stat(tokens)).mode & 0o777).toBe(0o600);
    const kept = ndjson(await readFile(tokens, "utf8")) as Array<{ id: string; name: string; token: string }>;
    for (const name of ["Tokens One", "Tokens Two"]) {
      const [record] = recruboNamed(name);
      expect(kept.find((line) => line.name === name)).toEqual({
        row: expect.any(Number),
        id: record!.id,
        name,
        token: record!.token,
      });
    }
    const journal = await readFile(`${path}.orgkit-journal`, "utf8");
    for (const secret of target.secrets()) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(journal).not.toContain(secret);
    }
  });

  test("another import's journal is refused; one cut short by a kill is read up to its last whole line", async () => {
    const path = await file("cut.csv", "name,parentId\nCut One,1\n");
    await writeFile(
      `${path}.orgkit-journal`,
      `${JSON.stringify({ orgkit: "import", api: "recrubo", command: "organizations.create" })}\n`,
    );
    const other = await importBlynk(path);
    expect(other).toMatchObject({ code: exitCodes.failure });
    expect(other.stderr).toContain("is not the journal of blynk organizations.create");
    await writeFile(`${path}.orgkit-journal`, `${blynkHead}{"key":"[\\"Cut On`);
    const run = await importBlynk(path);
    expect(run.code).toBe(0);
    expect(blynkNamed("Cut One")).toHaveLength(1);
    const lines = (await readFile(`${path}.orgkit-journal`, "utf8")).split("\n");
    expect(lines.slice(2).map((line) => (line ? JSON.parse(line).state : ""))).toEqual(["sending", "created", ""]);
  });
});
