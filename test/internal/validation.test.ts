import ajvFormats from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { rules as blynkRules } from "../../generated/blynk.rules.js";
import { rules as recruboRules, webhooks } from "../../generated/recrubo.rules.js";
import { ValidationError } from "../../src/errors.js";
import { checkedKeywords, type Schema } from "../../src/internal/schema.js";
import { assertValid, check, type Drift } from "../../src/internal/validation.js";
import { broken, type JsonSchema, valid } from "../properties/schemas.js";
import { specAjv } from "../properties/spec.js";
import { naming } from "../support/messages.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";

// `check` on its own: each keyword at its boundary, with the field and rule of the issue it reports
// and what its message must name (the limit, the values allowed), not the message's wording.
const issues = (schema: Schema, value: unknown, field = "x") => check(schema, value, field);

describe("check", () => {
  describe("type", () => {
    test.each([
      { type: "string", good: ["", "a"], bad: [1, null, undefined, {}, []] },
      { type: "integer", good: [0, -3, 2 ** 53], bad: [1.5, "1", NaN, null] },
      { type: "number", good: [0, 1.5, -2], bad: [NaN, Infinity, -Infinity, "1", null] },
      { type: "boolean", good: [true, false], bad: [0, "true", null] },
      { type: "null", good: [null], bad: [undefined, 0, ""] },
      { type: "array", good: [[], [1]], bad: [{}, "a", null] },
      { type: "object", good: [{}, { a: 1 }], bad: [[], null, "a", 1] },
    ])("$type", ({ type, good, bad }) => {
      for (const value of good) expect(issues({ type }, value), String(value)).toEqual([]);
      for (const value of bad)
        expect(issues({ type }, value), String(value)).toEqual([{ field: "x", rule: "type", message: naming(type) }]);
    });

    test("names the type it expects, each of a list, and calls a value without a field name argument", () => {
      expect(issues({ type: "integer" }, "a")).toEqual([{ field: "x", rule: "type", message: naming("integer") }]);
      expect(issues({ type: "object" }, 1)[0]?.message).toEqual(naming("object"));
      expect(issues({ type: "array" }, 1)[0]?.message).toEqual(naming("array"));
      expect(issues({ type: "string" }, 1)[0]?.message).toEqual(naming("string"));
      expect(issues({ type: ["string", "null"] }, 1)[0]?.message).toEqual(naming("string", "null"));
      expect(check({ type: "object" }, 1, "")).toEqual([
        { field: "argument", rule: "type", message: naming("object") },
      ]);
    });

    test("a wrong type stops there: no other rule is reported", () => {
      expect(issues({ type: "string", minLength: 3, enum: ["abc"] }, 1)).toHaveLength(1);
    });

    test("a type nothing knows lets any value through", () => {
      expect(issues({ type: "whatever" }, Symbol.iterator)).toEqual([]);
    });
  });

  test("const and enum", () => {
    expect(issues({ const: "organizations" }, "organizations")).toEqual([]);
    expect(issues({ const: "organizations" }, "users")).toEqual([
      { field: "x", rule: "const", message: naming("organizations") },
    ]);
    expect(issues({ enum: ["ASC", "DESC"] }, "DESC")).toEqual([]);
    expect(issues({ enum: ["ASC", "DESC"] }, "asc")).toEqual([
      { field: "x", rule: "enum", message: naming("ASC", "DESC") },
    ]);
  });

  describe("strings", () => {
    test("minLength and maxLength count code points, inclusive at the limit", () => {
      const schema = { minLength: 3, maxLength: 5 };
      expect(issues(schema, "abc")).toEqual([]);
      expect(issues(schema, "abcde")).toEqual([]);
      expect(issues(schema, "ab")).toEqual([{ field: "x", rule: "minLength", message: naming("3") }]);
      expect(issues(schema, "abcdef")).toEqual([{ field: "x", rule: "maxLength", message: naming("5") }]);
      expect(issues(schema, "😀😀😀")).toEqual([]); // six UTF-16 units, three code points
      expect(issues(schema, "😀😀😀😀😀😀")).toEqual([{ field: "x", rule: "maxLength", message: naming("5") }]);
      expect(issues({ maxLength: 1 }, "ab")[0]?.message).toEqual(naming("1"));
      expect(issues({ minLength: 1 }, "")).toEqual([{ field: "x", rule: "minLength", message: naming() }]);
    });

    test("a string over its maximum is not judged further", () => {
      expect(issues({ maxLength: 2, pattern: "^a+$", format: "uuid" }, "bbb").map((issue) => issue.rule)).toEqual([
        "maxLength",
      ]);
    });

    test("pattern is a Unicode regular expression", () => {
      expect(issues({ pattern: "^\\p{L}+$" }, "Kyiv")).toEqual([]);
      expect(issues({ pattern: "^\\p{L}+$" }, "Kyiv1")).toEqual([
        { field: "x", rule: "pattern", message: naming("^\\p{L}+$") },
      ]);
    });

    test.each([
      {
        format: "uuid",
        good: "6e6816eb-fc1d-42bd-bb00-eff973ad207d",
        bad: "6e6816eb-fc1d-42bd-bb00",
        message: naming("UUID"),
      },
      {
        format: "uri",
        good: "https://hooks.example.com/a?b=c#d",
        bad: "https://hooks example.com",
        message: naming("URL"),
      },
      {
        format: "iana-time-zone",
        good: "Europe/Kyiv",
        bad: "Mars/Olympus",
        message: naming("time zone"),
      },
    ])("format $format", ({ format, good, bad, message }) => {
      expect(issues({ format }, good)).toEqual([]);
      expect(issues({ format }, bad)).toEqual([{ field: "x", rule: "format", message }]);
    });

    test("a URI is any of RFC 3986's forms: userinfo with a password, a path of : and @ without an authority", () => {
      for (const uri of ["https://user:secret@hooks.example.com/a", "urn:example:a@b", "mailto:ops@example.com"])
        expect(issues({ format: "uri" }, uri), uri).toEqual([]);
    });

    test("a UUID is the whole string, not one found inside it", () => {
      expect(issues({ format: "uuid" }, "id:6e6816eb-fc1d-42bd-bb00-eff973ad207d")).toHaveLength(1);
      expect(issues({ format: "uuid" }, "6e6816eb-fc1d-42bd-bb00-eff973ad207d0")).toHaveLength(1);
    });

    test("a time zone is a name, not an offset, and never a long string", () => {
      expect(issues({ format: "iana-time-zone" }, "+02:00")).toHaveLength(1);
      expect(issues({ format: "iana-time-zone" }, `Europe/${"K".repeat(80)}`)).toHaveLength(1);
      expect(issues({ format: "iana-time-zone" }, "Europe/Kiev")).toEqual([]); // a link, as Intl knows it
      expect(issues({ format: "iana-time-zone" }, "Europe/Kyiv")).toEqual([]); // again, from what was learned
    });

    test("Intl judges a time zone once, and never an offset or a string longer than any zone's name", () => {
      const judged = vi.spyOn(Intl, "DateTimeFormat");
      const zone = (value: string) => issues({ format: "iana-time-zone" }, value).length === 0;
      try {
        expect([zone("America/Argentina/Ushuaia"), zone("America/Argentina/Ushuaia")]).toEqual([true, true]);
        expect(judged).toHaveBeenCalledOnce();
        expect([zone("+02:00"), zone("-Europe/Kyiv"), zone(`A${"b".repeat(64)}`)]).toEqual([false, false, false]);
        expect(judged).toHaveBeenCalledOnce();
        expect(zone(`A${"b".repeat(63)}`)).toBe(false);
        expect(judged).toHaveBeenCalledTimes(2);
      } finally {
        judged.mockRestore();
      }
    });

    test("a format nothing knows is documentation only", () => {
      expect(issues({ format: "date-time" }, "yesterday")).toEqual([]);
    });
  });

  describe("numbers", () => {
    test("minimum, maximum and exclusiveMinimum, at and beyond their bounds", () => {
      expect(issues({ minimum: 1, maximum: 3 }, 1)).toEqual([]);
      expect(issues({ minimum: 1, maximum: 3 }, 3)).toEqual([]);
      expect(issues({ minimum: 1 }, 0)).toEqual([{ field: "x", rule: "minimum", message: naming("1") }]);
      expect(issues({ maximum: 3 }, 4)).toEqual([{ field: "x", rule: "maximum", message: naming("3") }]);
      expect(issues({ exclusiveMinimum: 0 }, 0.001)).toEqual([]);
      expect(issues({ exclusiveMinimum: 0 }, 0)).toEqual([
        { field: "x", rule: "exclusiveMinimum", message: naming("0") },
      ]);
    });

    test("int32 holds -2^31 to 2^31-1", () => {
      expect(issues({ format: "int32" }, -(2 ** 31))).toEqual([]);
      expect(issues({ format: "int32" }, 2 ** 31 - 1)).toEqual([]);
      expect(issues({ format: "int32" }, 2 ** 31)).toEqual([{ field: "x", rule: "format", message: naming("32") }]);
      expect(issues({ format: "int32" }, -(2 ** 31) - 1)).toEqual([
        { field: "x", rule: "format", message: naming("32") },
      ]);
    });
  });

  // As JSON Schema has it: a keyword of one type says nothing of a value of another, which JavaScript
  // would otherwise compare ("1" < 5, [1] < 5) or count ("ab".length).
  test("number and array keywords leave a value of another type alone", () => {
    for (const value of ["1", [1], true]) expect(issues({ minimum: 5, exclusiveMinimum: 4 }, value)).toEqual([]);
    for (const value of ["ab", { length: 1 }])
      expect(issues({ minItems: 3, items: { type: "integer" } }, value)).toEqual([]);
  });

  test("arrays: minItems and maxItems inclusive, and each item checked under its index", () => {
    const schema = { minItems: 1, maxItems: 2, items: { enum: ["a", "b"] } };
    expect(issues(schema, ["a"])).toEqual([]);
    expect(issues(schema, ["a", "b"])).toEqual([]);
    expect(issues(schema, [])).toEqual([{ field: "x", rule: "minItems", message: naming("1") }]);
    expect(issues(schema, ["a", "b", "a"])).toEqual([{ field: "x", rule: "maxItems", message: naming("2") }]);
    expect(issues({ minItems: 2 }, [1])[0]?.message).toEqual(naming("2"));
    expect(issues({ maxItems: 1 }, [1, 2])[0]?.message).toEqual(naming("1"));
    expect(issues(schema, ["a", "c"])).toEqual([{ field: "x[1]", rule: "enum", message: naming() }]);
  });

  describe("objects", () => {
    test("required: a missing or undefined member, never one inherited", () => {
      const schema = { required: ["name", "constructor"] };
      expect(issues(schema, { name: "a", constructor: 1 })).toEqual([]);
      expect(issues(schema, { name: undefined, constructor: 1 })).toEqual([
        { field: "x.name", rule: "required", message: naming() },
      ]);
      expect(issues(schema, { name: "a" })).toEqual([{ field: "x.constructor", rule: "required", message: naming() }]);
    });

    test("members are named under the field, or alone at the top", () => {
      expect(check({ required: ["name"] }, {}, "")).toEqual([{ field: "name", rule: "required", message: naming() }]);
      expect(
        check({ properties: { page: { properties: { size: { minimum: 1 } } } } }, { page: { size: 0 } }, ""),
      ).toEqual([{ field: "page.size", rule: "minimum", message: naming("1") }]);
    });

    test("a deep member is named by its whole way down, and the walk comes back up for the next", () => {
      const schema = {
        properties: { content: { items: { properties: { tz: { type: "string" } } } }, name: { type: "string" } },
      };
      expect(check(schema, { content: [{ tz: "a" }, { tz: 1 }], name: 2 }, "body")).toEqual([
        { field: "body.content[1].tz", rule: "type", message: naming("string") },
        { field: "body.name", rule: "type", message: naming("string") },
      ]);
      expect(check({ items: { required: ["id"] } }, [{ id: 1 }, {}], "")).toEqual([
        { field: "[1].id", rule: "required", message: naming() },
      ]);
    });

    test("a member with only a type, beside words the check ignores, is named when it breaks it", () => {
      const schema = {
        properties: { id: { type: "integer", description: "the id" }, tags: { type: "array" } },
      } as const;
      expect(issues(schema, { id: 1, tags: [] })).toEqual([]);
      expect(issues(schema, { id: "1", tags: {} })).toEqual([
        { field: "x.id", rule: "type", message: naming("integer") },
        { field: "x.tags", rule: "type", message: naming("array") },
      ]);
    });

    test("object keywords leave a value that is not an object alone", () => {
      expect(issues({ required: ["name"], additionalProperties: false }, "Acme")).toEqual([]);
      expect(issues({ required: ["length"] }, ["a"])).toEqual([]);
    });

    test("a nameless whole argument is called argument, whatever rule it breaks", () => {
      expect(check({ type: "object" }, 1, "")).toEqual([
        { field: "argument", rule: "type", message: naming("object") },
      ]);
      expect(check({ enum: ["a"] }, "b", "")).toEqual([{ field: "argument", rule: "enum", message: naming() }]);
    });

    test("members inherited through a tampered prototype are not walked", () => {
      Object.defineProperty(Object.prototype, "tampered", {
        value: 1,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      try {
        expect(issues({ properties: {}, additionalProperties: false }, {})).toEqual([]);
        expect(issues({ additionalProperties: { type: "string" } }, { a: "1" })).toEqual([]);
      } finally {
        delete (Object.prototype as Record<string, unknown>).tampered;
      }
    });

    test("additionalProperties: false refuses unknown own members, a schema checks them, absent lets them be", () => {
      expect(issues({ properties: { a: {} }, additionalProperties: false }, { a: 1, b: 2 })).toEqual([
        { field: "x.b", rule: "additionalProperties", message: naming() },
      ]);
      expect(issues({ properties: { a: {} }, additionalProperties: false }, { a: 1, b: undefined })).toEqual([]);
      expect(issues({ properties: {}, additionalProperties: false }, JSON.parse('{"__proto__": 1}'))).toEqual([
        { field: "x.__proto__", rule: "additionalProperties", message: naming() },
      ]);
      expect(issues({ additionalProperties: { type: "string" } }, { a: "1", b: 2 })).toEqual([
        { field: "x.b", rule: "type", message: naming("string") },
      ]);
      expect(issues({ properties: { a: { type: "string" } } }, { a: "1", b: 2 })).toEqual([]);
    });

    test("propertyNames: a bad name is reported once, naming the pattern names must match", () => {
      const schema = { propertyNames: { pattern: "^[a-z]+$" }, additionalProperties: { type: "string" } };
      expect(issues(schema, { ok: "1" })).toEqual([]);
      expect(issues(schema, { "a]b": 2 })).toEqual([
        {
          field: "x.a]b",
          rule: "propertyNames",
          message: naming("^[a-z]+$"),
        },
      ]);
      expect(issues({ propertyNames: { maxLength: 1 } }, { ab: 1 })[0]?.message).toEqual(naming("spec"));
    });

    test("dependentRequired: each missing companion of a present member", () => {
      const schema = { dependentRequired: { webhookUrl: ["webhookSecret"], webhookSecret: ["webhookUrl"] } };
      expect(issues(schema, {})).toEqual([]);
      expect(issues(schema, { webhookUrl: "u", webhookSecret: "s" })).toEqual([]);
      expect(issues(schema, { webhookUrl: "u" })).toEqual([
        { field: "x.webhookSecret", rule: "dependentRequired", message: naming("webhookUrl") },
      ]);
      expect(issues(schema, { webhookUrl: "u", webhookSecret: undefined })).toHaveLength(1);
    });
  });

  test("allOf reports every part's issues; anyOf one issue unless some part holds", () => {
    expect(issues({ allOf: [{ minLength: 2 }, { pattern: "^b" }] }, "a").map((issue) => issue.rule)).toEqual([
      "minLength",
      "pattern",
    ]);
    const either = { anyOf: [{ type: "string" }, { type: "null" }] };
    expect(issues(either, null)).toEqual([]);
    expect(issues(either, "a")).toEqual([]);
    expect(issues(either, 1)).toEqual([{ field: "x", rule: "anyOf", message: naming("string", "null") }]);
    expect(issues({ anyOf: [{ minimum: 5 }, { type: ["integer", "null"] }] }, 1.5)[0]?.message).toEqual(
      naming("integer", "null"),
    );
  });
  // A node with a type alone is judged by its type; every other keyword the generator lets through
  // must keep a node off that fast path, or its rule would go unchecked beside a type.
  test("every checked keyword is checked beside a type", () => {
    const broken: Record<string, [Schema, unknown, string]> = {
      type: [{ type: "string" }, 1, "type"],
      properties: [{ type: "object", properties: { a: { type: "string" } } }, { a: 1 }, "type"],
      required: [{ type: "object", required: ["a"] }, {}, "required"],
      additionalProperties: [{ type: "object", additionalProperties: false }, { a: 1 }, "additionalProperties"],
      dependentRequired: [{ type: "object", dependentRequired: { a: ["b"] } }, { a: 1 }, "dependentRequired"],
      propertyNames: [{ type: "object", propertyNames: { maxLength: 1 } }, { ab: 1 }, "propertyNames"],
      items: [{ type: "array", items: { type: "string" } }, [1], "type"],
      minItems: [{ type: "array", minItems: 1 }, [], "minItems"],
      maxItems: [{ type: "array", maxItems: 0 }, [1], "maxItems"],
      enum: [{ type: "string", enum: ["a"] }, "b", "enum"],
      const: [{ type: "string", const: "a" }, "b", "const"],
      minLength: [{ type: "string", minLength: 2 }, "a", "minLength"],
      maxLength: [{ type: "string", maxLength: 1 }, "ab", "maxLength"],
      pattern: [{ type: "string", pattern: "^a" }, "b", "pattern"],
      format: [{ type: "string", format: "uuid" }, "b", "format"],
      minimum: [{ type: "number", minimum: 1 }, 0, "minimum"],
      maximum: [{ type: "number", maximum: 1 }, 2, "maximum"],
      exclusiveMinimum: [{ type: "number", exclusiveMinimum: 0 }, 0, "exclusiveMinimum"],
      allOf: [{ type: "string", allOf: [{ minLength: 2 }] }, "a", "minLength"],
      anyOf: [{ type: "string", anyOf: [{ minLength: 2 }, { pattern: "^b" }] }, "a", "anyOf"],
    };

    expect(Object.keys(broken).sort()).toEqual([...checkedKeywords].sort());
    for (const [keyword, [schema, value, rule]] of Object.entries(broken))
      expect(
        issues(schema, value).map((issue) => issue.rule),
        keyword,
      ).toEqual([rule]);
  });

  test("a response's forms are judged leniently, an argument's strictly", () => {
    const schema: Schema = { anyOf: [{ type: "object", properties: { state: { enum: ["on"] } } }, { type: "null" }] };
    const drift: Drift[] = [];

    expect(check(schema, { state: "paused" }, "body", drift)).toEqual([]);
    expect(drift).toEqual([]); // drift inside a form goes unreported
    expect(check(schema, { state: "paused" }, "x").map((issue) => issue.rule)).toEqual(["anyOf"]);
  });

  test("drift is told once for every item of a list, at any index", () => {
    const schema: Schema = { type: "array", items: { type: "object", properties: { id: { type: "integer" } } } };
    const drift: Drift[] = [];
    const items = Array.from({ length: 12 }, (_, id) => (id === 11 ? { id, tier: "gold" } : { id }));

    expect(check({ type: "object", properties: { content: schema } }, { content: items }, "body", drift)).toEqual([]);
    expect(drift).toEqual([{ path: "body.content[].tier", kind: "unknown member" }]);
  });
});

describe("assertValid", () => {
  test("returns when no list holds an issue, and throws every issue of every list at once", () => {
    expect(() => assertValid([], [])).not.toThrow();
    const first = { field: "a", rule: "type", message: naming("string") };
    const second = { field: "b", rule: "required", message: naming() };

    const error = (() => {
      try {
        assertValid([first], [], [second]);
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([first, second]);
  });
});

describe("check against ajv", () => {
  announceSeed("check against ajv", "test/internal/validation.test.ts");

  // Every schema the client checks values against (the request rules and answer shapes of both
  // generated rule files, and the webhook payload), and every schema of a value inside them, so that
  // a rule deep in a body is also broken on its own. (Names are checked as names, with their object.)
  const within = (schema: JsonSchema): JsonSchema[] => [
    schema,
    ...[
      ...Object.values(schema.properties ?? {}),
      ...(schema.items ? [schema.items] : []),
      ...(typeof schema.additionalProperties === "object" ? [schema.additionalProperties] : []),
      ...(schema.allOf ?? []),
      ...(schema.anyOf ?? []),
    ].flatMap(within),
  ];
  const generated = [
    ...[blynkRules, recruboRules].flatMap((rules) =>
      Object.values(rules).flatMap((rule) =>
        Object.entries(rule)
          .filter(([part]) => part !== "route")
          .map(([, schema]) => schema as JsonSchema),
      ),
    ),
    ...Object.values(webhooks).map((schema) => schema as JsonSchema),
  ];
  const schemas = [...new Map(generated.flatMap(within).map((schema) => [JSON.stringify(schema), schema])).values()];

  // ajv-formats reads two formats more loosely than orgkit documents them: a UUID is RFC 4122's
  // string form (not the urn:uuid: URN), and a URI must also be one a URL parser takes as it is.
  const ajvFormat = (name: "uuid" | "uri") => {
    const format = ajvFormats.fullFormats[name];
    if (format instanceof RegExp) return (value: string) => format.test(value);
    if (typeof format === "function") return (value: string) => format(value) === true;
    throw new Error(`ajv-formats defines ${name} in a way this test does not read`);
  };
  const [ajvUuid, ajvUri] = [ajvFormat("uuid"), ajvFormat("uri")];
  const judge = specAjv({
    uuid: (value) => ajvUuid(value) && !/^urn:/i.test(value),
    uri: (value) => ajvUri(value) && URL.canParse(value),
  });

  /** A value JSON can carry: no undefined, NaN, Infinity, function, symbol, bigint or class instance. */
  const isJson = (value: unknown): boolean => {
    if (value === null || typeof value === "string" || typeof value === "boolean") return true;
    if (typeof value === "number") return Number.isFinite(value);
    if (Array.isArray(value)) return value.every(isJson);
    if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
    return Object.values(value).every(isJson);
  };

  const values = (schema: JsonSchema) =>
    fc.oneof(
      { weight: 2, arbitrary: valid(schema, { extras: true }) },
      {
        weight: 5,
        arbitrary: valid(schema)
          .chain((value) => broken(schema, value))
          .map((breakage) => breakage.value),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    );

  test(`finds no issue in exactly the JSON values ajv accepts, for every generated schema (${runs(5000)} runs)`, async () => {
    await assertProperty(
      fc.property(
        fc.constantFrom(...schemas).chain((schema) => values(schema).map((value) => ({ schema, value }))),
        ({ schema, value }) => {
          fc.pre(isJson(value));
          const accepted = judge.validate(schema as object, value) === true;

          expect(check(schema, value, "x").length === 0).toBe(accepted);
        },
      ),
      runs(5000),
    );
  });
});
