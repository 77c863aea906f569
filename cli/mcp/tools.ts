// One MCP tool per command of the generated tables, derived from the command alone: its name,
// words, input and output schemas and annotations. No tool is named here.
import type { Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import { type ApiName, apis, type Command, type JsonSchema } from "../runtime.js";
import { published, schemaAt } from "./schemas.js";

/** A paged tool's `maxItems`: its default, and the most one call returns. */
export const maxItems = { default: 100, maximum: 1000 } as const;

/** A command as a tool. */
export interface Tool {
  readonly name: string;
  readonly api: ApiName;
  readonly command: Command;
  /** What `tools/list` shows. */
  readonly definition: McpTool;
  /**
   * The schema a result is disclosed under, secret marks included (`published` makes the
   * `outputSchema` from it); none when the command answers no body.
   */
  readonly result: JsonSchema | undefined;
  /** How a result is made from what the command gives: a page walk, the body itself, or the body wrapped in an object. */
  readonly shape: "paged" | "body" | "wrapped" | "none";
}

/** `<api>_<operationId in snake_case>`: `blynk_search_organizations`. */
export function toolName(api: ApiName, operationId: string): string {
  const words = operationId.replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").replace(/([a-z\d])([A-Z])/g, "$1_$2");
  return `${api}_${words.toLowerCase()}`;
}

/** Every command of both APIs as a tool, in the tables' order. */
export function allTools(): Tool[] {
  return (Object.keys(apis) as ApiName[]).flatMap((api) => apis[api].commands.map((command) => toolOf(api, command)));
}

export function toolOf(api: ApiName, command: Command): Tool {
  const name = toolName(api, command.operationId);
  const { result, shape } = resultOf(command);
  const definition: McpTool = {
    name,
    title: command.summary,
    description: `${command.summary}. ${command.description}`,
    inputSchema: published(command.paging ? pagedInput(command) : command.input) as McpTool["inputSchema"],
    ...(result ? { outputSchema: published(result) as NonNullable<McpTool["outputSchema"]> } : {}),
    annotations: {
      title: command.summary,
      readOnlyHint: command.readOnly,
      destructiveHint: command.destructive,
      idempotentHint: command.idempotent,
      // Every tool reaches a service outside this process.
      openWorldHint: true,
    },
  };
  return { name, api, command, definition, result, shape };
}

function resultOf(command: Command): Pick<Tool, "result" | "shape"> {
  const { output, paging } = command;
  if (!output) return { result: undefined, shape: "none" };
  if (paging) {
    const items = schemaAt(output, paging.items)?.["items"];
    return {
      shape: "paged",
      result: {
        type: "object",
        properties: {
          items: {
            type: "array",
            description: "The items, in the order the pages give them, at most `maxItems`.",
            ...(typeof items === "object" && items !== null ? { items } : {}),
          },
          total: {
            type: "integer",
            minimum: 0,
            description: "How many items all pages hold, as the API counts them.",
          },
          more: {
            type: "boolean",
            description:
              "Whether more items remain past these: call again with a larger `maxItems`, or narrow the search.",
          },
        },
        required: ["items", "more"],
        additionalProperties: false,
      },
    };
  }
  // MCP's structured content is an object; a body of another type goes in one.
  if (output["type"] === "object") return { result: output, shape: "body" };
  return {
    shape: "wrapped",
    result: { type: "object", properties: { result: output }, required: ["result"], additionalProperties: false },
  };
}

/**
 * A paged command's fields as its tool takes them: the page number is left out, since the pager
 * sets it (`runAll` drops it: Blynk's `page` is the number, Recrubo's `page` is an object whose
 * `number` it is), and `maxItems` says how far to walk.
 */
function pagedInput(command: Command): JsonSchema {
  const { page } = command.paging!;
  const { [page]: pageField, ...properties }: Record<string, JsonSchema> = command.input.properties;
  const pageProperties = pageField?.["properties"] as Readonly<Record<string, JsonSchema>> | undefined;
  if (pageField && pageProperties) {
    const { number: _number, ...rest } = pageProperties;
    properties[page] = { ...pageField, properties: rest };
  }
  return {
    ...command.input,
    properties: {
      ...properties,
      maxItems: {
        type: "integer",
        minimum: 1,
        maximum: maxItems.maximum,
        default: maxItems.default,
        description: `How many items to return at most, walking as many pages as that takes (at most ${maxItems.maximum}). \`more\` in the result says whether others remain.`,
      },
    },
    ...(command.input.required ? { required: command.input.required.filter((field) => field !== page) } : {}),
  };
}
