import { describe, expect, test } from "vitest";
import { declaredFields, queryParameters, readJson } from "../../src/sandbox/http.js";

const schema = {
  type: "object",
  properties: { page: { type: "object", properties: { size: { type: "integer" } } }, name: { type: "string" } },
};

describe("queryParameters", () => {
  test("nests name[key] pairs and makes integers of integer parameters", () => {
    expect({ ...queryParameters(new URLSearchParams("page[size]=5&name=7"), schema) }).toEqual({
      page: { size: 5 },
      name: "7",
    });
  });

  test("splits the one value of a comma-separated array parameter at its commas, decoded items kept whole", () => {
    const sorting = {
      type: "object",
      properties: { sort: { type: "array", items: { type: "string" } }, name: { type: "string" } },
    };

    expect({ ...queryParameters(new URLSearchParams("sort=-createdAt,name&name=a,b"), sorting, ["sort"]) }).toEqual({
      sort: ["-createdAt", "name"],
      name: "a,b",
    });
    expect({ ...queryParameters(new URLSearchParams("sort=name"), sorting, ["sort"]) }).toEqual({ sort: ["name"] });
    // Without the list, the same value is one item: the comma is not a separator there.
    expect({ ...queryParameters(new URLSearchParams("sort=-createdAt,name"), sorting) }).toEqual({
      sort: ["-createdAt,name"],
    });
  });

  test("splits a comma-separated value once decoded, as JSON:API servers do, since a proxy may encode the commas", () => {
    const sorting = { type: "object", properties: { sort: { type: "array", items: { type: "string" } } } };

    expect({ ...queryParameters(new URLSearchParams("sort=-createdAt%2Cname"), sorting, ["sort"]) }).toEqual({
      sort: ["-createdAt", "name"],
    });
  });

  test("collects the repeated values of an array parameter, in order, whether comma-separated or not", () => {
    const listing = {
      type: "object",
      properties: {
        ids: { type: "array", items: { type: "string" } },
        sort: { type: "array", items: { type: "string" } },
      },
    };

    expect({ ...queryParameters(new URLSearchParams("ids=a&ids=b,c&ids=d"), listing, ["sort"]) }).toEqual({
      ids: ["a", "b,c", "d"],
    });
    expect({ ...queryParameters(new URLSearchParams("sort=a,b&sort=c"), listing, ["sort"]) }).toEqual({
      sort: ["a", "b", "c"],
    });
  });

  test("makes integers of the items of an integer array, leaving what is not a number as it was", () => {
    const numbered = {
      type: "object",
      properties: {
        ids: { type: "array", items: { type: "integer" } },
        codes: { type: "array", items: { type: "integer" } },
      },
    };

    expect({ ...queryParameters(new URLSearchParams("ids=1,2,x&codes=3&codes=&codes=4"), numbered, ["ids"]) }).toEqual({
      ids: [1, 2, "x"],
      codes: [3, "", 4],
    });
  });

  test("keeps __proto__ and constructor as parameter names, in objects without a prototype", () => {
    const query = queryParameters(new URLSearchParams("__proto__[x]=1&constructor[prototype]=2&__proto__=3"), schema);

    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(Object.getPrototypeOf(query["constructor"])).toBeNull();
    expect(Object.keys(query)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(query, "__proto__")?.value).toBe("3");
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });
});

describe("readJson", () => {
  test("parses every object without a prototype, a __proto__ key kept as a key", async () => {
    const body = await readJson(
      new Request("https://x.example", {
        method: "POST",
        body: `{"__proto__":{"x":1},"list":[{"constructor":{"prototype":{"x":1}}}]}`,
      }),
    );

    expect(Object.getPrototypeOf(body)).toBeNull();
    const { list } = body as { list: Record<string, unknown>[] };
    expect(Object.getPrototypeOf(list[0])).toBeNull();
    expect(Object.keys(body as object)).toEqual(["__proto__", "list"]);
    expect((body as Record<string, unknown>)["toString"]).toBeUndefined();
  });

  test("answers undefined for an empty body and an Error for one that is not JSON", async () => {
    expect(await readJson(new Request("https://x.example", { method: "POST", body: "" }))).toBeUndefined();
    expect(await readJson(new Request("https://x.example", { method: "POST", body: "{" }))).toEqual(
      new Error("The request body is not valid JSON."),
    );
  });
});

describe("declaredFields", () => {
  test("keeps only the fields the schema declares", () => {
    const body = JSON.parse(`{"name":"a","__proto__":{"x":1},"constructor":{"prototype":{}},"toString":1}`) as Record<
      string,
      unknown
    >;

    const fields = declaredFields(body, schema);

    expect(fields).toEqual({ name: "a" });
    expect(Object.keys(fields)).toEqual(["name"]);
  });
});
