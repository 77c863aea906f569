// A tool call: the arguments checked, the command run (a paged one walked), and what it gives, or
// why it failed, as a tool result. A mistake in the arguments and a failure of the API are results
// with `isError`, which the model reads and can act on; only a bug is a protocol error.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { OrgkitError, ValidationError, type ValidationIssue } from "../../src/index.js";
import { type clientFor, pageFacts, run, runPages } from "../runtime.js";
import { disclose } from "./schemas.js";
import { maxItems, type Tool } from "./tools.js";

type Client = ReturnType<typeof clientFor>;

export interface CallContext {
  client: Client;
  /** Shows issued secrets (a new organization's key) rather than masking them. */
  reveal: boolean;
  /** Aborts when the assistant cancels the call. */
  signal: AbortSignal;
}

/** Calls a tool with the arguments the assistant gave; resolves with its result, whatever the API answered. */
export async function callTool(
  tool: Tool,
  args: Readonly<Record<string, unknown>>,
  context: CallContext,
): Promise<CallToolResult> {
  const issues = argumentIssues(tool, args);
  if (issues.length > 0) return invalid(issues);
  try {
    const value = await answer(tool, args, context);
    if (!tool.result) return { content: [{ type: "text", text: `${tool.command.summary}: done.` }] };
    const structured = disclose(value, tool.result, context.reveal) as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
  } catch (error) {
    if (error instanceof ValidationError) return invalid(error.issues);
    if (error instanceof OrgkitError) return failed(error);
    throw error;
  }
}

async function answer(tool: Tool, args: Readonly<Record<string, unknown>>, context: CallContext): Promise<unknown> {
  const { client, signal } = context;
  if (tool.shape !== "paged") {
    const body = await run(client, tool.command, args, { signal });
    return tool.shape === "wrapped" ? { result: body } : body;
  }
  const { maxItems: wanted = maxItems.default, ...fields } = args as { maxItems?: number };
  // One item past those wanted tells whether more remain; at most one page more is read for it.
  const items: unknown[] = [];
  let total: number | undefined;
  for await (const page of runPages(client, tool.command, fields, { maxItems: wanted + 1, signal })) {
    const facts = pageFacts(tool.command, page);
    total ??= facts.total;
    items.push(...facts.items);
  }
  return { items: items.slice(0, wanted), ...(total === undefined ? {} : { total }), more: items.length > wanted };
}

/**
 * What the client's validation cannot see: a field the tool does not take (the command's fields
 * are picked by name, so an unknown one would be dropped unseen) and `maxItems`, the tool's own.
 */
export function argumentIssues(tool: Tool, args: Readonly<Record<string, unknown>>): ValidationIssue[] {
  const properties = tool.definition.inputSchema.properties ?? {};
  const known = Object.keys(properties);
  const issues: ValidationIssue[] = Object.keys(args)
    .filter((field) => !known.includes(field))
    .map((field) => ({
      field,
      rule: "additionalProperties",
      message: `is not an argument of ${tool.name}; it takes ${known.length === 0 ? "none" : known.join(", ")}`,
    }));
  if (tool.shape !== "paged") return issues;
  // runAll keeps a page field only as an object (its size: the number is the pager's) and drops
  // any other value, or the number in it, unseen, before the client could say a word.
  const page = tool.command.paging!.page;
  const given = args[page];
  if (page in properties && given !== undefined) {
    if (typeof given !== "object" || given === null || Array.isArray(given))
      issues.push({ field: page, rule: "type", message: "must be an object" });
    else {
      const members = Object.keys((properties[page] as { properties?: object }).properties ?? {});
      for (const member of Object.keys(given).filter((name) => !members.includes(name)))
        issues.push({
          field: `${page}.${member}`,
          rule: "additionalProperties",
          message: `is not an argument of ${tool.name}; ${page} takes ${members.join(", ") || "none"}, and maxItems says how far to page`,
        });
    }
  }
  const wanted = args["maxItems"];
  if (wanted !== undefined) {
    const rule = !Number.isInteger(wanted) ? "type" : (wanted as number) < 1 ? "minimum" : "maximum";
    if (rule !== "maximum" || (wanted as number) > maxItems.maximum)
      issues.push({ field: "maxItems", rule, message: `must be a whole number from 1 to ${maxItems.maximum}` });
  }
  return issues;
}

function invalid(issues: readonly ValidationIssue[]): CallToolResult {
  const lines = issues.map((issue) => `- ${issue.field} (${issue.rule}): ${issue.message}`);
  const text = `Invalid arguments, nothing was sent. Correct these and call again:\n${lines.join("\n")}`;
  return { isError: true, content: [{ type: "text", text }] };
}

/** An error of the API or of the connection, with its status and hint when it has them (its message is already redacted). */
function failed(error: OrgkitError): CallToolResult {
  const { status, hint } = error as { status?: unknown; hint?: unknown };
  const lines = [
    `${error.name}: ${error.message}`,
    ...(typeof status === "number" ? [`Status: ${status}`] : []),
    ...(typeof hint === "string" && hint ? [`Hint: ${hint}`] : []),
  ];
  return { isError: true, content: [{ type: "text", text: lines.join("\n") }] };
}
