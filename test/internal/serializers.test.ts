import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/index.js";
import { querySerializer, serializePath } from "../../src/internal/serializers.js";
import { naming } from "../support/messages.js";

/** The ValidationError `serialize` throws; fails the test when it throws nothing or something else. */
function thrownBy(serialize: () => unknown): ValidationError {
  try {
    serialize();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

describe("querySerializer", () => {
  const serializeQuery = querySerializer([]);
  const withSort = querySerializer(["sort"]);

  test("writes values, repeated names for arrays and deepObject brackets", () => {
    expect(serializeQuery({ query: "acme", size: 50, flag: true, ids: [1, 2], page: { number: 2, size: 25 } })).toBe(
      "query=acme&size=50&flag=true&ids=1&ids=2&page[number]=2&page[size]=25",
    );
  });

  test("percent-encodes every name, key and value, so none can add a parameter or end the query", () => {
    expect(serializeQuery({ "a&b=c": "d#e", filter: { "x]&y": "1&z=2" } })).toBe(
      "a%26b%3Dc=d%23e&filter[x%5D%26y]=1%26z%3D2",
    );
  });

  test("leaves out undefined and null, as absent parameters", () => {
    expect(serializeQuery({ a: undefined, b: null, c: "", page: { number: undefined } })).toBe("c=");
  });

  test("refuses a parameter nested deeper than deepObject, naming it", () => {
    expect(thrownBy(() => serializeQuery({ filter: { name: { eq: "x" } } })).issues).toEqual([
      { field: "filter.name", rule: "type", message: naming("string", "number", "boolean") },
    ]);
  });

  test("refuses a deepObject key with a lone surrogate, naming the parameter and the key", () => {
    expect(thrownBy(() => serializeQuery({ filter: { "x\uDC00": "1" } })).issues).toEqual([
      {
        field: "filter.x\uDC00",
        rule: "unicode",
        message: naming("surrogate"),
      },
    ]);
  });

  test("refuses a value nested too deep for its nesting, whatever it holds", () => {
    expect(thrownBy(() => serializeQuery({ filter: { name: ["\uD800"] } })).issues).toEqual([
      {
        field: "filter.name",
        rule: "type",
        message: naming("string", "number", "boolean"),
      },
    ]);
  });

  test("joins the array of a comma-separated parameter with literal commas, in order", () => {
    expect(withSort({ sort: ["-createdAt", "name"], page: { size: 10 } })).toBe("sort=-createdAt,name&page[size]=10");
    expect(withSort({ sort: ["name"] })).toBe("sort=name");
  });

  test("percent-encodes each item of a comma-separated array, so a comma or & inside one is not a separator", () => {
    expect(withSort({ sort: ["a,b", "c&d=e", "f#g"] })).toBe("sort=a%2Cb,c%26d%3De,f%23g");
    expect(new URLSearchParams(withSort({ sort: ["a,b", "c&d=e"] })).get("sort")).toBe("a,b,c&d=e");
    expect([...new URLSearchParams(withSort({ sort: ["a,b", "c&d=e"] })).keys()]).toEqual(["sort"]);
  });

  test("still repeats the name of an array parameter the list does not name", () => {
    expect(withSort({ sort: ["name", "-createdAt"], ids: ["a,b", "c"] })).toBe("sort=name,-createdAt&ids=a%2Cb&ids=c");
    expect(serializeQuery({ sort: ["name", "-createdAt"] })).toBe("sort=name&sort=-createdAt");
  });

  test("drops null and undefined items of a comma-separated array, and writes nothing for an empty one", () => {
    expect(withSort({ sort: [null, "name", undefined, "-createdAt"] })).toBe("sort=name,-createdAt");
    expect(withSort({ sort: [], size: 1 })).toBe("size=1");
    expect(withSort({ sort: [null, undefined] })).toBe("");
  });

  test("refuses an item with a lone surrogate, naming the item", () => {
    expect(thrownBy(() => withSort({ sort: ["\uD800"] }))).toMatchObject({
      issues: [{ field: "sort[0]", rule: "unicode" }],
    });
    expect(thrownBy(() => withSort({ sort: ["name", "x\uDC00"] }))).toMatchObject({
      issues: [{ field: "sort[1]", rule: "unicode" }],
    });
    expect(thrownBy(() => serializeQuery({ sort: ["\uD800"] }))).toMatchObject({
      issues: [{ field: "sort[0]", rule: "unicode" }],
    });
    // A well-formed pair is one code point, not a lone half.
    expect(withSort({ sort: ["\uD83D\uDE00"] })).toBe("sort=%F0%9F%98%80");
  });

  test("refuses an array item that is itself an object or array, naming it", () => {
    expect(thrownBy(() => withSort({ sort: ["name", ["x"]] })).issues).toMatchObject([
      { field: "sort[1]", rule: "type" },
    ]);
    expect(thrownBy(() => serializeQuery({ ids: [{ a: 1 }] })).issues).toMatchObject([
      { field: "ids[0]", rule: "type" },
    ]);
  });
});

describe("serializePath", () => {
  test("fills in and percent-encodes path parameters", () => {
    expect(serializePath("https://x.test/orgs/{id}", { id: "a/b?c#d" })).toBe("https://x.test/orgs/a%2Fb%3Fc%23d");
  });

  test.each(["", ".", ".."])("refuses %j, which would point the URL at another resource", (id) => {
    expect(thrownBy(() => serializePath("https://x.test/orgs/{id}", { id })).issues).toEqual([
      { field: "id", rule: "pattern", message: naming() },
    ]);
  });

  test("refuses a parameter with a lone surrogate, naming it", () => {
    expect(thrownBy(() => serializePath("https://x.test/orgs/{id}", { id: "a\uD800" })).issues).toEqual([
      {
        field: "id",
        rule: "unicode",
        message: naming("surrogate"),
      },
    ]);
  });
});
