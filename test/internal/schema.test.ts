import { describe, expect, test } from "vitest";
import { compile, type Schema } from "../../src/internal/schema.js";

describe("compile", () => {
  test("compiles a schema once, and a subschema shared between schemas once", () => {
    const shared: Schema = { type: "string" };
    const first: Schema = { properties: { a: shared } };
    const second: Schema = { items: shared };

    expect(compile(first)).toBe(compile(first));
    expect(compile(first).properties?.get("a")).toBe(compile(second).items);
  });

  test("gives every node the same keys, whatever the literal holds", () => {
    const keys = (schema: Schema) => Object.keys(compile(schema));

    expect(keys({})).toEqual(
      keys({
        type: "object",
        required: ["a"],
        properties: { a: {} },
        additionalProperties: false,
        pattern: "^a",
        format: "uuid",
      }),
    );
  });

  test("compiles a pattern with the u flag, finds a checked format, and leaves an unknown one out", () => {
    expect(compile({ pattern: "^\\p{L}+$" }).pattern?.test("Київ")).toBe(true);
    expect(compile({ format: "uuid" }).format?.description).toBe("a UUID");
    expect(compile({ format: "date-time" }).format).toBeUndefined();
    expect(compile({ format: "int32" }).int32).toBe(true);
    // Nothing to test a string against: the hot path skips it.
    expect(compile({ type: "string" }).pattern).toBeUndefined();
    expect(compile({ type: "string" }).format).toBeUndefined();
  });

  test("a node is type-only when type is the one keyword checked", () => {
    const described: Schema = JSON.parse('{ "type": "string", "description": "a name", "default": "a" }');
    expect(compile(described).typeOnly).toBe(true);
    expect(compile({ type: "string", maxLength: 3 }).typeOnly).toBe(false);
    expect(compile({ type: "integer", format: "int32" }).typeOnly).toBe(false);
    expect(compile({ enum: ["a"] }).typeOnly).toBe(false);
  });

  test("additionalProperties true is the same as none", () => {
    expect(compile({ additionalProperties: true }).additionalProperties).toBeUndefined();
    expect(compile({ additionalProperties: false }).additionalProperties).toBe(false);
  });
});
