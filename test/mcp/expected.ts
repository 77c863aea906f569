import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type ApiName, apis, type Command } from "../../cli/runtime.js";

// What the tools must be, derived here from the generated tables on their own (not through the
// server's code), and the schema checks every tool list is held to.

/** Every command of both APIs, with the tool name the issue gives it: `<api>_<operationId in snake_case>`. */
export const commands = (Object.keys(apis) as ApiName[]).flatMap((api) =>
  apis[api].commands.map((command: Command) => ({
    api,
    command,
    name: `${api}_${command.operationId.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`,
  })),
);

export const commandOf = (name: string) => commands.find((entry) => entry.name === name)!.command;

/**
 * ajv for JSON Schema 2020-12 in strict mode, so that a keyword no validator knows (a leftover
 * `x-orgkit-secret`) fails to compile; ajv-formats and the spec's own `iana-time-zone` are known formats.
 */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat("iana-time-zone", {
    type: "string",
    validate: (value: string) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: value });
        return /^[A-Za-z]/.test(value);
      } catch {
        return false;
      }
    },
  });
  return ajv;
}

type Schema = Record<string, unknown>;

/** Every subschema with `examples`, as `[path, schema]`. */
export function withExamples(schema: Schema, path = ""): Array<[string, Schema]> {
  const found: Array<[string, Schema]> = Array.isArray(schema["examples"]) ? [[path || "(root)", schema]] : [];
  const children: Array<[string, unknown]> = [
    ...Object.entries((schema["properties"] as Schema | undefined) ?? {}).map(([name, child]): [string, unknown] => [
      `${path}.${name}`,
      child,
    ]),
    [`${path}[]`, schema["items"]],
    ...["allOf", "anyOf", "oneOf"].flatMap((keyword) =>
      ((schema[keyword] as unknown[] | undefined) ?? []).map((child, index): [string, unknown] => [
        `${path}/${keyword}/${index}`,
        child,
      ]),
    ),
  ];
  for (const [childPath, child] of children)
    if (typeof child === "object" && child !== null) found.push(...withExamples(child as Schema, childPath));
  return found;
}

/**
 * Arguments made from the spec alone: each field's first example, a required field without one at
 * its simplest (`""`, its minimum), and the fields that name an organization set to `ids`.
 */
export function exampleArguments(tool: Tool, ids: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { properties = {}, required = [] } = tool.inputSchema;
  const args: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(properties as Record<string, Schema>)) {
    if (field in ids) args[field] = ids[field];
    else if (Array.isArray(schema["examples"])) args[field] = schema["examples"][0];
    else if (required.includes(field)) args[field] = schema["type"] === "string" ? "" : (schema["minimum"] ?? 0);
  }
  return args;
}

/** A value of another JSON type than the field's schema says, or undefined when the schema names no type. */
export function wrongType(schema: Schema): unknown {
  const type = Array.isArray(schema["type"]) ? schema["type"][0] : schema["type"];
  const wrong: Record<string, unknown> = {
    string: 12345,
    integer: "twelve",
    number: "twelve",
    boolean: "yes",
    object: "not an object",
    array: "not an array",
  };
  return typeof type === "string" ? wrong[type] : undefined;
}
