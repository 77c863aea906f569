// The command line's view of the generated commands: `<api> <resource> <method>`, each method's
// positional arguments and flags, all read from the command tables. Nothing here names an operation.
import { type ApiName, apis, type Command, type JsonSchema } from "./runtime.js";

/** The kinds of command: a call of a method, a paged one, an import of a file's rows. */
export type Use = "call" | "paged" | "import";

/** A command as the command line reaches it. */
export interface CliCommand {
  readonly api: ApiName;
  /** The facade group: `organizations`. */
  readonly resource: string;
  /** The method in kebab case (`refresh-token` for `refreshToken`), or `import`. */
  readonly method: string;
  /** What it does, in one line: the spec's summary. */
  readonly summary: string;
  /** A call of the method (paged or not), or an import of a file's rows with it. */
  readonly use: Use;
  /** The method called: for an import, the create each row is given to. */
  readonly command: Command;
  /** The fields given as positional arguments, in order: single path or query arguments of the method. */
  readonly positionals: readonly Flag[];
  /** Every field as a flag (positional ones too), nested objects flattened: `page.size`. */
  readonly flags: readonly Flag[];
}

/** One field of a command (or one member of an object field) as a flag. */
export interface Flag {
  /** As typed after `--`: the spec's own spelling, nested members joined by dots (`page.size`). */
  readonly name: string;
  /** Where the value goes in the command's fields. */
  readonly path: readonly string[];
  readonly schema: JsonSchema;
  /** The JSON type values are coerced to. */
  readonly type: "string" | "integer" | "number" | "boolean" | "object" | "array";
  /** For an array: its items' type; repeated flags and comma-separated values add items. */
  readonly itemType?: Flag["type"];
  /** Whether `null` is a value the field takes. */
  readonly nullable: boolean;
  readonly required: boolean;
}

/** kebab-case for a facade method name: `refreshToken` → `refresh-token`. */
export const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The JSON type a schema says, through `allOf`/`oneOf`/`anyOf` and a nullable type list. */
export function typeOf(schema: JsonSchema): { type: Flag["type"]; nullable: boolean } {
  const types = new Set<string>();
  const visit = (part: JsonSchema) => {
    const type = part["type"];
    if (typeof type === "string") types.add(type);
    else if (Array.isArray(type)) for (const each of type) types.add(String(each));
    else if (part["properties"]) types.add("object");
    else if (part["const"] !== undefined) types.add(typeof part["const"] === "number" ? "number" : "string");
    for (const key of ["allOf", "oneOf", "anyOf"])
      for (const sub of (part[key] as JsonSchema[] | undefined) ?? []) visit(sub);
  };
  visit(schema);
  const nullable = types.delete("null");
  const [type = "string"] = [...types];
  return { type: (types.size === 1 ? type : "string") as Flag["type"], nullable };
}

/** The members of an object schema, through `allOf`/`oneOf`/`anyOf`. */
export function propertiesOf(schema: JsonSchema): Readonly<Record<string, JsonSchema>> | undefined {
  if (schema["properties"]) return schema["properties"] as Record<string, JsonSchema>;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const sub of (schema[key] as JsonSchema[] | undefined) ?? []) {
      const found = propertiesOf(sub);
      if (found) return found;
    }
  }
  return undefined;
}

function flagsOf(schema: JsonSchema, path: readonly string[], required: boolean): Flag[] {
  const { type, nullable } = typeOf(schema);
  const members = type === "object" ? propertiesOf(schema) : undefined;
  // An object with declared members is one flag per member (Recrubo's page[size] is `--page.size`);
  // one without is a JSON value.
  if (members && Object.keys(members).length > 0) {
    const needed = new Set((schema["required"] as string[] | undefined) ?? []);
    return Object.entries(members).flatMap(([name, member]) =>
      flagsOf(member, [...path, name], required && needed.has(name)),
    );
  }
  const items = schema["items"] as JsonSchema | undefined;
  return [
    {
      name: path.join("."),
      path,
      schema,
      type,
      ...(type === "array" && items ? { itemType: typeOf(items).type } : {}),
      nullable,
      required,
    },
  ];
}

/** A command's flags and positionals, from its input schema and its arguments. */
export function cliCommand(api: ApiName, command: Command): CliCommand {
  const required = new Set(command.input.required ?? []);
  const flags = Object.entries(command.input.properties).flatMap(([name, schema]) =>
    flagsOf(schema, [name], required.has(name)),
  );
  const positionals = command.args.flatMap((argument) =>
    "field" in argument ? flags.filter((flag) => flag.name === argument.field) : [],
  );
  const use = command.paging ? "paged" : "call";
  return {
    api,
    resource: command.group,
    method: kebab(command.method),
    summary: command.summary,
    use,
    command,
    positionals,
    flags,
  };
}

/**
 * The import of a create that declares one (`x-orgkit.import`): `orgkit <api> <resource> import FILE`,
 * whose rows are the create's fields. It has no flags of its own; the file's columns are its fields.
 */
function importCommand(api: ApiName, create: Command): CliCommand {
  const summary = `${create.summary}, once for each row of a CSV or NDJSON file; a rerun continues where one stopped`;
  return {
    api,
    resource: create.group,
    method: "import",
    summary,
    use: "import",
    command: create,
    positionals: [],
    flags: [],
  };
}

/** Every command of both APIs, in the tables' order, each import after its create. */
export const cliCommands: readonly CliCommand[] = (Object.keys(apis) as ApiName[]).flatMap((api) =>
  apis[api].commands.flatMap((command) => [
    cliCommand(api, command),
    ...(command.import ? [importCommand(api, command)] : []),
  ]),
);

export const apiNames = Object.keys(apis) as ApiName[];

/** The resources of an API, in the tables' order. */
export function resourcesOf(api: ApiName): string[] {
  return [...new Set(cliCommands.filter((each) => each.api === api).map((each) => each.resource))];
}

/** The commands of a resource. */
export function methodsOf(api: ApiName, resource: string): CliCommand[] {
  return cliCommands.filter((each) => each.api === api && each.resource === resource);
}

/** A method by the name typed: kebab case, or the facade's camel case. */
export function findMethod(api: ApiName, resource: string, typed: string): CliCommand | undefined {
  return methodsOf(api, resource).find(
    (each) => each.method === typed || (each.use !== "import" && each.command.method === typed),
  );
}

/** The command an import gives its rows to (its create), or the command itself for a call. */
export function callOf(each: CliCommand): CliCommand {
  if (each.use !== "import") return each;
  return cliCommands.find((other) => other.use !== "import" && other.command === each.command)!;
}

/** Whether the facade's result of a command is a page of a list (the CLI prints its items). */
export const isPaged = (command: Command) => command.paging !== undefined;
