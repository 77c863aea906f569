// The public names of a spec's types (`x-orgkit.types`), and the TypeScript each stands for: the
// aliases orgkit exports, and the names the facade's signatures use wherever a type is one of them.
// Read from the bundled spec, whose `$ref`s still say which component a schema is.
import type { SpecDocument } from "./spec.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A public type: its name, the TypeScript it aliases, its words and whether it is an object (for TypeDoc). */
export interface TypeName {
  name: string;
  key: string;
  expression: string;
  description: string;
  object: boolean;
}

/** Where a type sits in the spec, as `x-orgkit.types` names it. */
export interface TypeNames {
  declared: TypeName[];
  /** The public name of the type at `key` (`schemas.Organization`, `createOrganization.body.data.attributes`). */
  nameOf(key: string): string | undefined;
  /** The key of the component a schema (in the bundled spec) is, following `$ref`s: `schemas.<name>`. */
  componentOf(schema: Json | undefined): string | undefined;
  /** The bundled schema the steps lead to from an operation's request body, response or parameter. */
  schemaAt(
    operationId: string,
    where: "body" | "response" | { parameter: string },
    steps: ReadonlyArray<string | number>,
  ): Json | undefined;
}

export function typeNames(bundled: SpecDocument, expressionOf: (key: string) => string): TypeNames {
  const resolve = (node: Json | undefined): Json | undefined => {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current["$ref"] === "string" && hops < 32; hops++) {
      current = pointer(bundled as unknown as Json, current["$ref"]);
    }
    return current;
  };
  const operations = new Map<string, { operation: JsonObject; parameters: Json[] }>();
  for (const item of Object.values(bundled.paths)) {
    const path = resolve(item as unknown as Json);
    if (!isObject(path)) continue;
    for (const [method, value] of Object.entries(path)) {
      const operation = resolve(value);
      if (method === "parameters" || !isObject(operation) || typeof operation["operationId"] !== "string") continue;
      const parameters = [...list(path["parameters"]), ...list(operation["parameters"])].map(resolve) as Json[];
      operations.set(operation["operationId"], { operation, parameters });
    }
  }
  const declared = Object.entries(declaredTypes(bundled)).map(([name, { type, description }]) => {
    const schema = schemaOfKey(type);
    return {
      name,
      key: type,
      expression: expressionOf(type),
      description,
      object: isObject(schema) && schema["type"] === "object",
    };
  });
  const byKey = new Map(declared.map((type) => [type.key, type.name]));

  function schemaAt(
    operationId: string,
    where: "body" | "response" | { parameter: string },
    steps: ReadonlyArray<string | number>,
  ) {
    const found = operations.get(operationId);
    if (!found) return undefined;
    let node: Json | undefined;
    if (where === "body") node = firstMedia(resolve(found.operation["requestBody"]));
    else if (where === "response") {
      const responses = resolve(found.operation["responses"]);
      const success = isObject(responses)
        ? Object.entries(responses).find(
            ([status, response]) =>
              /^2\d\d$/.test(status) && isObject(resolve(response)) && (resolve(response) as JsonObject)["content"],
          )
        : undefined;
      node = success && firstMedia(resolve(success[1]));
    } else {
      const parameter = found.parameters.find(
        (candidate) => isObject(candidate) && candidate["name"] === where.parameter,
      );
      node = isObject(parameter) ? parameter["schema"] : undefined;
    }
    for (const step of steps) {
      const schema = resolve(node);
      if (!isObject(schema)) return undefined;
      node =
        typeof step === "number"
          ? schema["items"]
          : isObject(schema["properties"])
            ? schema["properties"][step]
            : undefined;
    }
    return node;
  }

  function schemaOfKey(key: string): Json | undefined {
    const [first, ...rest] = key.split(".");
    if (first === "schemas")
      return resolve(pointer(bundled as unknown as Json, `#/components/schemas/${rest.join(".")}`));
    if (rest[0] === "body") return resolve(schemaAt(first!, "body", rest.slice(1)));
    return { type: "object" }; // a query, which the generated types give as an object
  }

  return {
    declared,
    nameOf: (key) => byKey.get(key),
    componentOf(schema) {
      const ref = isObject(schema) ? schema["$ref"] : undefined;
      return typeof ref === "string" && ref.startsWith("#/components/schemas/")
        ? `schemas.${ref.slice(21)}`
        : undefined;
    },
    schemaAt,
  };

  function firstMedia(body: Json | undefined): Json | undefined {
    const content = isObject(body) ? body["content"] : undefined;
    const media = isObject(content) ? Object.values(content)[0] : undefined;
    return isObject(media) ? media["schema"] : undefined;
  }
}

function declaredTypes(spec: SpecDocument): Record<string, { type: string; description: string }> {
  const declared = (spec as unknown as JsonObject)["x-orgkit"];
  const types = isObject(declared) ? declared["types"] : undefined;
  if (types === undefined) return {};
  if (!isObject(types)) throw new Error("x-orgkit.types must map each public name to { type, description }");
  return Object.fromEntries(
    Object.entries(types).map(([name, value]) => {
      if (!isObject(value) || typeof value["type"] !== "string" || typeof value["description"] !== "string") {
        throw new Error(`x-orgkit.types.${name} must be { type, description }`);
      }
      return [name, { type: value["type"], description: value["description"] }];
    }),
  );
}

function pointer(document: Json, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: Json | undefined = document;
  for (const raw of ref.slice(2).split("/")) {
    const step = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = isObject(node) ? node[step] : Array.isArray(node) ? node[Number(step)] : undefined;
  }
  return node;
}

function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
