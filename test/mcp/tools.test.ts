import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { commandOf, commands, exampleArguments, strictAjv, withExamples, wrongType } from "./expected.js";
import {
  connect,
  credentialValues,
  type RecordingSandbox,
  recordingSandbox,
  type Session,
  sandboxEnv,
  textOf,
} from "./session.js";

// One session against the HTTP sandbox, with every credential and every request logged: what
// tools/list shows, each tool on its happy path and with wrong arguments, paging, and at the end
// that no secret reached any result or log line of the whole session.

let target: RecordingSandbox;
let session: Session;
let tools: Tool[];
/** Every result of the session, as the assistant received it. */
const results: CallToolResult[] = [];

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = await session.call(name, args);
  results.push(result);
  return result;
};
const toolOf = (name: string) => tools.find((tool) => tool.name === name)!;

beforeAll(async () => {
  target = await recordingSandbox();
  session = await connect([], { ...sandboxEnv(target), ORGKIT_LOG: "debug" });
  ({ tools } = await session.client.listTools());
});

afterAll(async () => {
  await session?.close();
  await target?.close();
});

describe("tools/list", () => {
  test("lists one tool per command of both APIs, named <api>_<operationId in snake_case>", () => {
    expect(tools.map((tool) => tool.name).sort()).toEqual(commands.map((entry) => entry.name).sort());
  });

  test.each(commands)("$name: its words, annotations and schemas come from its command", ({ name, command }) => {
    const tool = toolOf(name);
    expect(tool.description).toContain(command.summary);
    expect(tool.description).toContain(command.description);
    expect(tool.description).toMatch(/\*\*Evidence: (documented|third-party|inferred)/);
    expect(tool.annotations).toMatchObject({
      readOnlyHint: command.readOnly,
      destructiveHint: command.destructive,
      idempotentHint: command.idempotent,
    });
    expect(tool.inputSchema.type).toBe("object");
    for (const field of Object.keys(command.input.properties)) {
      if (field === command.paging?.page && command.input.properties[field]!["type"] !== "object") continue;
      expect(tool.inputSchema.properties).toHaveProperty(field);
    }
    expect(tool.outputSchema === undefined).toBe(command.output === undefined);
    if (tool.outputSchema) expect(tool.outputSchema.type).toBe("object");
    expect(JSON.stringify(tool)).not.toContain("x-orgkit");
  });

  test("a paged tool takes maxItems (100 by default, at most 1000) in place of the page number, and answers items, total and more", () => {
    const paged = commands.filter((entry) => entry.command.paging);
    expect(paged.length).toBeGreaterThan(0);
    for (const { name, command } of paged) {
      const tool = toolOf(name);
      expect(tool.inputSchema.properties!["maxItems"]).toMatchObject({ type: "integer", default: 100, maximum: 1000 });
      const page = tool.inputSchema.properties![command.paging!.page] as { properties?: object } | undefined;
      // Blynk's page is the number, Recrubo's an object holding it: the pager sets the number.
      expect(page === undefined || !("number" in (page.properties ?? {}))).toBe(true);
      expect(Object.keys(tool.outputSchema!.properties!).sort()).toEqual(["items", "more", "total"]);
    }
  });

  test("a withheld member is in no output schema; an issued one is, as a string", () => {
    const recrubo = tools.filter((tool) => tool.name.startsWith("recrubo_") && tool.outputSchema);
    expect(recrubo.length).toBeGreaterThan(0);
    for (const tool of recrubo) {
      expect(JSON.stringify(tool.outputSchema)).not.toContain("webhookSecret");
      expect(JSON.stringify(tool.outputSchema)).toContain('"token":{"type":["string","null"]');
    }
  });

  test("every inputSchema and outputSchema compiles with ajv (2020-12, strict), and accepts the spec's examples", () => {
    const ajv = strictAjv();
    let examples = 0;
    for (const tool of tools) {
      ajv.compile(tool.inputSchema);
      if (tool.outputSchema) ajv.compile(tool.outputSchema);
      for (const [path, schema] of withExamples(tool.inputSchema as Record<string, unknown>)) {
        const validate = ajv.compile({ ...schema, examples: undefined });
        for (const example of schema["examples"] as unknown[]) {
          examples++;
          expect(validate(example), `${tool.name} ${path}: ${JSON.stringify(example)}`).toBe(true);
        }
      }
    }
    expect(examples).toBeGreaterThan(10);
  });
});

describe("tools/call", () => {
  // Organizations the calls act on: the Recrubo one whose own key the session holds, a Blynk one
  // without sub-organizations; the destructive calls act on others, so the rest still find theirs.
  const ids = (api: string, destructive: boolean) => {
    if (api === "recrubo") return { id: target.sandbox.recrubo.organizations()[destructive ? 1 : 0]!.id };
    const organizations = target.sandbox.blynk.organizations();
    const leaves = organizations.filter(
      (organization) =>
        organization.id !== 1 && !organizations.some((other) => other.parentOrganizationId === organization.id),
    );
    return { orgId: leaves[destructive ? 1 : 0]!.id };
  };

  test.each(commands)("$name answers on its happy path, as its outputSchema says", async ({ api, name, command }) => {
    const tool = toolOf(name);
    const before = target.seen.length;
    const result = await call(name, exampleArguments(tool, ids(api, command.destructive)));
    expect(result.isError, textOf(result)).toBeFalsy();
    const sent = target.seen.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.at(-1)!.status).toBeLessThan(300);
    if (tool.outputSchema) {
      const validate = strictAjv().compile(tool.outputSchema);
      expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
      expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    } else expect(result.structuredContent).toBeUndefined();
  });

  test.each(commands)(
    "$name: arguments of the wrong type are an isError result naming each field and rule, and nothing is sent",
    async ({ name, command }) => {
      const tool = toolOf(name);
      // The server's own checks (maxItems, a paged tool's page) answer before the client's, and alone: tested below.
      const wrong = Object.entries(tool.inputSchema.properties ?? {})
        .filter(([field]) => field !== "maxItems" && field !== command.paging?.page)
        .map(([field, schema]) => [field, wrongType(schema as Record<string, unknown>)] as const)
        .filter(([, value]) => value !== undefined);
      const attempts: Array<[Record<string, unknown>, string[]]> = [
        [Object.fromEntries(wrong), wrong.map(([field]) => `${field} (type)`)],
        [{ unexpected: true }, ["unexpected (additionalProperties)"]],
      ];
      const required = tool.inputSchema.required ?? [];
      // A missing field that is a whole argument (an id) is reported by its type, one among the fields by `required`.
      if (required.length > 0) attempts.push([{}, required.map((field) => `${field} (`)]);
      for (const [args, issues] of attempts) {
        if (issues.length === 0) continue;
        const before = target.seen.length;
        const result = await call(name, args);
        expect(result.isError).toBe(true);
        expect(result.structuredContent).toBeUndefined();
        for (const issue of issues) expect(textOf(result)).toContain(`- ${issue}`);
        expect(target.seen.slice(before)).toEqual([]);
      }
    },
  );

  test("an API failure is an isError result with its status, message and hint", async () => {
    const before = target.seen.length;
    const result = await call("blynk_get_organization", { orgId: 99999 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^NotFoundError: .*not found/im);
    expect(textOf(result)).toContain("Status: 404");
    expect(textOf(result)).toMatch(/^Hint: \S/m);
    expect(target.seen.slice(before).map((request) => request.status)).toEqual([404]);
  });

  test("a tool the server does not have is a protocol error", async () => {
    await expect(session.call("blynk_launch_rockets")).rejects.toThrow(/no tool has that name/);
  });
});

describe("paging", () => {
  const paged = commands.filter((entry) => entry.command.paging);

  test.each(paged)("$name walks the pages up to maxItems and says whether more remain", async ({ name }) => {
    const all = await call(name, { ...exampleArguments(toolOf(name), {}), maxItems: 1000 });
    const { items } = all.structuredContent as { items: unknown[]; more: boolean };
    // Every item the pages hold, and the total the API counts: the same.
    expect(all.structuredContent).toMatchObject({ more: false, total: items.length });
    expect(items.length).toBeGreaterThan(3);

    const some = await call(name, { ...exampleArguments(toolOf(name), {}), maxItems: 3 });
    expect(some.structuredContent).toEqual({ items: items.slice(0, 3), total: items.length, more: true });
    const exactly = await call(name, { ...exampleArguments(toolOf(name), {}), maxItems: items.length });
    expect(exactly.structuredContent).toEqual({ items, total: items.length, more: false });
  });

  test("a page size smaller than maxItems walks several pages", async () => {
    const before = target.seen.length;
    const result = await call("blynk_search_organizations", { query: "Acme", size: 5, maxItems: 12 });
    expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(12);
    expect(target.seen.slice(before).map((request) => new URL(request.line.split(" ")[1]!, "http://x").search)).toEqual(
      ["?query=Acme&size=5&page=0", "?query=Acme&size=5&page=1", "?query=Acme&size=5&page=2"],
    );
  });

  test.each(paged.filter(({ command }) => command.input.properties[command.paging!.page]?.["type"] === "object"))(
    "$name: a page that is not an object, or that holds a number, is an isError result, and nothing is sent",
    async ({ name, command }) => {
      const before = target.seen.length;
      const page = command.paging!.page;
      const result = await call(name, { [page]: 2 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`- ${page} (type): must be an object`);
      // The number is the pager's: the published schema leaves it out, and the tool says so.
      const numbered = await call(name, { [page]: { number: 2 } });
      expect(numbered.isError).toBe(true);
      expect(textOf(numbered)).toContain(`- ${page}.number (additionalProperties)`);
      expect(target.seen.slice(before)).toEqual([]);
    },
  );

  test.each([0, 1001])("maxItems %j is an isError result, and nothing is sent", async (maxItems) => {
    const before = target.seen.length;
    const result = await call("blynk_search_organizations", { query: "Acme", maxItems });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/- maxItems \((minimum|maximum)\)/);
    expect(target.seen.slice(before)).toEqual([]);
  });
});

describe("secrets", () => {
  test("a new organization's token is masked, with its length; its webhook secret is not returned", async () => {
    const result = await call("recrubo_create_organization", {
      name: "Masked Org",
      webhookUrl: "https://hooks.example.com/masked",
      webhookSecret: "whsec_never_shown_42",
    });
    const created = result.structuredContent as { id: string; attributes: Record<string, unknown> };
    const record = target.sandbox.recrubo.organizations().find((organization) => organization.id === created.id)!;
    expect(created.attributes["token"]).toBe(`[masked: ${record.token.length} characters]`);
    expect(created.attributes).not.toHaveProperty("webhookSecret");
    expect(commandOf("recrubo_create_organization").output).toBeDefined();
  });

  test("no credential, token or webhook secret appears in any result of the session or on stderr", () => {
    const published = JSON.stringify(results);
    const stderr = session.stderr();
    expect(stderr).toMatch(/orgkit: GET http:\/\/127\.0\.0\.1:\d+\//); // the log was on
    const secrets = [
      ...credentialValues(target),
      ...target.sandbox.recrubo.organizations().flatMap((organization) => [organization.token]),
      ...target.sandbox.recrubo.organizations().flatMap((organization) => organization.webhookSecret ?? []),
    ];
    expect(secrets.length).toBeGreaterThan(30);
    for (const secret of secrets) {
      expect(published).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
